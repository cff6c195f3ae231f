// The embed on the demo host page (web/demo/host.html), served with exactly the CSP the README
// asks of host pages: no violations, the elements render and work, a lead submitted offline
// reaches the board, the host's hostile CSS changes none of our computed styles, and two boards
// on one page agree. Runs against build/site ($LOUDOU_EMBED_SITE to test another build).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage } from './pages/browser.mjs';
import { serveSite } from './embed-host.mjs';

let browser, site;
before(async () => { site = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.stop(); });

let dbSeq = 0;
/** A fresh page on the demo host with its own database; resolves once the demo pipeline shows. */
async function openHost({ lang, db = `embed-test-${process.pid}-${++dbSeq}`, width = 1280 } = {}) {
  const { context, page } = await newPage(browser, { width, height: 900, locale: 'zh-CN' });
  const url = `${site.host}?db=${db}${lang ? `&lang=${lang}` : ''}`;
  await page.goto(url);
  await page.locator('#board-a section.col').first().waitFor();
  await page.locator('#board-b section.col').first().waitFor();
  return { context, page, url };
}

const cardsIn = (page, board, text) => page.locator(`#${board} .card`, { hasText: text });
const leadForm = (page) => page.locator('loudou-lead-form');

async function fillLead(page, v) {
  for (const [k, val] of Object.entries(v)) await leadForm(page).locator(`[name=${k}]`).fill(val);
  await leadForm(page).locator('button[type=submit]').click();
}

test('renders under the strict CSP with no violations, no errors and no service worker', async () => {
  const { context, page } = await openHost();
  try {
    await page.locator('loudou-funnel canvas').waitFor();
    assert.equal(await page.locator('#board-a section.col').count(), 4);
    assert.equal(await leadForm(page).locator('input[name=phone]').count(), 1);
    assert.equal(await page.title(), '星河机械 · Xinghe Machinery', 'the embed leaves the host title alone');
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    // No inline <style> or style attribute was added to the host document.
    assert.equal(await page.evaluate(() => document.querySelectorAll('style, [style], link[rel=modulepreload]').length), 0);
    const p = await page.problems();
    assert.deepEqual(p.csp, []);
    assert.deepEqual(p.errors, []);
  } finally { await context.close(); }
});

test('lead form: validation in both languages, honeypot stores nothing', async () => {
  for (const [lang, required, email] of [[null, '请填写姓名。', '邮箱格式不正确'], ['en', 'Please fill in Name.', 'email address does not look right']]) {
    const { context, page } = await openHost({ lang });
    try {
      // Labels follow the page language too (?lang= here), and so does the board.
      await leadForm(page).locator('label', { hasText: lang === 'en' ? 'Company' : '公司' }).waitFor();
      await page.locator('#board-a .zone.won', { hasText: lang === 'en' ? 'Drop here: won' : '赢单' }).waitFor();
      await leadForm(page).locator('button[type=submit]').click();
      await leadForm(page).getByRole('alert').filter({ hasText: required }).waitFor();
      await fillLead(page, { name: 'Li Lei', email: 'not-an-email' });
      await leadForm(page).getByRole('alert').filter({ hasText: email }).waitFor();
      assert.equal(await leadForm(page).locator('input[name=email]').getAttribute('aria-invalid'), 'true');
      const before = await page.evaluate(async () => (await window.lo.call('lead.list', {})).total);
      await leadForm(page).locator('input[name=website]').fill('http://spam.example', { force: true });
      await fillLead(page, { name: 'Bot', phone: '13800000000', email: '' });
      await leadForm(page).locator('[part=done]').waitFor();
      assert.equal(await page.evaluate(async () => (await window.lo.call('lead.list', {})).total), before);
      assert.deepEqual((await page.problems()).csp, []);
    } finally { await context.close(); }
  }
});

test('a lead submitted offline is stored, reaches the board after reload, is deduplicated, and its POST is retried', async () => {
  const db = `embed-offline-${process.pid}`;
  const { context, page, url } = await openHost({ db });
  try {
    await page.evaluate((sink) => document.querySelector('loudou-lead-form').setAttribute('action', sink), `${site.base}lead-sink`);
    await context.setOffline(true);
    const created = page.evaluate(() => new Promise((ok) => document.addEventListener('loudou-lead-submitted', (e) => ok(e.detail), { once: true })));
    await fillLead(page, { name: '王芳', company: '离线机电有限公司', phone: '139 1234 5678', need: '需要 20 台减速机' });
    const detail = await created;
    assert.equal(detail.lead.company, '离线机电有限公司');
    assert.ok(detail.deal, 'a new lead becomes a deal on the named pipeline');
    assert.match(detail.lead.source, /demo\/host\.html/, 'source defaults to the page address');
    await leadForm(page).locator('[part=done]').filter({ hasText: '网络恢复后' }).waitFor(); // the POST is queued
    assert.equal(site.posts.length, 0);
    await page.evaluate(() => window.lo.durable());
    // The same person again: stored as a lead with duplicates, but no second deal.
    const again = page.evaluate(() => new Promise((ok) => document.addEventListener('loudou-lead-submitted', (e) => ok(e.detail), { once: true })));
    await fillLead(page, { name: '王芳', company: '离线机电有限公司', phone: '13912345678' });
    const dup = await again;
    assert.ok(dup.duplicates.length >= 1);
    assert.equal(dup.deal, null);
    await page.evaluate(() => window.lo.durable());
    await context.setOffline(false);
    await page.goto(url);
    await cardsIn(page, 'board-a', '离线机电有限公司').waitFor();
    assert.equal(await cardsIn(page, 'board-a', '离线机电有限公司').count(), 1);
    assert.equal(await cardsIn(page, 'board-b', '离线机电有限公司').count(), 1);
    await page.waitForFunction(() => !localStorage.getItem(`loudou.embed.outbox.${new URLSearchParams(location.search).get('db')}`)?.includes('lead-sink'));
    // Delivery is at least once: a POST cut off by the navigation may be sent again, carrying the
    // same lead id for the host to drop the repeat (documented in the README).
    const delivered = new Map(site.posts.map((p) => [p.id, p]));
    assert.equal(delivered.size, 2, 'both queued POSTs were sent once the page was online');
    assert.ok([...delivered.values()].every((p) => p.company === '离线机电有限公司'));
    assert.deepEqual((await page.problems()).csp, []);
  } finally { await context.close(); }
});

test("the host's CSS changes none of the elements' computed styles", async () => {
  const { context, page } = await openHost();
  try {
    await page.locator('loudou-funnel canvas').waitFor();
    const read = () => page.evaluate(() => {
      const inShadow = (host, sel) => document.querySelector(host).shadowRoot.querySelector(sel);
      const pick = (el) => {
        const s = getComputedStyle(el);
        return ['font-size', 'font-family', 'box-sizing', 'line-height', 'color', 'padding-top', 'border-top-width', 'letter-spacing', 'width', 'height']
          .map((k) => `${k}:${s.getPropertyValue(k)}`).join(';');
      };
      return {
        board: pick(document.querySelector('#board-a')),
        column: pick(inShadow('#board-a', 'section.col')),
        colTitle: pick(inShadow('#board-a', '.col h2')),
        newDeal: pick(inShadow('#board-a', 'button.primary')),
        filter: pick(inShadow('#board-a', 'select')),
        input: pick(inShadow('loudou-lead-form', 'input[name=name]')),
        label: pick(inShadow('loudou-lead-form', 'label')),
        // Its width is themed by the host through ::part(submit), below.
        submit: pick(inShadow('loudou-lead-form', 'button[type=submit]')).replace(/;width:[^;]*/, ''),
        themed: (() => {
          const s = getComputedStyle(inShadow('loudou-lead-form', 'button[type=submit]'));
          return { minWidth: s.minWidth, background: s.backgroundColor, boardAccent: getComputedStyle(inShadow('#board-a', 'button.primary')).backgroundColor };
        })(),
      };
    });
    const hostile = await read();
    await page.evaluate(() => { document.querySelector('link[rel=stylesheet]').disabled = true; });
    const plain = await read();
    // Sanity: the host stylesheet really is active (its own elements change).
    assert.notEqual(hostile.board, '', 'read something');
    for (const k of Object.keys(plain)) if (k !== 'board' && k !== 'themed') assert.equal(hostile[k], plain[k], `${k} differs with the host CSS`);
    // The documented hooks do reach in: --ld-accent on the elements, ::part(submit).
    assert.deepEqual(hostile.themed, { minWidth: '140px', background: 'rgb(139, 0, 0)', boardAccent: 'rgb(139, 0, 0)' });
    assert.deepEqual(plain.themed, { minWidth: '0px', background: 'rgb(29, 78, 216)', boardAccent: 'rgb(29, 78, 216)' });
    assert.match(hostile.column, /font-size:14px/);
    assert.match(hostile.submit, /box-sizing:border-box/);
  } finally { await context.close(); }
});

test('two boards on one page stay consistent; moves raise loudou-deal-moved', async () => {
  const { context, page } = await openHost();
  try {
    const deal = await page.evaluate(async () => {
      const p = (await window.lo.call('pipeline.list')).items.find((x) => x.name === '官网线索');
      return window.lo.call('deal.create', { pipeline_id: p.id, stage_id: p.stages[0].id, title: '双看板测试', amount: 50000 });
    });
    await cardsIn(page, 'board-a', '双看板测试').waitFor();
    await cardsIn(page, 'board-b', '双看板测试').waitFor();
    const moved = page.evaluate(() => new Promise((ok) => document.addEventListener('loudou-deal-moved', (e) => ok({ stage: e.detail.deal.stage_id, target: e.target.id }), { once: true })));
    await cardsIn(page, 'board-a', '双看板测试').focus();
    await page.keyboard.press('m');
    await page.locator('#board-a loudou-move-menu dialog button', { hasText: '报价' }).click();
    const ev = await moved;
    assert.equal(ev.target, 'board-a', 'the event comes from the board that moved it');
    const stageCol = (board) => page.locator(`#${board} section.col`, { hasText: '报价' }).locator('.card', { hasText: '双看板测试' });
    await stageCol('board-a').waitFor();
    await stageCol('board-b').waitFor();
    const stored = await page.evaluate((id) => window.lo.call('deal.get', { id }), deal.id);
    assert.equal(stored.stage_id, ev.stage);
    // Opening a card shows the app's deal drawer, added to the page on first use.
    await cardsIn(page, 'board-b', '双看板测试').click();
    await page.locator('body > loudou-deal-drawer dialog.sheet[open]').waitFor();
    assert.equal(await page.locator('body > loudou-deal-drawer input[name=title]').inputValue(), '双看板测试');
    assert.deepEqual((await page.problems()).csp, []);
  } finally { await context.close(); }
});

test('one script tag: board.html opens the app database by itself and never fetches ECharts', async () => {
  const { context, page } = await newPage(browser, { width: 1024, height: 700, locale: 'zh-CN' });
  try {
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname)); // workers' requests included
    await page.addInitScript(() => document.addEventListener('loudou-ready', (e) => { window.__ready = e.detail.name; }));
    await page.goto(`${site.base}demo/board.html`);
    assert.equal(await (await page.waitForFunction(() => window.__ready)).jsonValue(), 'loudou');
    // lang="en" on the element picks the language; a fresh origin has no pipeline yet.
    await page.locator('loudou-board').getByText('No pipeline yet').waitFor();
    // The board's small module (wasm/catalog_board.cc) serves the board; the full one stays unfetched.
    assert.ok(fetched.some((u) => u.endsWith('/embed/engine/loudou-board.wasm')), 'the engine ran');
    assert.ok(!fetched.some((u) => u.endsWith('/embed/engine/loudou.wasm')), 'the full module is not needed for a board');
    assert.ok(!fetched.some((u) => /echarts|dashboards/.test(u)), `no chart code: ${fetched.join(' ')}`);
    assert.equal(await page.evaluate(() => typeof window.Loudou.embed), 'function');
    const p = await page.problems();
    assert.deepEqual(p.csp, []);
    assert.deepEqual(p.errors, []);
  } finally { await context.close(); }
});

// A board-only page starts on the small module, which has no lead ops; a lead form added later
// while offline cannot fetch the full module, so the lead waits in the outbox (storage error) and
// is stored when the browser is back online — nothing the person typed is lost.
test('a lead form added to a board-only page while offline keeps the lead and stores it once online', async () => {
  const { context, page } = await newPage(browser, { width: 1024, height: 700, locale: 'en' });
  try {
    const wasm = [];
    page.on('request', (r) => { const m = /\/embed\/engine\/([^/]+\.wasm)$/.exec(new URL(r.url()).pathname); if (m) wasm.push(m[1]); });
    await page.addInitScript(() => document.addEventListener('loudou-ready', () => { window.__ready = true; }));
    await page.goto(`${site.base}demo/board.html`);
    await page.waitForFunction(() => window.__ready);
    assert.deepEqual(wasm, ['loudou-board.wasm']);
    await context.setOffline(true);
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('loudou-lead-form'), { lang: 'en' })));
    await fillLead(page, { name: 'Offline Ada', phone: '138 0000 1111' });
    await leadForm(page).getByText('Saved. It will be sent when the network is back.').waitFor();
    await context.setOffline(false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    let names = [];
    for (const end = Date.now() + 15000; !names.includes('Offline Ada');) {
      assert.ok(Date.now() < end, `the queued lead was not stored: ${JSON.stringify(names)}`);
      await new Promise((r) => setTimeout(r, 200));
      names = await page.evaluate(async () => (await window.Loudou.embed()).call('lead.list', {}).then((r) => r.items.map((l) => l.name)));
    }
    assert.ok(wasm.includes('loudou.wasm'), 'the full module came once online');
    assert.deepEqual((await page.problems()).csp, []);
  } finally { await context.close(); }
});

test('deal form and funnel: a deal created from <loudou-deal-form> shows on both boards and in the funnel', async () => {
  const { context, page } = await openHost({ lang: 'en' });
  try {
    await page.locator('loudou-funnel canvas').waitFor();
    const created = page.evaluate(() => new Promise((ok) => document.addEventListener('loudou-deal-created', (e) => ok({ title: e.detail.deal.title, from: e.target.localName }), { once: true })));
    const redrawn = page.evaluate(() => new Promise((ok) => document.addEventListener('loudou-funnel-drawn', (e) => ok(e.detail), { once: true })));
    await page.locator('loudou-deal-form button[part=button]').click();
    const dialog = page.locator('loudou-deal-form loudou-quick-create dialog');
    await dialog.locator('input[name=title]').fill('Form deal');
    await dialog.locator('input[name=amount]').fill('1200');
    await dialog.locator('button[type=submit]').click();
    assert.deepEqual(await created, { title: 'Form deal', from: 'loudou-deal-form' });
    await cardsIn(page, 'board-a', 'Form deal').waitFor();
    await cardsIn(page, 'board-b', 'Form deal').waitFor();
    assert.equal((await redrawn).stages, 4);
    assert.deepEqual((await page.problems()).csp, []);
  } finally { await context.close(); }
});

test("after a visit to the app (its service worker installed), the demo host is still the host's page", async () => {
  const { context, page } = await newPage(browser, { width: 1024, height: 700 });
  try {
    await page.goto(`${site.base}index.html?db=embed-sw-${process.pid}`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller);
    await page.goto(`${site.host}?db=embed-sw-${process.pid}`);
    assert.equal(await page.title(), '星河机械 · Xinghe Machinery');
    await page.locator('#board-a section.col').first().waitFor();
    assert.deepEqual((await page.problems()).errors, []);
  } finally { await context.close(); }
});
