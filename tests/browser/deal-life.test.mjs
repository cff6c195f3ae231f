// A deal's working life in real Chromium, through the page model: follow-ups (跟进) merged into
// the drawer's timeline (add one, overdue visible, mark done), the stage playbook's checklist
// (a required item blocks the move until ticked), pausing a stalled deal, the navigation's alert
// badge following every write, stage playbooks written in settings, custom fields chosen to show
// on cards, and undoing a delete that brings the deal back exactly. The board's stalled markers
// must equal the core's (alert.list); a board move past unticked required items is refused and
// names them; removing a stage cannot skip its target's required fields. Zero CSP violations,
// page errors and serious axe findings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer } from './pages/browser.mjs';
import { DealPage } from './pages/deal-page.mjs';

let browser, server;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const open = (locale, width = 375) => DealPage.start(browser, server.url, { locale, width, height: 800 });
const clean = (a, where) => a.assertClean(where);

const ago = DealPage.ago;

for (const locale of ['zh-CN', 'en']) {
  test(`drawer: follow-ups, playbook checklist, pause; the badge follows — ${locale} @375px`, async () => {
    const a = await open(locale);
    try {
      const { pipeline, stages } = await a.b2b();
      const [s1, s2, s3] = stages;
      const item = locale === 'en' ? 'Needs survey done' : '完成需求调研';
      await a.call('playbook.set', { stage_id: s2.id, guidance: locale === 'en' ? 'Confirm the need with the buyer' : '与客户确认需求', items: [{ text: item, required: true }] });
      const deal = await a.call('deal.create', { pipeline_id: pipeline.id, stage_id: s2.id, title: '华东框架 A', amount: 5000000, at: ago(1) });
      const idle = await a.call('deal.create', { pipeline_id: pipeline.id, stage_id: s1.id, title: 'Idle 乙', at: ago(30) });
      await a.card('Idle 乙').waitFor();
      assert.deepEqual(await a.stalledTitles(), ['Idle 乙'], 'a deal idle past rot_days is stalled');
      const atStart = await a.badgeMatchesAlerts();
      assert.ok(atStart >= 2, 'two deals without a next step, one stalled');

      // The playbook of the deal's stage, and a move past it refused until the item is ticked.
      await a.openDeal('华东框架 A');
      const d = a.drawer('华东框架 A');
      await d.getByRole('heading', { name: a.t('playbook.title', { stage: s2.name }) }).waitFor();
      await a.moveInDrawer('华东框架 A', s3.name);
      await d.getByRole('alert').filter({ hasText: item }).waitFor();
      assert.equal((await a.call('deal.get', { id: deal.id })).stage_id, s2.id);
      await a.tick('华东框架 A', item);
      await a.page.waitForFunction((id) => window.loudou.call('deal.get', { id }).then((x) => x.playbook.items[0].done), deal.id);
      await a.moveInDrawer('华东框架 A', s3.name);
      await a.page.waitForFunction(([id, st]) => window.loudou.call('deal.get', { id }).then((x) => x.stage_id === st), [deal.id, s3.id]);

      // A follow-up planned for yesterday shows as overdue, and the badge counts it.
      const yesterday = `${await a.localDate(-1)}T10:00`;
      await a.addFollowUp('华东框架 A', { type: 'call', subject: '回访 Q1', due: yesterday });
      await a.followUp('华东框架 A', '回访 Q1').locator('.tag', { hasText: a.t('act.state.overdue') }).waitFor();
      const withOverdue = await a.badgeMatchesAlerts();
      assert.equal(withOverdue, atStart + 1, 'the badge counts the overdue follow-up');
      const alerts = await a.call('alert.list', { now: new Date().toISOString() });
      assert.ok(alerts.alerts.some((x) => x.kind === 'overdue' && x.deal_id === deal.id));
      assert.deepEqual(await a.axe(), [], 'axe on the drawer with a follow-up');
      await a.markDone('华东框架 A', 'call', '回访 Q1');
      const afterDone = await a.badgeMatchesAlerts();
      assert.equal(afterDone, withOverdue - 1, 'marking it done clears the overdue alert');
      const acts = (await a.call('deal.get', { id: deal.id })).activities;
      assert.equal(acts.length, 1);
      assert.ok(acts[0].done_at);
      // The timeline holds the follow-up and the stage history together.
      await d.getByText(a.t('deal.ev.move', { from: s2.name, stage: s3.name })).waitFor();
      await a.closeDrawer('华东框架 A');

      // Pause the stalled deal: the board's marker and the core's alert both go.
      await a.openDeal('Idle 乙');
      await a.pause('Idle 乙', await a.localDate(10), locale === 'en' ? 'Buyer away until next month' : '客户出差，下月再联系');
      assert.deepEqual(await a.axe(), [], 'axe on the drawer with a pause');
      await a.closeDrawer('Idle 乙');
      await a.page.waitForFunction(() => !document.querySelector('loudou-app').shadowRoot.querySelector('loudou-board')?.shadowRoot.querySelector('.card.stalled'));
      await a.card('Idle 乙').locator('.paused').waitFor();
      const stalled = (await a.call('alert.list', { now: new Date().toISOString(), tz_offset_minutes: 0 })).alerts.filter((x) => x.kind === 'stalled');
      assert.deepEqual(stalled, []);
      assert.equal((await a.call('deal.get', { id: idle.id })).paused_until, await a.localDate(10));
      await a.badgeMatchesAlerts();
      await clean(a, 'the board after the pause');
    } finally { await a.context.close(); }
  });

  test(`settings: write a stage playbook — ${locale} @375px`, async () => {
    const a = await open(locale);
    try {
      const { pipeline, stages } = await a.b2b();
      await a.go('#/settings/playbooks');
      const s2 = a.playbookStage(`2. ${stages[1].name}`);
      await s2.getByLabel(a.t('settings.playbookGuidance')).fill(locale === 'en' ? 'Find the pain, the budget and who decides.' : '弄清痛点、预算和决策人。');
      await s2.getByRole('button', { name: a.t('settings.playbookAdd') }).click();
      await s2.getByLabel(`${a.t('settings.playbookItem')} 1`).fill(locale === 'en' ? 'Needs survey done' : '完成需求调研');
      await s2.getByRole('checkbox', { name: a.t('settings.playbookRequired') }).check();
      await s2.getByRole('button', { name: a.t('settings.playbookAdd') }).click();
      await s2.getByLabel(`${a.t('settings.playbookItem')} 2`).fill(locale === 'en' ? 'Decision chain noted' : '记录决策链');
      assert.deepEqual(await a.axe(), [], 'axe on the playbook editor');
      await s2.getByRole('button', { name: a.t('settings.playbookSave') }).click();
      await a.page.getByText(a.t('settings.playbookSaved', { stage: stages[1].name })).first().waitFor();
      let list = await a.call('playbook.list', { pipeline_id: pipeline.id });
      const pb = list.playbooks.find((p) => p.stage_id === stages[1].id);
      assert.equal(pb.items.length, 2);
      assert.deepEqual(pb.items.map((i) => i.required), [true, false]);
      assert.ok(pb.guidance.length > 5);
      // Editing keeps the kept item's id (ticks on deals stay valid) and drops the removed one.
      await s2.getByRole('button', { name: a.t('settings.playbookRemove', { n: 2 }) }).click();
      await s2.getByRole('button', { name: a.t('settings.playbookSave') }).click();
      await a.page.waitForFunction(([pid, sid]) => window.loudou.call('playbook.list', { pipeline_id: pid })
        .then((r) => r.playbooks.find((p) => p.stage_id === sid).items.length === 1), [pipeline.id, stages[1].id]);
      list = await a.call('playbook.list', { pipeline_id: pipeline.id });
      assert.equal(list.playbooks.find((p) => p.stage_id === stages[1].id).items[0].id, pb.items[0].id);
      await clean(a, 'the playbook editor');
    } finally { await a.context.close(); }
  });
}

test('the board\'s stalled markers are exactly the core\'s stalled alerts (activities and pauses count)', async () => {
  const a = await open('en', 1280);
  try {
    const { pipeline, stages } = await a.b2b();
    const make = (title, extra = {}) => a.call('deal.create', { pipeline_id: pipeline.id, stage_id: stages[0].id, title, at: ago(20), ...extra });
    await make('plain idle');
    const called = await make('called two days ago');
    await a.call('activity.create', { type: 'call', deal_id: called.id, done_at: ago(2), at: ago(2) });
    const noted = await make('note yesterday');
    await a.call('activity.create', { type: 'note', deal_id: noted.id, notes: 'n', at: ago(1) });
    const planned = await make('only a planned task');
    await a.call('activity.create', { type: 'task', deal_id: planned.id, due_at: ago(-1), at: ago(1) });
    await make('paused ahead', {});
    await a.call('deal.update', { id: (await a.call('deal.list', { q: 'paused ahead' })).items[0].id, paused_until: await a.localDate(5), pause_reason: 'x' });
    const ended = await make('pause ended');
    await a.call('deal.update', { id: ended.id, paused_until: await a.localDate(-1), pause_reason: 'x' });
    await make('fresh', { at: ago(3) });
    await a.call('deal.create', { pipeline_id: pipeline.id, stage_id: stages[2].id, title: 'slow stage', at: ago(10) });  // rot 14
    await a.card('slow stage').waitFor();
    await a.page.waitForFunction(() => document.querySelector('loudou-app').shadowRoot.querySelector('loudou-board')?.shadowRoot.querySelectorAll('.card').length === 8);
    const alerts = await a.call('alert.list', { now: new Date().toISOString(), pipeline_id: pipeline.id, tz_offset_minutes: -new Date().getTimezoneOffset() });
    const core = alerts.alerts.filter((x) => x.kind === 'stalled').map((x) => x.title).sort();
    assert.deepEqual(core, ['only a planned task', 'pause ended', 'plain idle']);
    assert.deepEqual((await a.stalledTitles()).sort(), core);
    await clean(a, 'the board with stalled deals');
  } finally { await a.context.close(); }
});

test('undo a delete: the deal comes back with its follow-ups, history, ticks and fields exactly', async () => {
  const a = await open('zh-CN');
  try {
    const { pipeline, stages } = await a.b2b();
    await a.call('field.define', { entity: 'deal', key: 'region', label: '区域', type: 'choice', options: ['华东', '华南'] });
    const pb = await a.call('playbook.set', { stage_id: stages[1].id, items: [{ text: '完成需求调研', required: true }] });
    const d = await a.call('deal.create', { pipeline_id: pipeline.id, title: '删了再撤销', amount: 880000, account: '甲公司', fields: { region: '华南' }, at: ago(9) });
    await a.call('deal.move', { id: d.id, stage_id: stages[1].id, at: ago(8) });
    await a.call('playbook.check', { deal_id: d.id, item_id: pb.items[0].id, at: ago(7) });
    await a.call('deal.move', { id: d.id, stage_id: stages[2].id, at: ago(6) });
    await a.call('activity.create', { type: 'meeting', deal_id: d.id, subject: '方案演示', done_at: ago(5), outcome: '客户认可', at: ago(5) });
    await a.call('activity.create', { type: 'task', deal_id: d.id, subject: '发报价', due_at: ago(-2), at: ago(4) });
    await a.call('deal.update', { id: d.id, paused_until: await a.localDate(3), pause_reason: '等预算' });
    const before = await a.call('deal.get', { id: d.id });
    await a.openDeal('删了再撤销');
    await a.drawer('删了再撤销').getByRole('button', { name: a.t('deal.delete') }).click();
    await a.card('删了再撤销').waitFor({ state: 'detached' });
    await a.page.getByRole('button', { name: a.t('common.undo') }).click();
    await a.card('删了再撤销').waitFor();
    const after = await a.call('deal.get', { id: d.id });
    assert.deepEqual(after, before);
    await clean(a, 'the board after undo');
  } finally { await a.context.close(); }
});

test('custom fields chosen in settings show on the board\'s cards — en @375px', async () => {
  const a = await open('en');
  try {
    const { pipeline } = await a.b2b();
    await a.call('field.define', { entity: 'deal', key: 'region', label: 'Region', type: 'choice', options: ['East', 'South'] });
    await a.call('field.define', { entity: 'deal', key: 'budget', label: 'Budget', type: 'money' });
    await a.call('deal.create', { pipeline_id: pipeline.id, title: 'Card fields', fields: { region: 'East', budget: 1200000 } });
    await a.card('Card fields').waitFor();
    assert.equal(await a.card('Card fields').locator('.fields').count(), 0, 'no field line until chosen');
    await a.go('#/settings/fields');
    await a.page.getByRole('checkbox', { name: a.t('settings.fieldOnCardLabel', { label: 'Region' }) }).check();
    await a.page.waitForFunction(() => window.loudou.call('setting.get', { key: 'board.card_fields' }).then((r) => r.value?.length === 1));
    await a.page.getByRole('checkbox', { name: a.t('settings.fieldOnCardLabel', { label: 'Budget' }) }).check();
    await a.page.waitForFunction(() => window.loudou.call('setting.get', { key: 'board.card_fields' }).then((r) => r.value?.length === 2));
    assert.deepEqual(await a.axe(), [], 'axe on the fields settings');
    await a.go('#/board');
    const line = a.card('Card fields').locator('.fields');
    await line.waitFor();
    assert.match(await line.innerText(), /^Region: East · Budget: /);
    await a.go('#/settings/fields');
    await a.page.getByRole('checkbox', { name: a.t('settings.fieldOnCardLabel', { label: 'Region' }) }).uncheck();
    await a.page.waitForFunction(() => window.loudou.call('setting.get', { key: 'board.card_fields' }).then((r) => r.value?.length === 1));
    await a.go('#/board');
    await a.page.waitForFunction(() => /^Budget: /.test(document.querySelector('loudou-app').shadowRoot.querySelector('loudou-board').shadowRoot.querySelector('.card .fields')?.textContent ?? ''));
    await clean(a, 'the board with card fields');
  } finally { await a.context.close(); }
});

test('removing a stage: its deals cannot skip the target stage\'s required fields — en', async () => {
  const a = await open('en', 1280);
  try {
    await a.chooseTemplate('first.smb');
    const p = (await a.call('pipeline.list')).items[0];
    await a.call('pipeline.update', { id: p.id, stages: p.stages.map((s, i) => ({ id: s.id, name: s.name, probability: s.probability, rot_days: s.rot_days, ...(i === 3 ? { required_fields: ['amount'] } : {}) })) });
    await a.call('deal.create', { pipeline_id: p.id, stage_id: p.stages[2].id, title: 'No amount yet' });
    await a.go('#/settings/pipelines');
    const quote = a.t('stage.smb.3');
    await a.page.getByRole('button', { name: `${a.t('common.remove')} ${quote}` }).click();
    await a.page.getByRole('button', { name: a.t('settings.saveStages') }).click();
    await a.page.getByLabel(a.t('settings.stageHasDeals', { stage: quote, count: 1 })).selectOption({ label: a.t('stage.smb.4') });
    await a.page.getByRole('button', { name: a.t('settings.saveStages') }).click();
    await a.page.getByText(a.t('settings.moveNeedsFields', { stage: a.t('stage.smb.4'), fields: a.t('deal.amount') })).waitFor();
    assert.equal((await a.call('pipeline.list')).items[0].stages.length, 4, 'nothing saved');
    assert.equal((await a.call('deal.list', { q: 'No amount' })).items[0].stage_id, p.stages[2].id);
    assert.deepEqual(await a.axe(), [], 'axe on the refused removal');
    await clean(a, 'the pipeline editor');
  } finally { await a.context.close(); }
});

test('board: a move past a stage with unticked required items is refused, says which, and opens the deal — zh-CN', async () => {
  const a = await open('zh-CN', 1280);
  try {
    const { pipeline, stages } = await a.b2b();
    await a.call('playbook.set', { stage_id: stages[1].id, items: [{ text: '完成需求调研', required: true }, { text: '可选事项' }] });
    const d = await a.call('deal.create', { pipeline_id: pipeline.id, stage_id: stages[1].id, title: '要先调研' });
    await a.card('要先调研').waitFor();
    await a.moveWithKeyboard('要先调研', stages[2].name);
    await a.page.getByText(a.t('playbook.blocked', { stage: stages[2].name, items: '完成需求调研' })).first().waitFor();
    await a.drawer('要先调研').waitFor();
    assert.equal((await a.call('deal.get', { id: d.id })).stage_id, stages[1].id, 'the move was refused');
    assert.equal(await a.columnCount(stages[1].name), a.t('board.count', { count: 1 }), 'the card went back');
    await a.tick('要先调研', '完成需求调研');
    await a.page.waitForFunction((id) => window.loudou.call('deal.get', { id }).then((x) => x.playbook.items[0].done), d.id);
    await a.closeDrawer('要先调研');
    await a.moveWithKeyboard('要先调研', stages[2].name);
    await a.page.waitForFunction(([id, st]) => window.loudou.call('deal.get', { id }).then((x) => x.stage_id === st), [d.id, stages[2].id]);
    await clean(a, 'the board after the checklist move');
  } finally { await a.context.close(); }
});
