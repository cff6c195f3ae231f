// Crash safety: a burst of 1,000 small commits, the whole browser SIGKILLed at a random point,
// relaunched on the same profile. The stored database must pass PRAGMA integrity_check, hold
// every commit whose durable() had resolved, hold exactly a prefix of each burst (a commit is
// never torn or reordered), and still hold every earlier burst. Repeated 10 times on one database:
// each relaunch checks the last burst, then starts the next one in the same page.
//
// The page drives the engine worker itself (the site's worker, the protocol of protocol.js) from
// a same-origin document that is not the app. In the app page every commit's 'change' event
// makes the app read its pipelines, settings, board and alerts again: 60-70 ms of worker time per
// commit once the board holds 800 deals (traced), and the burst's next commit waits behind those
// reads, so a burst crawled at ~10 commits/s and a kill point past ~500 was never reached within
// the 60 s wait (the "stall" with the page showing "saving"). What the engine stores is the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSite, launchKillable, guardedPage, siteDir } from './lib/chromium.mjs';

const REPETITIONS = 10;
const BURST = 1000;
let server, profile;
before(async () => { server = await serveSite(); profile = mkdtempSync(join(tmpdir(), 'loudou-crash-')); });
after(() => { server?.stop(); rmSync(profile, { recursive: true, force: true }); });

const WORKER = readdirSync(join(siteDir(), 'assets')).find((f) => /^worker-.*\.js$/.test(f));

// A page with window.loudou = {call, durable, check, role, status} over a worker of its own.
async function openPage(chrome, durable) {
  const page = await guardedPage(chrome.context);
  await page.exposeFunction('reportDurable', (i) => { durable.max = Math.max(durable.max, i); });
  await page.goto(`${server.url}icon.svg`);
  await page.evaluate(async ({ workerUrl, engineUrl }) => {
    const worker = new Worker(workerUrl, { type: 'module', name: 'loudou:crash' });
    const pending = new Map();
    const status = { state: 'saved' };
    let id = 0;
    worker.onmessage = ({ data: m }) => {
      if (m.event === 'status') status.state = m.state;
      const p = m.event ? null : pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      m.ok ? p.resolve(m.result) : p.reject(Object.assign(new Error(m.error.message), m.error));
    };
    const request = (msg) => new Promise((resolve, reject) => { pending.set(++id, { resolve, reject }); worker.postMessage({ ...msg, id }); });
    await request({ type: 'open', name: 'crash', engineUrl });
    window.loudou = {
      call: (op, args = {}) => request({ type: 'call', op, args }),
      durable: () => request({ type: 'durable' }),
      check: () => request({ type: 'check' }),
      role: () => request({ type: 'role' }),
      status,
    };
  }, { workerUrl: `${server.url}assets/${WORKER}`, engineUrl: `${server.url}engine/loudou.mjs` });
  return page;
}

// Per burst: {pipeline name: the sorted burst indexes stored}.
const stored = (page) => page.evaluate(async () => {
  const out = {};
  for (const p of (await loudou.call('pipeline.list')).items) {
    const deals = (await loudou.call('deal.list', { pipeline_id: p.id, limit: 1000 })).items;
    out[p.name] = deals.map((d) => Number(d.title.split('-')[1])).sort((x, y) => x - y);
  }
  return out;
});

// Starts burst r without waiting for it; resolves once its pipeline is durable.
const startBurst = (page, r) => page.evaluate(async ([name, n]) => {
  const p = await loudou.call('pipeline.create', { name, stages: [{ name: 'A', probability: 10 }] });
  await loudou.durable();
  window.__done = 0;
  (async () => {
    for (let i = 0; i < n; i++) {
      await loudou.call('deal.create', { pipeline_id: p.id, title: `${name}-${i}` }).catch((e) => {
        window.__error = { code: e.code, message: e.message };
        throw e;
      });
      window.__done = i + 1;
      loudou.durable().then(() => window.reportDurable(i), () => {});
    }
  })();
}, [`burst${r}`, BURST]);

test(`SIGKILL during ${BURST} commits loses no durable commit and never tears one (${REPETITIONS} times)`, async () => {
  let durable = { max: -1 };
  let chrome = await launchKillable(profile);
  let page = await openPage(chrome, durable);
  const kept = {};  // burst name -> count verified after its crash
  const summary = [];
  try {
    for (let r = 0; r < REPETITIONS; r++) {
      await startBurst(page, r);
      // ~150 more commits land between seeing commit killAt and the kill (measured), so the kill
      // point leaves room for the kill to fall inside the burst.
      const killAt = 20 + Math.floor(Math.random() * (BURST - 300));
      await page.waitForFunction((k) => window.__done >= k, killAt, { timeout: 60000, polling: 5 }).catch(async (err) => {
        const state = await page.evaluate(async () => ({
          done: window.__done, error: window.__error, url: location.href, status: window.loudou?.status,
          role: await Promise.race([loudou.role(), new Promise((ok) => setTimeout(() => ok('no answer'), 2000))]),
        })).catch((e) => e.message);
        state.pages = chrome.context.pages().map((p) => p.url());
        throw new Error(`repetition ${r}: the burst stalled before commit ${killAt}: ${JSON.stringify(state)}; ${err.message}`);
      });
      const knownDurable = durable.max;  // what the test knew before the kill
      await chrome.kill();

      durable = { max: -1 };
      chrome = await launchKillable(profile);
      page = await openPage(chrome, durable);
      assert.equal((await page.evaluate(() => loudou.check())).integrity, 'ok', `repetition ${r}`);
      const now = await stored(page);
      const burst = now[`burst${r}`] || [];
      burst.forEach((n, i) => assert.equal(n, i, `repetition ${r}: the stored commits are a prefix of the burst`));
      assert.ok(burst.length >= knownDurable + 1, `repetition ${r}: ${burst.length} stored but #${knownDurable} was durable`);
      for (const [name, count] of Object.entries(kept)) assert.equal(now[name]?.length, count, `${name} survived later crashes`);
      kept[`burst${r}`] = burst.length;
      summary.push(`killed after ${killAt}, durable ${knownDurable + 1}, stored ${burst.length}`);
    }
    const problems = await page.problems();
    assert.deepEqual(problems.csp, [], 'CSP violations');
  } finally {
    await chrome.close();
  }
  console.log(summary.join('\n'));
});
