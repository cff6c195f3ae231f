// Builds the app with the in-page memory engine (memory-client.js) into build/app-harness, for
// browser tests of the screens that do not need IndexedDB. Usage (from web/):
//   npx vite build --config ../tests/browser/pages/vite.harness.config.mjs
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '../../../web');
const out = resolve(process.env.LOUDOU_SITE_DIR || resolve(web, '../build/app-harness'));
const wasm = resolve(process.env.LOUDOU_WASM_DIR || resolve(web, '../build/app-harness-wasm'));

export default {
  root: web,
  base: './',
  logLevel: 'warn',
  build: { outDir: out, emptyOutDir: true, target: 'es2022' },
  plugins: [{
    name: 'harness-engine',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id === 'virtual:pwa-register') return resolve(here, 'noop-pwa.js');
      if (importer && /\/engine\/client\.js$/.test(resolve(dirname(importer), id))) return resolve(here, 'memory-client.js');
      return null;
    },
    writeBundle() {
      mkdirSync(resolve(out, 'engine'), { recursive: true });
      for (const f of ['loudou.mjs', 'loudou.wasm']) copyFileSync(resolve(wasm, f), resolve(out, 'engine', f));
    },
  }],
};
