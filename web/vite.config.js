// Builds the static site. The wasm core is not bundled: its Emscripten glue (loudou.mjs) and
// loudou.wasm are copied as-is into <site>/engine/ and loaded by the worker at run time.
// LOUDOU_SITE_DIR and LOUDOU_WASM_DIR let each developer build into their own folders.
import { defineConfig } from 'vite';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { VitePWA } from 'vite-plugin-pwa';

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

// The installable, offline app (vite-plugin-pwa, generateSW). The wasm core is copied by
// copyWasm() after the bundle is written, so it is named in additionalManifestEntries (with a
// revision from its bytes) rather than found by globbing; maximumFileSizeToCacheInBytes is raised
// because the core is larger than Workbox's 2 MB default.
function offline() {
  const wasmRevision = () => {
    const f = resolve(wasmDir, 'loudou.wasm');
    if (!existsSync(f)) return 'missing';
    return createHash('sha256').update(readFileSync(f)).update(readFileSync(resolve(wasmDir, 'loudou.mjs'))).digest('hex').slice(0, 16);
  };
  return VitePWA({
    strategies: 'generateSW',
    registerType: 'autoUpdate',
    injectRegister: false,
    includeAssets: ['icon.svg', 'icon-192.png', 'icon-512.png'],
    manifest: {
      name: '漏斗 Loudou', short_name: '漏斗', description: 'Offline sales funnel · 离线销售漏斗',
      lang: 'zh-CN', start_url: './', scope: './', display: 'standalone',
      background_color: '#f5f7fa', theme_color: '#102a43',
      icons: [
        { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
      additionalManifestEntries: [
        { url: 'engine/loudou.wasm', revision: wasmRevision() },
        { url: 'engine/loudou.mjs', revision: wasmRevision() },
      ],
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      navigateFallback: 'index.html',
      // The embed's demo host pages (demo/) are other pages on this origin, not app routes.
      navigateFallbackDenylist: [/\/demo\//, /\/embed\//],
      cleanupOutdatedCaches: true,
    },
  });
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
  plugins: [copyWasm(), offline()],
});
