// Builds the static site. The wasm core is not bundled: its Emscripten glue and .wasm files — the
// full module loudou.* and the smaller loudou-lite.* the app starts on (wasm/CMakeLists.txt) — are
// copied as-is into <site>/engine/ and loaded by the worker at run time.
// LOUDOU_SITE_DIR and LOUDOU_WASM_DIR let each developer build into their own folders.
import { defineConfig } from 'vite';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { VitePWA } from 'vite-plugin-pwa';

const siteDir = resolve(process.env.LOUDOU_SITE_DIR || resolve(__dirname, '../build/site'));
const wasmDir = resolve(process.env.LOUDOU_WASM_DIR || resolve(__dirname, '../build/wasm/out'));

const ENGINE_FILES = ['loudou.mjs', 'loudou.wasm', 'loudou-lite.mjs', 'loudou-lite.wasm'];

function copyWasm() {
  return {
    name: 'loudou-copy-wasm',
    writeBundle() {
      const out = resolve(siteDir, 'engine');
      mkdirSync(out, { recursive: true });
      for (const f of ENGINE_FILES) {
        const src = resolve(wasmDir, f);
        if (!existsSync(src)) throw new Error(`missing ${src}: build the wasm module first`);
        copyFileSync(src, resolve(out, f));
      }
    },
  };
}

// The installable, offline app (vite-plugin-pwa, generateSW). The wasm modules are copied by
// copyWasm() after the bundle is written, so they are named in additionalManifestEntries (with a
// revision from their bytes) rather than found by globbing — both, so that after one visit every op
// works offline, including those only the full module has; maximumFileSizeToCacheInBytes is raised
// because the core is larger than Workbox's 2 MB default.
function offline() {
  const revision = (f) => {
    const path = resolve(wasmDir, f);
    if (!existsSync(path)) return 'missing';
    return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
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
      additionalManifestEntries: ENGINE_FILES.map((f) => ({ url: `engine/${f}`, revision: revision(f) })),
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
