// Builds the static site. The wasm core is not bundled: its Emscripten glue (loudou.mjs) and
// loudou.wasm are copied as-is into <site>/engine/ and loaded by the worker at run time.
// LOUDOU_SITE_DIR and LOUDOU_WASM_DIR let each developer build into their own folders.
import { defineConfig } from 'vite';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const siteDir = resolve(process.env.LOUDOU_SITE_DIR || resolve(__dirname, '../build/site'));
const wasmDir = resolve(process.env.LOUDOU_WASM_DIR || resolve(__dirname, '../build/wasm/out'));

function copyWasm() {
  return {
    name: 'loudou-copy-wasm',
    writeBundle() {
      const out = resolve(siteDir, 'engine');
      mkdirSync(out, { recursive: true });
      for (const f of ['loudou.mjs', 'loudou.wasm']) {
        const src = resolve(wasmDir, f);
        if (!existsSync(src)) throw new Error(`missing ${src}: build the wasm module first`);
        copyFileSync(src, resolve(out, f));
      }
    },
  };
}

export default defineConfig({
  root: __dirname,
  base: './',
  build: {
    outDir: siteDir,
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: { main: resolve(__dirname, 'index.html') } },
  },
  worker: { format: 'es' },
  plugins: [copyWasm()],
});
