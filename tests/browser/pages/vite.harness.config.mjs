// Builds the app exactly as web/vite.config.js does (PWA included), except that the page's
// engine import resolves to the in-page memory engine (memory-client.js): browser tests of the
// screens can run before, or without, the IndexedDB worker. Output: build/app-harness. Usage
// (from web/): npx vite build --config ../tests/browser/pages/vite.harness.config.mjs
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '../../../web');
process.env.LOUDOU_SITE_DIR ||= resolve(web, '../build/app-harness');
process.env.LOUDOU_WASM_DIR ||= resolve(web, '../build/app-harness-wasm');
// The app's config uses __dirname, so it is loaded the way Vite loads it (bundled), not imported.
const { pathToFileURL } = await import('node:url');
const vite = await import(pathToFileURL(resolve(web, 'node_modules/vite/dist/node/index.js')).href);
const { config } = await vite.loadConfigFromFile({ command: 'build', mode: 'production' }, resolve(web, 'vite.config.js'));

export default {
  ...config,
  logLevel: 'warn',
  plugins: [{
    name: 'harness-engine',
    enforce: 'pre',
    resolveId(id, importer) {
      if (importer && /\/engine\/client\.js$/.test(resolve(dirname(importer), id))) return resolve(here, 'memory-client.js');
      return null;
    },
  }, ...config.plugins.flat()],
};
