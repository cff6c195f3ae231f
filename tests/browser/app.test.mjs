// The app's flows in real Chromium, through the page model, in both languages and at phone
// width: first run, board (create, drag, keyboard move, won/lost, required fields), deal drawer
// (edit, history, delete + undo), settings, and — on every screen — zero CSP violations, zero
// page errors and zero serious axe-core violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer } from './pages/browser.mjs';
import { AppPage } from './pages/app-page.mjs';
import en from '../../web/src/i18n/en.js';

let browser, server;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const app = (locale, width) => AppPage.start(browser, server.url, { locale, width });
const clean = (a) => a.assertClean();

for (const locale of ['zh-CN', 'en']) {
  for (const width of [1280, 375]) {
    const tag = `${locale} @${width}px`;

    test(`first run, create, drag, keyboard move, won and lost — ${tag}`, async () => {
      const a = await app(locale, width);
      try {
        assert.deepEqual(await a.axe(), [], 'axe on first run');
        await a.chooseTemplate('first.b2b');
        const s1 = a.t('stage.b2b.1'), s2 = a.t('stage.b2b.2'), s3 = a.t('stage.b2b.3');
        assert.equal(await a.page.locator('section.col').count(), 6);
        await a.createDeal({ title: 'Alpha 甲', amount: '12万' });
        await a.createDeal({ title: 'Beta 乙', amount: 5000, stage: s2 });
        assert.equal(await a.columnCount(s1), a.t('board.count', { count: 1 }));
        const alpha = (await a.call('deal.list', { q: 'Alpha' })).items[0];
        assert.equal(alpha.amount, 12000000, '12万 is 120,000 元');

        if (width > 480) {
          await a.drag('Alpha 甲', s3);
          await a.page.waitForFunction(([id, st]) => window.loudou.call('deal.get', { id }).then((d) => d.stage_id === st),
            [alpha.id, (await a.call('pipeline.list')).items[0].stages[2].id]);
          assert.equal(await a.columnCount(s3), a.t('board.count', { count: 1 }));
          assert.equal(await a.columnCount(s1), a.t('board.count', { count: 0 }));
        }

        await a.moveWithKeyboard('Beta 乙', s3);
        await a.page.waitForFunction((t) => document.querySelector('loudou-app').shadowRoot.querySelector('#live').textContent.includes(t), a.t('board.moved', { title: 'Beta 乙', stage: s3 }));
        assert.equal(await a.columnCount(s3), a.t('board.count', { count: width > 480 ? 2 : 1 }));

        // Lost asks for a reason from the managed list.
        await a.card('Beta 乙').focus();
        await a.page.keyboard.press('m');
        await a.page.getByRole('dialog', { name: a.t('board.moveMenu', { title: 'Beta 乙' }) }).getByRole('button', { name: a.t('board.lost') }).click();
        const lost = a.page.getByRole('dialog', { name: a.t('lost.title', { title: 'Beta 乙' }) });
        await lost.getByRole('radio').first().check();
        assert.deepEqual(await a.axe(), [], 'axe on the lost dialog');
        await lost.getByRole('button', { name: a.t('lost.confirm') }).click();
        await a.card('Beta 乙').waitFor({ state: 'detached' });
        const beta = (await a.call('deal.list', { q: 'Beta' })).items[0];
        assert.equal(beta.status, 'lost');
        assert.ok(beta.lost_reason);
        assert.deepEqual(await a.axe(), [], 'axe on the board');
        await clean(a);
      } finally { await a.context.close(); }
    });
  }
}

test('touch: a finger drags a card to the next stage on a phone', async () => {
  const a = await app('zh-CN', 375);
  try {
    await a.chooseTemplate('first.smb');
    await a.createDeal({ title: '手指拖动', amount: 100 });
    const p = (await a.call('pipeline.list')).items[0];
    // On a phone one column fills the screen: the next one is scrolled into view while dragging.
    await a.page.setViewportSize({ width: 375, height: 740 });
    await a.page.locator('.columns').evaluate((el) => { el.style.scrollSnapType = 'none'; });
    await a.touchDrag('手指拖动', a.t('stage.smb.2'));
    await a.page.waitForFunction((st) => window.loudou.call('deal.list', { q: '手指拖动' }).then((r) => r.items[0].stage_id === st), p.stages[1].id);
    await clean(a);
  } finally { await a.context.close(); }
});

test('required fields: a move into a stage that needs them opens a form for exactly those', async () => {
  const a = await app('zh-CN', 1280);
  try {
    await a.chooseTemplate('first.smb');
    const p = (await a.call('pipeline.list')).items[0];
    await a.call('pipeline.update', { id: p.id, stages: p.stages.map((s, i) => ({ id: s.id, name: s.name, probability: s.probability, ...(i === 1 ? { required_fields: ['account', 'expected_close'] } : {}) })) });
    await a.call('deal.create', { pipeline_id: p.id, title: '需要客户' });
    await a.card('需要客户').waitFor();
    await a.moveWithKeyboard('需要客户', p.stages[1].name);
    const form = a.page.getByRole('dialog', { name: a.t('req.title', { stage: p.stages[1].name }) });
    await form.waitFor();
    assert.equal(await form.locator('input').count(), 2);
    await form.getByLabel(a.t('deal.account')).fill('华为');
    await form.getByLabel(a.t('deal.expectedClose')).fill('2026-12-31');
    await form.getByRole('button', { name: a.t('req.confirm') }).click();
    await a.page.waitForFunction(() => window.loudou.call('deal.list', { q: '需要客户' }).then((r) => r.items[0].account === '华为'));
    const d = (await a.call('deal.list', { q: '需要客户' })).items[0];
    assert.equal(d.stage_id, p.stages[1].id);
    assert.equal(d.expected_close, '2026-12-31');
    await clean(a);
  } finally { await a.context.close(); }
});

test('deal drawer: edit, history, win and reopen, delete with undo', async () => {
  const a = await app('en', 1280);
  try {
    await a.chooseTemplate('first.b2b');
    await a.createDeal({ title: 'Gamma', amount: 100 });
    let drawer = await a.openDeal('Gamma');
    await drawer.getByLabel(a.t('deal.account')).fill('ACME');
    await drawer.getByLabel(a.t('deal.amount')).fill('2500.50');
    await drawer.getByRole('button', { name: a.t('common.save') }).click();
    await a.page.waitForFunction(() => window.loudou.call('deal.list', { q: 'Gamma' }).then((r) => r.items[0].amount === 250050));
    await drawer.locator('#dd-stage').selectOption({ label: a.t('stage.b2b.4') });
    await drawer.getByText(a.t('deal.ev.move', { from: a.t('stage.b2b.1'), stage: a.t('stage.b2b.4') })).waitFor();
    await drawer.getByRole('button', { name: a.t('deal.win') }).click();
    await drawer.getByRole('button', { name: a.t('deal.reopen') }).waitFor();
    assert.deepEqual(await a.axe(), [], 'axe on the drawer');
    await drawer.getByRole('button', { name: a.t('deal.reopen') }).click();
    await drawer.getByRole('button', { name: a.t('deal.delete') }).click();
    await a.page.getByRole('button', { name: a.t('common.undo') }).click();
    await a.page.waitForFunction(() => window.loudou.call('deal.list', { q: 'Gamma' }).then((r) => r.total === 1));
    const back = (await a.call('deal.list', { q: 'Gamma' })).items[0];
    const full = await a.call('deal.get', { id: back.id });
    assert.deepEqual(full.stage_events.map((e) => e.kind), ['create', 'move', 'won', 'reopen']);
    assert.equal(full.account, 'ACME');
    await clean(a);
  } finally { await a.context.close(); }
});

test('settings: stages, reps and quotas, lists, custom fields — and no serious axe violations', async () => {
  const a = await app('zh-CN', 1280);
  try {
    await a.chooseTemplate('first.smb');
    await a.go('#/settings/pipelines');
    await a.page.getByRole('button', { name: a.t('settings.addStage') }).click();
    const names = a.page.getByLabel(a.t('settings.stageName'));
    await names.last().fill('回款');
    await a.page.getByRole('button', { name: a.t('settings.saveStages') }).click();
    await a.page.waitForFunction(() => window.loudou.call('pipeline.list').then((r) => r.items[0].stages.length === 5));
    assert.deepEqual(await a.axe(), [], 'axe on pipelines');

    await a.go('#/settings/users');
    await a.page.getByLabel(a.t('settings.userName')).fill('张伟');
    await a.page.getByRole('button', { name: a.t('settings.addUser') }).click();
    await a.page.getByRole('cell', { name: '张伟' }).first().waitFor();
    await a.page.getByLabel(a.t('settings.period')).fill('2026-Q1');
    await a.page.locator('#q-amount').fill('50万');
    await a.page.getByRole('button', { name: a.t('settings.setQuota') }).click();
    await a.page.waitForFunction(() => window.loudou.call('quota.list', {}).then((r) => (r.items ?? r).length === 1));
    assert.equal((await a.call('quota.list', {})).items[0].amount, 50000000);
    assert.deepEqual(await a.axe(), [], 'axe on users');

    await a.go('#/settings/fields');
    await a.page.getByLabel(a.t('settings.fieldLabel')).fill('预算确认');
    await a.page.getByLabel(a.t('settings.fieldKey')).fill('budget_ok');
    await a.page.getByLabel(a.t('settings.fieldType')).selectOption('choice');
    await a.page.getByLabel(a.t('settings.fieldOptions')).fill('是\n否');
    await a.page.getByRole('button', { name: a.t('settings.defineField') }).click();
    await a.page.getByText('budget_ok').waitFor();
    assert.deepEqual(await a.axe(), [], 'axe on fields');
    const defs = await a.call('field.list', { entity: 'deal' });
    assert.deepEqual((defs.items ?? defs).map((f) => [f.key, f.type, f.options]), [['budget_ok', 'choice', ['是', '否']]]);

    await a.go('#/board');
    await a.createDeal({ title: '自定义' });
    const drawer = await a.openDeal('自定义');
    await drawer.getByLabel('预算确认').selectOption('是');
    await drawer.getByRole('button', { name: a.t('common.save') }).click();
    await a.page.waitForFunction(() => window.loudou.call('deal.list', { q: '自定义' }).then((r) => r.items[0].fields.budget_ok === '是'));
    // Custom choice fields are board filters too.
    await a.page.keyboard.press('Escape');
    // The board's filter by that field (the closing drawer may still hold a select of that label).
    const filter = a.page.locator('#flt-c-budget_ok');
    await filter.selectOption('否');
    await a.card('自定义').waitFor({ state: 'detached' });
    await filter.selectOption('是');
    await a.card('自定义').waitFor();
    await a.page.keyboard.press('Tab');
    // Switching the language redraws every screen, cached ones included.
    await a.page.locator('#lang').selectOption('en');
    await a.page.getByRole('button', { name: en['board.newDeal'] }).waitFor();
    await a.page.getByLabel(en['board.filter.owner']).waitFor();
    await a.go('#/settings/fields');
    await a.page.getByRole('heading', { name: en['settings.title'] }).waitFor();
    await a.page.getByRole('button', { name: en['settings.defineField'] }).waitFor();
    await clean(a);
  } finally { await a.context.close(); }
});

test('removing a stage that holds deals asks where they go', async () => {
  const a = await app('en', 1280);
  try {
    await a.chooseTemplate('first.smb');
    const p = (await a.call('pipeline.list')).items[0];
    await a.call('deal.create', { pipeline_id: p.id, stage_id: p.stages[2].id, title: 'Parked' });
    await a.go('#/settings/pipelines');
    const quote = a.t('stage.smb.3');
    await a.page.getByRole('button', { name: `${a.t('common.remove')} ${quote}` }).click();
    await a.page.getByRole('button', { name: a.t('settings.saveStages') }).click();
    const ask = a.page.getByLabel(a.t('settings.stageHasDeals', { stage: quote, count: 1 }));
    await ask.selectOption({ label: a.t('stage.smb.4') });
    assert.equal((await a.call('pipeline.list')).items[0].stages.length, 4, 'nothing saved before the answer');
    await a.page.getByRole('button', { name: a.t('settings.saveStages') }).click();
    await a.page.waitForFunction(() => window.loudou.call('pipeline.list').then((r) => r.items[0].stages.length === 3));
    const d = (await a.call('deal.list', { q: 'Parked' })).items[0];
    assert.equal(d.stage_id, p.stages[3].id);
    await clean(a);
  } finally { await a.context.close(); }
});

test('user text is always text: an <img onerror> in every field runs no script', async () => {
  const a = await app('en', 1280);
  const evil = '<img src=x onerror=alert(1)>';
  try {
    await a.page.waitForFunction(() => window.loudou);
    const p = await a.call('pipeline.create', { name: evil, stages: [{ name: evil, probability: 10, rot_days: 1 }, { name: `${evil}2`, probability: 50 }] });
    const u = await a.call('user.create', { name: evil, team: evil });
    await a.call('field.define', { entity: 'deal', key: 'x', label: evil, type: 'choice', options: [evil] });
    await a.call('deal.create', { pipeline_id: p.id, title: evil, account: evil, contact: evil, source: evil, industry: evil, owner_id: u.id, fields: { x: evil }, amount: 100, at: '2026-01-01T00:00:00Z' });
    const d2 = await a.call('deal.create', { pipeline_id: p.id, title: `${evil}lost`, amount: 1 });
    await a.call('deal.lose', { id: d2.id, reason: evil });
    await a.page.locator('#pipeline').selectOption({ label: evil });
    await a.card(evil).first().waitFor();
    assert.equal(await a.card(evil).first().locator('img').count(), 0);
    await a.openDeal(evil);
    await a.page.keyboard.press('Escape');
    for (const h of ['#/settings/pipelines', '#/settings/users', '#/settings/fields', '#/settings/lists', '#/dashboards/funnel', '#/dashboards/bottlenecks']) {
      await a.go(h);
      await a.page.waitForTimeout(400);
    }
    const imgs = await a.page.evaluate(() => {
      const all = [];
      const walk = (root) => root.querySelectorAll('*').forEach((el) => { if (el.tagName === 'IMG') all.push(el); if (el.shadowRoot) walk(el.shadowRoot); });
      walk(document);
      return all.length;
    });
    assert.equal(imgs, 0, 'no <img> element was created from user text');
    await clean(a);
  } finally { await a.context.close(); }
});
