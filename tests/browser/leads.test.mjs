// The leads screens in real Chromium at phone width, in both languages, through the page model:
// create a lead and see its score, catch a duplicate typed with full-width digits and merge it,
// assign in bulk, claim from the pool, work "my day", read every alert kind, and set the rules; on every view
// no CSP violation, no page error and no serious axe-core violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startServer } from './pages/browser.mjs';
import { LeadsPage } from './pages/leads-page.mjs';

let browser, server;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const open = (locale) => LeadsPage.start(browser, server.url, { locale, width: 375, height: 780, open: false });
const clean = (a, where) => a.assertClean(where);

for (const locale of ['zh-CN', 'en']) {
  test(`inbox: create, score, duplicate with full-width digits, merge, bulk assign — ${locale} @375px`, async () => {
    const a = await open(locale);
    try {
      const { reps } = await a.setUp();
      await a.newLead({ company: '星云科技有限公司', name: '王立', phone: '138 0013 8000', source: '老客户推荐' });
      await a.lead('星云科技有限公司').waitFor();
      assert.match(await a.lead('星云科技有限公司').innerText(), new RegExp(a.t('leads.points', { n: 20 })));
      await clean(a, 'inbox');
      await a.newLead({ company: '星云科技', phone: '+86 １３８００１３８０００' });
      const detail = a.detail();
      await detail.getByRole('heading', { name: a.t('leads.possibleDuplicates') }).waitFor();
      await a.shot(`leads-detail-${locale}`);
      await clean(a, 'lead detail');
      await detail.getByRole('button', { name: a.t('leads.mergeHere') }).click();
      await detail.getByRole('heading', { name: a.t('leads.possibleDuplicates') }).waitFor({ state: 'detached' });
      await detail.getByRole('button', { name: a.t('common.close') }).click();
      await a.page.getByText(a.t('leads.count', { n: 1 })).waitFor();
      await a.select('星云科技');
      await a.bulkAssign('leads.rule.round_robin');
      await a.lead('星云科技').getByText('张三').waitFor();
      const lead = (await a.call('lead.list', {})).items[0];
      assert.equal(lead.owner_id, reps[0]);
      assert.equal(lead.phone, '+86 １３８００１３８０００');  // the kept lead's own
      assert.equal(lead.source, '老客户推荐');  // filled in from the merged one
      await a.shot(`leads-inbox-${locale}`);
      await clean(a, 'inbox after assign');
    } finally { await a.context.close(); }
  });

  test(`pool, my day and alerts — ${locale} @375px`, async () => {
    const a = await open(locale);
    try {
      const { pipeline, reps } = await a.setUp();
      await a.call('lead.create', { company: '公海客户' });
      await a.openTab('leads.tab.pool');
      await a.claim('公海客户');
      await a.page.getByText(a.t('pool.empty')).waitFor();
      assert.equal((await a.call('lead.list', { owner_id: reps[0] })).total, 1);
      await clean(a, 'pool');

      const now = Date.now(), hour = 3_600_000;
      const deal = await a.call('deal.create', { pipeline_id: pipeline.id, title: '年度框架', owner_id: reps[0], at: new Date(now - 10 * 24 * hour).toISOString() });
      await a.call('activity.create', { type: 'call', deal_id: deal.id, subject: '回访报价', due_at: new Date(now - 2 * hour).toISOString() });
      await a.openTab('leads.tab.today');
      const item = a.dayItem('回访报价');
      await item.waitFor();
      assert.match(await item.innerText(), new RegExp(a.t('act.type.call')));
      await clean(a, 'my day');
      await a.shot(`leads-day-${locale}`);

      await a.openTab('leads.tab.alerts');
      await a.alertSection('alerts.kind.overdue').getByText('回访报价').waitFor();
      await a.alertSection('alerts.kind.stalled').getByText('年度框架').waitFor();
      await a.alertSection('alerts.kind.no_next_step').getByText('年度框架').waitFor();
      assert.equal(await a.tab('leads.tab.alerts').locator('.badge').innerText(), '3');
      await a.shot(`leads-alerts-${locale}`);
      await clean(a, 'alerts');

      await a.openTab('leads.tab.today');
      await item.getByRole('button', { name: a.t('day.complete') }).click();
      await item.getByText(a.t('act.doneAt', { when: '' }).trim()).waitFor();
      const left = await a.call('alert.list', { now: new Date().toISOString(), owner_id: reps[0] });
      assert.equal(left.counts.overdue, 0);

      await a.openTab('leads.tab.rules');
      await a.page.getByLabel(a.t('rules.autoRule')).selectOption({ label: a.t('leads.rule.round_robin') });
      await a.page.getByLabel(a.t('rules.claimLimit')).fill('3');
      await clean(a, 'rules');
      await a.page.getByRole('button', { name: a.t('common.save'), exact: true }).click();
      // Polled from here: page.waitForFunction takes an async function's Promise as truthy at once.
      let s;
      for (const end = Date.now() + 5000; (s = await a.call('lead.settings.get')).pool.claim_limit !== 3;) {
        assert.ok(Date.now() < end, 'the rules were not saved within 5 s');
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(s.assignment.auto_rule, 'round_robin');
      assert.equal((await a.call('lead.create', { name: 'auto' })).owner_id != null, true);  // assigned on create
      await a.shot(`leads-rules-${locale}`);
    } finally { await a.context.close(); }
  });
}
