// tools/bench board — the pipeline board in headless Chromium with 10,000 open deals:
//   load      deal.list pages from the engine into the board's memory (engine time)
//   render    first render of the board from those deals to the next painted frame (target ≤ 200 ms)
//   drop      a card dropped on another stage → the board's DOM updated (target ≤ 16 ms); the
//             next frame and the engine write (drop→saved) are reported apart
//   payload   bytes the first visit downloads, gzip, charts chunk excluded (target ≤ 600 KB)
// Site: $LOUDOU_APP_SITE or build/site. Deals: $DEALS (default 10000).
import { gzipSync } from 'node:zlib';
import { launch, newPage, startServer, siteDir } from '../../tests/browser/pages/browser.mjs';

const N = Number(process.env.DEALS || 10000);
const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startServer(siteDir());
const browser = await launch();
try {
  const { page } = await newPage(browser, { locale: 'zh-CN', width: 1440, height: 900 });
  const bodies = [];
  page.on('response', async (r) => {
    try { if (r.ok()) bodies.push({ url: r.url(), bytes: await r.body() }); } catch { /* redirects, aborted */ }
  });
  await page.goto(`${server.url}?db=bench${Date.now()}&lang=zh-CN`);
  await page.waitForFunction(() => window.loudou);
  await page.locator('loudou-first-run button[data-template=b2b]').click();
  await page.locator('section.col').first().waitFor();
  await page.waitForTimeout(500);
  const payload = bodies.filter((b) => !/echarts/.test(b.url));
  const gz = payload.reduce((s, b) => s + gzipSync(b.bytes).length, 0);
  const raw = payload.reduce((s, b) => s + b.bytes.length, 0);

  const seeded = await page.evaluate(async (n) => {
    const db = window.loudou;
    const p = (await db.call('pipeline.list')).items[0];
    const users = [];
    for (let i = 0; i < 8; i++) users.push((await db.call('user.create', { name: `销售${i + 1}` })).id);
    const t0 = performance.now();
    for (let start = 0; start < n; start += 2000) {
      const requests = [];
      for (let i = start; i < Math.min(n, start + 2000); i++) {
        requests.push({ op: 'deal.create', args: { pipeline_id: p.id, stage_id: p.stages[i % p.stages.length].id, title: `商机 ${i}`, account: `客户 ${i % 997}`, amount: ((i * 7919) % 1000000) * 100, owner_id: users[i % 8], source: ['官网', '展会'][i % 2], at: new Date(Date.now() - (i % 300) * 86400000).toISOString() } });
      }
      await db.call('batch', { requests });
    }
    return { pipeline: p.id, seedMs: performance.now() - t0 };
  }, N);

  const runs = await page.evaluate(async ({ runs }) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const board = document.querySelector('loudou-app').shadowRoot.querySelector('loudou-board');
    const out = { load: [], render: [], drop: [], painted: [], saved: [] };
    for (let r = 0; r < runs; r++) {
      let t0 = performance.now();
      await board.reload();
      out.load.push(performance.now() - t0);
      const deals = board.deals;
      board.deals = [];
      await board.updateComplete;
      await frame();
      t0 = performance.now();
      board.deals = deals;
      await board.updateComplete;
      await frame();
      out.render.push(performance.now() - t0);
      const stages = board.pipeline.stages;
      const d = deals[r * 7];
      const target = stages[(stages.findIndex((s) => s.id === d.stage_id) + 1) % stages.length].id;
      t0 = performance.now();
      const done = board.drop(d.id, target);
      await board.updateComplete;
      out.drop.push(performance.now() - t0);
      await new Promise((res) => requestAnimationFrame(res));
      out.painted.push(performance.now() - t0);
      await done;
      out.saved.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 1700));
    }
    return { ...out, count: board.deals.length, cards: board.renderRoot.querySelectorAll('.card').length };
  }, { runs: RUNS });

  const row = (name, xs, target) => console.log(`${name.padEnd(26)} median ${median(xs).toFixed(1).padStart(8)} ms   runs ${xs.map((x) => x.toFixed(1)).join(', ')}${target ? `   target ≤ ${target} ms ${median(xs) <= target ? 'OK' : 'MISSED'}` : ''}`);
  console.log(`board bench: ${runs.count} open deals, ${runs.cards} cards in the DOM (virtualized), seeded in ${(seeded.seedMs / 1000).toFixed(1)} s`);
  row('load (engine deal.list)', runs.load);
  row('first render → painted', runs.render, 200);
  row('drop → board updated', runs.drop, 16);
  // With the in-page test engine (memory-client) the write runs on the main thread before the
  // next frame, so "painted" includes it; with the worker engine it does not.
  row('drop → next frame', runs.painted);
  row('drop → engine saved', runs.saved);
  console.log(`first-load payload: ${(gz / 1024).toFixed(0)} KB gzip (${(raw / 1024).toFixed(0)} KB raw) over ${payload.length} files, charts excluded   target ≤ 600 KB ${gz / 1024 <= 600 ? 'OK' : 'MISSED'}`);
  for (const b of payload.sort((x, y) => y.bytes.length - x.bytes.length).slice(0, 6)) console.log(`  ${(gzipSync(b.bytes).length / 1024).toFixed(0).padStart(5)} KB gz  ${b.url.replace(server.url, '')}`);
} finally {
  await browser.close();
  server.stop();
}
