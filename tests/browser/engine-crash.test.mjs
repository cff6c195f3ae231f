// Crash safety: a burst of 1,000 small commits, the whole browser SIGKILLed at a random point,
// relaunched on the same profile. The stored database must pass PRAGMA integrity_check, hold
// every commit whose durable() had resolved, and hold exactly a prefix of the burst (a commit is
// never torn or reordered). Repeated 10 times, each on its own database in the same profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveSite, launchKillable, guardedPage, openApp } from './lib/chromium.mjs';

const REPETITIONS = 10;
const BURST = 1000;
let server, profile;
before(async () => { server = await serveSite(); profile = mkdtempSync(join(tmpdir(), 'loudou-crash-')); });
after(() => { server?.stop(); rmSync(profile, { recursive: true, force: true }); });

async function startBurst(chrome, db) {
  const page = await guardedPage(chrome.context);
  const durable = { max: -1 };
  await page.exposeFunction('reportDurable', (i) => { durable.max = Math.max(durable.max, i); });
  await openApp(page, server.url, db);
  await page.evaluate(async (n) => {
    const p = await loudou.call('pipeline.create', { name: 'Crash', stages: [{ name: 'A', probability: 10 }] });
    await loudou.durable();
    window.__done = 0;
    (async () => {
      for (let i = 0; i < n; i++) {
        await loudou.call('deal.create', { pipeline_id: p.id, title: `c${i}` });
        window.__done = i + 1;
        loudou.durable().then(() => window.reportDurable(i), () => {});
      }
    })();
  }, BURST);
  return { page, durable };
}

async function verify(chrome, db) {
  const page = await guardedPage(chrome.context);
  await openApp(page, server.url, db);
  const found = await page.evaluate(async () => ({
    check: await loudou.check(),
    titles: (await loudou.call('deal.list', { limit: 1000 })).items.map((d) => d.title),
  }));
  await page.close();
  return found;
}

test(`SIGKILL during ${BURST} commits loses no durable commit and never tears one (${REPETITIONS} times)`, async () => {
  let chrome = await launchKillable(profile);
  const summary = [];
  try {
    for (let r = 0; r < REPETITIONS; r++) {
      const db = `crash-${r}`;
      const { page, durable } = await startBurst(chrome, db);
      const killAt = 20 + Math.floor(Math.random() * (BURST - 40));
      await page.waitForFunction((k) => window.__done >= k, killAt, { timeout: 60000, polling: 5 });
      const knownDurable = durable.max;  // what the test knew before the kill
      await chrome.kill();

      chrome = await launchKillable(profile);
      const { check, titles } = await verify(chrome, db);
      assert.equal(check.integrity, 'ok', `repetition ${r}`);
      const present = titles.map((t) => Number(t.slice(1))).sort((x, y) => x - y);
      present.forEach((n, i) => assert.equal(n, i, `repetition ${r}: the stored commits are a prefix of the burst`));
      assert.ok(present.length >= knownDurable + 1,
        `repetition ${r}: ${present.length} commits stored but c${knownDurable} was durable`);
      summary.push(`killed after ${killAt}, durable ${knownDurable + 1}, stored ${present.length}`);
    }
  } finally {
    await chrome.close();
  }
  console.log(summary.join('\n'));
});
