// Exports and first-run restore in real Chromium: a funnel report's table downloads as CSV (its
// numbers equal report.funnel's) and XLSX, its chart as a PNG, the deal list as CSV from the data
// screen; then a fresh browser profile restores the JSON backup from the first-run screen, with no
// pipeline created first, and shows the same deals. The leads inbox and "my day" export the
// records their filters show, in the Data screen's columns, as CSV and Excel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch, startServer } from './pages/browser.mjs';
import { AppPage } from './pages/app-page.mjs';
import { LeadsPage } from './pages/leads-page.mjs';

let browser, server;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const app = (locale, width = 1280) => AppPage.start(browser, server.url, { locale, width });

/** Clicks `button` and returns the downloaded file's name and bytes. */
async function download(page, button) {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: d.suggestedFilename(), bytes: await readFile(await d.path()) };
}

const rows = ['商机编号,商机名称,金额,阶段'];
for (let i = 1; i <= 12; i++) rows.push(`E-${i},导出商机${i},${i * 1000},${i % 3 ? '初步沟通' : '需求确认'}`);
const sheet = rows.join('\r\n') + '\r\n';

test('report table as CSV and XLSX, chart as PNG, deals as CSV; restore from the first-run screen', async () => {
  const a = await app('zh-CN');
  const p = a.page;
  try {
    await a.chooseTemplate('first.b2b');
    const imported = await a.call('data.import', { format: 'csv', entity: 'deal', text: sheet });
    assert.equal(imported.imported, 12);
    const pipeline = (await a.call('pipeline.list')).items[0];
    const report = await a.call('report.funnel', { pipeline_id: pipeline.id, from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });

    await p.evaluate(() => { location.hash = '#/dashboards/funnel'; });
    const what = a.t('dash.funnel');
    const csv = await download(p, p.getByRole('button', { name: a.t('export.as', { what, format: 'CSV' }) }));
    assert.match(csv.name, /^loudou-report-funnel-\d{8}\.csv$/);
    const text = csv.bytes.toString('utf8');
    assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 with BOM for Excel');
    const lines = text.slice(1).trim().split('\r\n').map((l) => l.split(','));
    assert.deepEqual(lines[0].slice(0, 2), [a.t('dash.stage'), a.t('dash.entered')]);
    const first = report.stages[0];
    assert.equal(lines[1][0], first.name);
    assert.equal(Number(lines[1][1]), first.entered, 'the CSV holds the core\'s number');
    assert.equal(first.entered, 12);

    const xlsx = await download(p, p.getByRole('button', { name: a.t('export.as', { what, format: 'Excel' }) }));
    assert.match(xlsx.name, /\.xlsx$/);
    assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip');
    const png = await download(p, p.getByRole('button', { name: a.t('export.as', { what, format: 'PNG' }) }));
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    assert.ok(png.bytes.length > 2000, `a drawn chart, not an empty canvas (${png.bytes.length} bytes)`);

    await p.evaluate(() => { location.hash = '#/data/export'; });
    const dealsCsv = await download(p, p.getByRole('button', { name: a.t('export.as', { what: a.t('export.entity.deal'), format: 'CSV' }) }));
    assert.ok(dealsCsv.bytes.toString('utf8').includes('导出商机7'));

    // A fresh profile: the first-run screen restores the backup without a pipeline being made.
    const backup = (await a.call('data.export', { format: 'json' })).text;
    const file = `/tmp/loudou-backup-${process.pid}.json`;
    await writeFile(file, backup);
    const b = await app('zh-CN', 375);
    try {
      await b.page.getByLabel(b.t('first.restore')).setInputFiles(file);
      await b.card('导出商机7').first().waitFor();
      assert.equal((await b.call('deal.list', { limit: 100 })).total, 12);
      assert.equal((await b.call('data.export', { format: 'json' })).text, backup, 'restored data backs up identically');
    } finally { await b.context.close(); }
    const problems = await p.problems();
    assert.deepEqual(problems.csp, []);
    assert.deepEqual(problems.errors, []);
  } catch (e) {
    await p.screenshot({ path: '/tmp/io/fail-export.png', fullPage: true }).catch(() => {});
    throw e;
  } finally { await a.context.close(); }
});

/** The rows of a downloaded CSV (BOM checked and dropped); cells split on commas (none quoted here). */
function csvRows(file) {
  const text = file.bytes.toString('utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 with BOM for Excel');
  return text.slice(1).trim().split('\r\n').map((l) => l.split(','));
}

/** The rows of a downloaded .xlsx, as text (read with read-excel-file, as the import reads them). */
async function xlsxRows(file) {
  const require = createRequire(resolve(dirname(fileURLToPath(import.meta.url)), '../../web/package.json'));
  const readXlsxFile = (await import(pathToFileURL(require.resolve('read-excel-file/node')).href)).default;
  const sheets = await readXlsxFile(file.bytes);
  return (sheets[0]?.data ?? sheets).map((r) => r.map((c) => (c == null ? '' : String(c))));
}

for (const locale of ['zh-CN', 'en']) {
  test(`leads inbox and my day export what their filters show, as CSV and Excel — ${locale} @375px`, async () => {
    const a = await LeadsPage.start(browser, server.url, { locale, width: 375, height: 780, open: false });
    const { page } = a;
    try {
      const { reps } = await a.setUp();
      const ids = {};
      for (const company of ['甲方科技', '乙方制造', '丙方零售']) ids[company] = (await a.call('lead.create', { company, owner_id: reps[0] })).id;
      await a.call('lead.disqualify', { id: ids['丙方零售'], reason: '无预算' });
      const all = csvRows({ bytes: Buffer.from((await a.call('data.export', { format: 'csv', entity: 'lead', lang: locale })).text) });
      await a.go('#/leads');
      await a.page.getByText(a.t('leads.count', { n: 2 })).waitFor();
      const what = a.t('export.entity.lead');
      // The default filter (open leads): the disqualified one is not in the file.
      const csv = await download(page, page.getByRole('button', { name: a.t('export.filtered', { what, format: 'CSV' }) }));
      assert.match(csv.name, /^loudou-leads-\d{8}\.csv$/);
      const rows = csvRows(csv);
      assert.deepEqual(rows[0], all[0], 'the Data screen\'s columns (they import back)');
      assert.deepEqual(rows.slice(1).map((r) => r[0]).sort(), [ids['甲方科技'], ids['乙方制造']].sort());
      assert.deepEqual(rows.find((r) => r[0] === ids['甲方科技']), all.find((r) => r[0] === ids['甲方科技']));
      // A text search narrows the file too; Excel holds the same cells.
      await page.getByLabel(a.t('leads.search')).fill('甲方');
      await page.getByLabel(a.t('leads.search')).press('Enter');
      await a.page.getByText(a.t('leads.count', { n: 1 })).waitFor();
      const xlsx = await download(page, page.getByRole('button', { name: a.t('export.filtered', { what, format: 'Excel' }) }));
      assert.match(xlsx.name, /^loudou-leads-\d{8}\.xlsx$/);
      const sheet = await xlsxRows(xlsx);
      assert.deepEqual(sheet[0], all[0]);
      assert.deepEqual(sheet.slice(1).map((r) => r[0]), [ids['甲方科技']]);
      await a.shot(`io-leads-export-${locale}`);

      // My day: the rep's follow-ups of the chosen day only.
      const now = Date.now(), day = 24 * 3_600_000;
      const today = await a.call('activity.create', { type: 'call', lead_id: ids['甲方科技'], owner_id: reps[0], subject: '今天回访', due_at: new Date(now + 60_000).toISOString() });
      await a.call('activity.create', { type: 'meeting', lead_id: ids['乙方制造'], owner_id: reps[0], subject: '下周拜访', due_at: new Date(now + 7 * day).toISOString() });
      await a.call('activity.create', { type: 'call', lead_id: ids['乙方制造'], owner_id: reps[1], subject: '别人的', due_at: new Date(now + 60_000).toISOString() });
      await a.openTab('leads.tab.today');
      await a.dayItem('今天回访').waitFor();
      const acts = await download(page, page.getByRole('button', { name: a.t('export.filtered', { what: a.t('export.entity.activity'), format: 'CSV' }) }));
      assert.match(acts.name, /^loudou-activities-\d{4}-\d{2}-\d{2}-\d{8}\.csv$/);
      const actRows = csvRows(acts);
      const allActs = csvRows({ bytes: Buffer.from((await a.call('data.export', { format: 'csv', entity: 'activity', lang: locale })).text) });
      assert.deepEqual(actRows[0], allActs[0]);
      assert.deepEqual(actRows.slice(1).map((r) => r[0]), [today.id]);
      const actXlsx = await download(page, page.getByRole('button', { name: a.t('export.filtered', { what: a.t('export.entity.activity'), format: 'Excel' }) }));
      assert.deepEqual((await xlsxRows(actXlsx)).slice(1).map((r) => r[0]), [today.id]);
      await a.shot(`io-day-export-${locale}`);
      const problems = await page.problems();
      assert.deepEqual(problems.csp, []);
      assert.deepEqual(problems.errors, []);
    } catch (e) {
      await page.screenshot({ path: `/tmp/io/fail-lists-${locale}.png`, fullPage: true }).catch(() => {});
      throw e;
    } finally { await a.context.close(); }
  });
}
