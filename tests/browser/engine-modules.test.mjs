// The app starts on the small wasm module (loudou-lite) and swaps in the full one the first time a
// request needs an op the small one lacks (web/src/engine/worker.js): the first visit downloads
// only the small module; the swap carries every write over, including writes not yet saved to
// IndexedDB; writes after the swap are saved as before; requests keep their order across it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveSite, launch, guardedPage, openApp } from './lib/chromium.mjs';

let server, browser;
before(async () => { server = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const PIPELINE = { name: 'B2B', stages: [{ name: 'Lead', probability: 10 }, { name: 'Proposal', probability: 50 }] };

// The wasm files the page (and its worker) fetched, by file name.
function watchWasm(page) {
  const seen = [];
  page.on('response', (r) => { const m = /\/engine\/([^/?]+\.wasm)/.exec(r.url()); if (m) seen.push(m[1]); });
  return seen;
}

test('the app opens on the lite module and fetches the full one only when an op needs it', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await guardedPage(context);
  const wasm = watchWasm(page);
  await openApp(page, server.url, 'modules');
  const made = await page.evaluate(async (pipeline) => {
    const p = await loudou.call('pipeline.create', pipeline);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await loudou.call('deal.create', { pipeline_id: p.id, title: `D${i}`, amount: 1000 })).id);
    await loudou.call('activity.create', { deal_id: ids[0], type: 'call', subject: 'first call' });
    return { pipeline: p.id, stages: p.stages.map((s) => s.id), ids };
  }, PIPELINE);
  assert.deepEqual(wasm, ['loudou-lite.wasm'], 'the first visit fetches only the lite module');

  // A write, then at once (not awaited) a report that needs the full module, then another write:
  // the report sees the first write and not the second, and nothing is lost in the swap.
  const seen = await page.evaluate(async ({ pipeline, stages, ids }) => {
    const move = loudou.call('deal.move', { id: ids[1], stage_id: stages[1] });
    const snapshot = loudou.call('report.snapshot', { pipeline_id: pipeline });
    const later = loudou.call('deal.move', { id: ids[2], stage_id: stages[1] });
    await Promise.all([move, later]);
    return (await snapshot).stages.map((s) => s.count);
  }, made).catch((e) => { throw new Error(`swap failed: ${e.message}`); });
  assert.deepEqual(wasm, ['loudou-lite.wasm', 'loudou.wasm'], 'the full module is fetched once, when needed');
  assert.deepEqual(seen, [4, 1], 'the report ran after the write sent before it, and before the one sent after');

  await page.evaluate(async ({ ids, stages }) => {
    await loudou.call('deal.move', { id: ids[3], stage_id: stages[1] });
    await loudou.durable();
  }, made);
  await page.reload();
  await page.waitForFunction(() => window.loudou);
  const after = await page.evaluate(async () => {
    const deals = (await loudou.call('deal.list', { limit: 100 })).items;
    const acts = (await loudou.call('activity.list', {})).items;
    return { moved: deals.filter((d) => d.stage_id !== deals.find((x) => x.title === 'D0').stage_id).map((d) => d.title).sort(), acts: acts.length, check: await loudou.check() };
  });
  assert.deepEqual(after.moved, ['D1', 'D2', 'D3']);
  assert.equal(after.acts, 1);
  assert.equal(after.check.integrity, 'ok');
  const p = await page.problems();
  assert.deepEqual(p.csp, [], 'CSP violations');
  assert.deepEqual(p.errors, [], 'page errors');
  await context.close();
});
