// Exports and first-run restore in real Chromium: a funnel report's table downloads as CSV (its
// numbers equal report.funnel's) and XLSX, its chart as a PNG, the deal list as CSV from the data
// screen; then a fresh browser profile restores the JSON backup from the first-run screen, with no
// pipeline created first, and shows the same deals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { launch, newPage, startServer } from './pages/browser.mjs';
import { AppPage } from './pages/app-page.mjs';

let browser, server;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

async function app(locale, width = 1280) {
  const { context, page } = await newPage(browser, { locale, width });
  const a = new AppPage(page, server.url, locale);
  a.context = context;
  await a.open();
  return a;
}

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
