// The engine in Chromium under the strict CSP: data survives a reload; the exported SQLite file
// opens in loudou-cli; import checks files; two tabs writing in turn lose nothing; a storage
// failure (a simulated QuotaExceededError) surfaces as a `storage` error and leaves the last
// durable state intact.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveSite, launch, guardedPage, openApp, root } from './lib/chromium.mjs';
import { SAVING_DELAY } from '../../web/src/engine/page_store.js';

let server, browser;
before(async () => { server = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const PIPELINE = { name: 'B2B', stages: [{ name: 'Lead', probability: 10 }, { name: 'Won', probability: 90 }] };

async function appPage(context, db) {
  const page = await guardedPage(context);
  await openApp(page, server.url, db);
  return page;
}

async function clean(page) {
  const p = await page.problems();
  assert.deepEqual(p.csp, [], 'CSP violations');
  assert.deepEqual(p.errors, [], 'page errors');
}

const titles = (page) => page.evaluate(async () => (await loudou.call('deal.list', { limit: 1000 })).items.map((d) => d.title).sort());

test('deals written in the browser are there after a reload; meta.info comes from the wasm core', async () => {
  const context = await browser.newContext();
  const page = await appPage(context, 'reload');
  const info = await page.evaluate(() => loudou.call('meta.info'));
  assert.match(info.sqlite_version, /^3\./);
  await page.evaluate(async (pipeline) => {
    const p = await loudou.call('pipeline.create', pipeline);
    for (let i = 0; i < 20; i++) await loudou.call('deal.create', { pipeline_id: p.id, title: `Deal ${i}`, amount: i * 100 });
    await loudou.durable();
  }, PIPELINE);
  await page.reload();
  await page.waitForFunction(() => window.loudou);
  assert.equal((await titles(page)).length, 20);
  assert.deepEqual(await page.evaluate(() => loudou.check()), { integrity: 'ok', schema_version: info.schema_version });
  const err = await page.evaluate(() => loudou.call('deal.create', { title: 'x' }).catch((e) => ({ code: e.code, field: e.field, message: e.message })));
  assert.equal(err.code, 'validation_failed');
  assert.ok(err.message.length > 0);
  await clean(page);
  await context.close();
});

async function exportedDeal(context) {
  const page = await appPage(context, 'export');
  const bytes = await page.evaluate(async (pipeline) => {
    const p = await loudou.call('pipeline.create', pipeline);
    await loudou.call('deal.create', { pipeline_id: p.id, title: '导出 Export' });
    return Array.from(await loudou.exportSqlite());
  }, PIPELINE);
  await clean(page);
  return bytes;
}

test('the exported SQLite file opens in loudou-cli', async () => {
  const context = await browser.newContext();
  const bytes = await exportedDeal(context);
  const dir = mkdtempSync(join(tmpdir(), 'loudou-export-'));
  const file = join(dir, 'export.sqlite');
  writeFileSync(file, Uint8Array.from(bytes));
  const cli = resolve(root, process.env.LOUDOU_CLI || 'build/bin/loudou-cli');
  assert.ok(existsSync(cli), `loudou-cli not found at ${cli}`);
  const out = JSON.parse(execFileSync(cli, ['--db', file, 'call', '{"op":"deal.list","args":{}}'], { encoding: 'utf8' }));
  assert.deepEqual(out.result.items.map((d) => d.title), ['导出 Export']);
  rmSync(dir, { recursive: true, force: true });
  await context.close();
});

test('import refuses a file that is not a Loudou database and replaces the database with one that is', async () => {
  const context = await browser.newContext();
  const bytes = await exportedDeal(context);
  const other = await appPage(context, 'import');
  const refused = await other.evaluate(() => loudou.importSqlite(new TextEncoder().encode('no database here')).catch((e) => ({ code: e.code, field: e.field })));
  assert.deepEqual(refused, { code: 'validation_failed', field: 'file' });
  await other.evaluate((b) => loudou.importSqlite(Uint8Array.from(b)).then(() => loudou.durable()), bytes);
  await other.reload();
  await other.waitForFunction(() => window.loudou);
  assert.deepEqual(await titles(other), ['导出 Export']);
  await clean(other);
  await context.close();
});

test('two tabs writing in turn: every write is kept, each tab sees the other within a second', async () => {
  const context = await browser.newContext();
  const a = await appPage(context, 'tabs');
  const b = await appPage(context, 'tabs');
  for (const p of [a, b]) await p.evaluate(() => { window.__changes = 0; loudou.on('change', () => window.__changes++); });
  const pipelineId = (await a.evaluate((pipeline) => loudou.call('pipeline.create', pipeline), PIPELINE)).id;
  for (let i = 0; i < 20; i++) {
    const [writer, reader] = i % 2 ? [b, a] : [a, b];
    const seen = await reader.evaluate(() => window.__changes);
    await writer.evaluate(([id, n]) => loudou.call('deal.create', { pipeline_id: id, title: `T${n}` }), [pipelineId, i]);
    await reader.waitForFunction((n) => window.__changes > n, seen, { timeout: 1000 });
  }
  const expected = Array.from({ length: 20 }, (_, i) => `T${i}`).sort();
  assert.deepEqual(await titles(a), expected);
  assert.deepEqual(await titles(b), expected);
  await clean(b);
  await context.close();
});

// Waits until `page`'s worker leads. Not page.waitForFunction(async () => ...): it takes the
// returned Promise itself as a truthy value and returns at once, so these tests used to go on
// while the closing tab still led (issue #3: the intermittent failures were that, not the engine).
async function leads(page, timeout = 5000) {
  const end = Date.now() + timeout;
  while ((await page.evaluate(() => loudou.role())) !== 'leader') {
    assert.ok(Date.now() < end, `the tab did not take over within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Issue #3: Chromium may release a closing tab's Web Lock while its worker still runs, so the old
// leader can answer for a while. A new leader claims the database in IndexedDB (fencing the old
// one), tabs follow the newest epoch, and durable() checks writes acknowledged by an earlier
// leader against what was stored.
test('after the writer tab closes, the other takes over from IndexedDB and keeps every write', async () => {
  const context = await browser.newContext();
  const a = await appPage(context, 'handover');
  const b = await appPage(context, 'handover');
  const pipelineId = (await a.evaluate((pipeline) => loudou.call('pipeline.create', pipeline), PIPELINE)).id;
  await a.evaluate((id) => loudou.call('deal.create', { pipeline_id: id, title: 'before' }), pipelineId);
  await b.evaluate(() => loudou.durable());
  await a.close();
  await leads(b);
  await b.evaluate((id) => loudou.call('deal.create', { pipeline_id: id, title: 'after hand-over' }), pipelineId);
  await b.evaluate(() => loudou.durable());
  await b.reload();
  await b.waitForFunction(() => window.loudou);
  assert.deepEqual(await titles(b), ['after hand-over', 'before']);
  await clean(b);
  await context.close();
});

// The writer tab answers another tab's write only once it is in IndexedDB (worker.js, handle):
// a write it cannot store is refused with a storage error, never acknowledged and then gone when
// the writer tab closes (a tab writing back to back lost its last 1-2 acknowledged writes that
// way in 5 of 6 traced runs before).
test("another tab's write is acknowledged only once stored: one the writer tab cannot store is refused, not lost later", async () => {
  const context = await browser.newContext();
  const a = await appPage(context, 'lost');
  const b = await appPage(context, 'lost');
  const pipelineId = (await a.evaluate((pipeline) => loudou.call('pipeline.create', pipeline), PIPELINE)).id;
  await b.evaluate(() => loudou.durable());
  await a.evaluate(() => loudou._simulateStorageFailure('QuotaExceededError'));
  const refused = await b.evaluate((id) => loudou.call('deal.create', { pipeline_id: id, title: 'never stored' })
    .then(() => null, (e) => ({ code: e.code, message: e.message })), pipelineId);
  assert.equal(refused?.code, 'storage', 'the write is refused, not acknowledged');
  await a.close();
  await leads(b);
  assert.equal(await b.evaluate(() => loudou.durable().then(() => 'ok', (e) => e.code)), 'ok', 'b holds no acknowledged write that is gone');
  assert.deepEqual(await titles(b), []);
  await b.evaluate((id) => loudou.call('deal.create', { pipeline_id: id, title: 'stored' }), pipelineId);
  await b.evaluate(() => loudou.durable());
  assert.deepEqual(await titles(b), ['stored']);
  await context.close();
});

test('a tab writing back to back while the writer tab closes keeps every write it was answered', async () => {
  const context = await browser.newContext();
  const a = await appPage(context, 'stream');
  const b = await appPage(context, 'stream');
  const pipelineId = (await a.evaluate((pipeline) => loudou.call('pipeline.create', pipeline), PIPELINE)).id;
  await b.evaluate((id) => {
    window.__answered = [];
    window.__stop = false;
    (async () => {
      for (let k = 0; !window.__stop; k++) {
        // A write cut off by the hand-over fails with a storage error ("please try again"): allowed.
        try { await loudou.call('deal.create', { pipeline_id: id, title: `S${k}` }); window.__answered.push(`S${k}`); } catch { /* not answered */ }
      }
    })();
  }, pipelineId);
  await new Promise((r) => setTimeout(r, 150 + Math.random() * 200));
  await a.close();
  await leads(b);
  await new Promise((r) => setTimeout(r, 200));
  const answered = await b.evaluate(async () => {
    window.__stop = true;
    await new Promise((r) => setTimeout(r, 50));
    await loudou.durable();
    return window.__answered;
  });
  assert.ok(answered.length > 5, `only ${answered.length} writes answered`);
  await b.reload();
  await b.waitForFunction(() => window.loudou);
  const stored = new Set(await titles(b));
  assert.deepEqual(answered.filter((t) => !stored.has(t)), [], 'answered writes missing after the hand-over');
  await context.close();
});

test("the saving state is announced while writes take a while (not per commit), and 'saved' follows", async () => {
  const context = await browser.newContext();
  const page = await appPage(context, 'status');
  const seen = await page.evaluate(async (pipeline) => {
    const p = await loudou.call('pipeline.create', pipeline);
    await loudou.durable();
    const statuses = [];
    loudou.on('status', (s) => statuses.push(s.state));
    // Single commits, each stored within a few ms: no 'saving' flicker per commit.
    let slowest = 0;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      await loudou.call('deal.create', { pipeline_id: p.id, title: `Single ${i}` });
      await loudou.durable();
      slowest = Math.max(slowest, performance.now() - t);
    }
    const singles = statuses.splice(0);
    // A burst of commits queued back to back keeps the writer busy far longer than SAVING_DELAY.
    const t0 = performance.now();
    const calls = [];
    for (let i = 0; i < 3000; i++) calls.push(loudou.call('deal.create', { pipeline_id: p.id, title: `Deal ${i}` }));
    await Promise.all(calls);
    await loudou.durable();
    return { singles, slowest, statuses, ms: performance.now() - t0, final: loudou.status.state };
  }, PIPELINE);
  // (A machine so loaded that one commit takes SAVING_DELAY would rightly show 'saving'.)
  if (seen.slowest < SAVING_DELAY) assert.deepEqual(seen.singles, [], 'quick single commits announce nothing');
  assert.ok(seen.ms > SAVING_DELAY, `the burst took ${seen.ms} ms`);
  // One saving state for the burst (or a few, if the writer ever catches up mid-burst), then saved.
  assert.equal(seen.statuses[0], 'saving', JSON.stringify(seen.statuses));
  assert.equal(seen.statuses.at(-1), 'saved', JSON.stringify(seen.statuses));
  assert.ok(seen.statuses.length <= 6 && !seen.statuses.includes('error'), JSON.stringify(seen.statuses));
  assert.equal(seen.final, 'saved', 'saved is known when durable() resolves');
  await clean(page);
  await context.close();
});

test('a quota error is a storage error and leaves the last durable state intact; saving resumes once healed', async () => {
  const context = await browser.newContext();
  const page = await appPage(context, 'quota');
  const seen = await page.evaluate(async (pipeline) => {
    const statuses = [];
    loudou.on('status', (s) => statuses.push(s));
    const p = await loudou.call('pipeline.create', pipeline);
    await loudou.call('deal.create', { pipeline_id: p.id, title: 'kept' });
    await loudou.durable();
    await loudou._simulateStorageFailure('QuotaExceededError');
    await loudou.call('deal.create', { pipeline_id: p.id, title: 'not stored' });
    const err = await loudou.durable().then(() => null, (e) => ({ code: e.code, message: e.message }));
    return { err, status: statuses.at(-1), pipelineId: p.id };
  }, PIPELINE);
  assert.equal(seen.err?.code, 'storage');
  assert.match(seen.err.message, /quota/i);
  assert.equal(seen.status.state, 'error');
  assert.equal(seen.status.error.code, 'storage');

  await page.reload();
  await page.waitForFunction(() => window.loudou);
  assert.deepEqual(await titles(page), ['kept']);
  assert.equal((await page.evaluate(() => loudou.check())).integrity, 'ok');

  // Heal: the queued pages are written on the next flush, and durable() resolves.
  const state = await page.evaluate(async (id) => {
    await loudou._simulateStorageFailure('QuotaExceededError');
    await loudou.call('deal.create', { pipeline_id: id, title: 'retried' });
    await loudou.durable().catch(() => {});
    await loudou._simulateStorageFailure(null);
    await loudou.flush();
    await loudou.durable();
    return loudou.status.state;
  }, seen.pipelineId);
  assert.equal(state, 'saved');
  await page.reload();
  await page.waitForFunction(() => window.loudou);
  assert.deepEqual(await titles(page), ['kept', 'retried']);
  await clean(page);
  await context.close();
});
