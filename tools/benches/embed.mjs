// Embed payload: what a browser really downloads for a host page, gzip-compressed (zlib level 9
// per file, what a static server with gzip sends), in headless Chromium under the host CSP.
//   board only  — web/demo/board.html: one script tag + <loudou-board>; budget 450 KB incl. wasm,
//                 and no ECharts chunk may be fetched;
//   demo host   — web/demo/host.html: board, deal form, funnel (ECharts), lead form.
// Usage: tools/bench embed [SITE_DIR]   (default build/site). Exits 1 when a budget is broken.
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { serveSite } from '../../tests/browser/embed-host.mjs';
import { launch } from '../../tests/browser/pages/browser.mjs';

const BUDGET = 450 * 1024;
const site = await serveSite(resolve(process.argv[2] || 'build/site'));
const browser = await launch();

async function weigh(path, ready) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  page.on('response', async (res) => {
    const body = await res.body().catch(() => null);
    if (body && res.status() === 200) files.push({ url: new URL(res.url()).pathname, raw: body.length, gz: gzipSync(body, { level: 9 }).length });
  });
  await page.addInitScript(() => document.addEventListener('loudou-ready', () => { window.__ready = true; }));
  await page.goto(site.base + path);
  await page.waitForFunction(() => window.__ready, null, { timeout: 60000 }); // the engine is open
  await page.waitForFunction(ready, null, { timeout: 60000 });
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500); // response bodies are read asynchronously
  await context.close();
  if (!files.some((f) => f.url.endsWith('.wasm'))) throw new Error(`${path}: the wasm core was not seen; cannot weigh`);
  const ours = files.filter((f) => /\/embed\//.test(f.url));
  return { files: ours, raw: ours.reduce((a, f) => a + f.raw, 0), gz: ours.reduce((a, f) => a + f.gz, 0) };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const boardReady = () => document.querySelector('loudou-board')?.shadowRoot?.querySelector('.toolbar, .loading, p');
const hostReady = () => document.querySelector('loudou-funnel')?.shadowRoot?.querySelector('loudou-chart')?.shadowRoot?.querySelector('canvas');
const board = await weigh('demo/board.html', boardReady);
const host = await weigh('demo/host.html', hostReady);
await browser.close();
await site.stop();

let failed = false;
for (const [name, r] of [['board only', board], ['demo host (with funnel)', host]]) {
  console.log(`\n${name}: ${kb(r.gz)} gzip (${kb(r.raw)} raw)`);
  for (const f of r.files.sort((a, b) => b.gz - a.gz)) console.log(`  ${kb(f.gz).padStart(10)}  ${kb(f.raw).padStart(10)}  ${f.url}`);
}
const echarts = (r) => r.files.some((f) => /echarts/.test(f.url));
console.log(`\nboard only  ≤ ${kb(BUDGET)}: ${board.gz <= BUDGET ? 'ok' : 'OVER BUDGET'} (${kb(board.gz)})`);
console.log(`ECharts fetched: board only ${echarts(board) ? 'YES (wrong)' : 'no'}, demo host ${echarts(host) ? 'yes' : 'NO (wrong)'}`);
const wasm = board.files.find((f) => f.url.endsWith('.wasm'));
if (wasm) console.log(`of which wasm core: ${kb(wasm.gz)}; everything else: ${kb(board.gz - wasm.gz)}`);
if (board.gz > BUDGET || echarts(board) || !echarts(host)) failed = true;
process.exit(failed ? 1 : 0);
