// Offline and persistence with the real engine: after one visit the service worker has cached
// the app and the wasm core, so with the network off the page opens again from cache and shows
// the deals kept in IndexedDB, and ops only the full wasm module has (reports) work too; the
// header shows the saved/saving state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, startServer } from './pages/browser.mjs';
import { AppPage } from './pages/app-page.mjs';

let browser, server;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

test('after one visit the app works with the network off, with its data', async () => {
  const { context, page } = await newPage(browser, { locale: 'zh-CN', width: 375 });
  const a = new AppPage(page, server.url, 'zh-CN');
  try {
    await a.open();
    await a.chooseTemplate('first.smb');
    await a.createDeal({ title: '离线也在', amount: 3000 });
    await page.evaluate(() => window.loudou.durable());
    assert.equal(await page.locator('[data-state]').getAttribute('data-state'), 'saved');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller);
    await context.setOffline(true);
    await page.reload();
    await a.card('离线也在').waitFor();
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await page.getByText(a.t('status.offline')).waitFor();
    // The page runs on the small module; a report needs the full one, which the service worker
    // cached on the first visit, so it works offline too (web/src/engine/worker.js, upgrade()).
    const open = await page.evaluate(async () => {
      const p = (await window.loudou.call('pipeline.list')).items[0];
      return (await window.loudou.call('report.snapshot', { pipeline_id: p.id })).total.count;
    });
    assert.equal(open, 1);
    const p = await page.problems();
    assert.deepEqual(p.csp, []);
    assert.deepEqual(p.errors, []);
  } finally { await context.close(); }
});
