// Builds the embed bundle into <site>/embed/: loudou-embed.js (the one module a host page loads,
// name without a hash so the snippet never changes), its lazily loaded chunks (the funnel with
// ECharts, the whole app shell), the engine's worker, and the wasm core copied to embed/engine/.
// Also copies the demo host page (web/demo/) to <site>/demo/ as-is: it loads the embed exactly as
// the README snippet says, so the e2e tests prove the snippet.
// Run after the app build (tools/loudou build_site); it never empties the site directory.
import { defineConfig } from 'vite';
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const siteDir = resolve(process.env.LOUDOU_SITE_DIR || resolve(__dirname, '../build/site'));
const wasmDir = resolve(process.env.LOUDOU_WASM_DIR || resolve(__dirname, '../build/wasm/out'));
const outDir = resolve(siteDir, 'embed');

function copyEngineAndDemo() {
  return {
    name: 'loudou-embed-files',
    writeBundle() {
      const engine = resolve(outDir, 'engine');
      mkdirSync(engine, { recursive: true });
      // The full module and loudou-board.*, the smaller one the embed starts on (wasm/CMakeLists.txt).
      for (const f of ['loudou.mjs', 'loudou.wasm', 'loudou-board.mjs', 'loudou-board.wasm']) {
        const src = resolve(wasmDir, f);
        if (!existsSync(src)) throw new Error(`missing ${src}: build the wasm module first`);
        copyFileSync(src, resolve(engine, f));
      }
      cpSync(resolve(__dirname, 'demo'), resolve(siteDir, 'demo'), { recursive: true });
    },
  };
}

export default defineConfig({
  root: __dirname,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir,
    emptyOutDir: true, // embed/ only: the app's files beside it stay
    target: 'es2022',
    modulePreload: false, // the preload helper would inject <link> elements into the host page
    rollupOptions: {
      input: { 'loudou-embed': resolve(__dirname, 'src/embed/loudou-embed.js') },
      preserveEntrySignatures: 'allow-extension', // keep the code in loudou-embed.js itself, so import.meta.url is embed/
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  worker: {
    format: 'es',
    rollupOptions: { output: { entryFileNames: 'worker/[name]-[hash].js', chunkFileNames: 'worker/[name]-[hash].js' } },
  },
  plugins: [copyEngineAndDemo()],
});
