// Import and backup through the app in real Chromium: a GBK CSV of 50 deals (3 with a stage name
// the pipeline lacks, and a deal-name header the import cannot guess) goes through the wizard —
// map the column, see the 3 row errors, map the stage, check, import — and the deals are on the
// board; then a JSON backup restores into a fresh browser profile with the same data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, startServer } from './pages/browser.mjs';
import { AppPage } from './pages/app-page.mjs';

const fixture = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures/deals-gbk.csv');
let browser, server;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const app = (locale, width = 1280) => AppPage.start(browser, server.url, { locale, width });

for (const [locale, width] of [['zh-CN', 1280], ['en', 375]]) {
  test(`a GBK CSV through the import wizard, then backup and restore — ${locale} @${width}px`, async () => {
    const a = await app(locale, width);
    const p = a.page;
    try {
      await a.chooseTemplate('first.b2b');
      await p.evaluate(() => { location.hash = '#/data/import'; });  // a reload would drop the in-memory test database
      await p.getByLabel(a.t('import.file')).setInputFiles(fixture);
      await p.getByText(a.t('import.fileInfo', { name: 'deals-gbk.csv', rows: 50, encoding: 'gb18030' })).waitFor();
      await p.getByLabel(a.t('import.fieldFor', { column: '项目名' })).selectOption('title');
      await p.getByRole('button', { name: a.t('import.check') }).click();
      // In Chinese the template's stages carry the file's names, so only the 3 "谈判中" rows fail;
      // in English every row names a stage the pipeline does not have.
      const bad = locale === 'zh-CN' ? 3 : 50;
      await p.getByRole('alert').filter({ hasText: a.t('import.hasErrors', { count: bad }) }).waitFor();
      const errorRows = await p.getByRole('listitem').filter({ hasText: '谈判中' }).allInnerTexts();
      assert.equal(errorRows.length, 3, errorRows.join('\n'));
      for (const row of [8, 24, 42]) assert.ok(errorRows.some((x) => x.includes(String(row))), `row ${row} is listed`);
      assert.equal((await a.call('deal.list')).total, 0, 'nothing written while rows have errors');
      const stageFor = { 线索获取: 1, 初步沟通: 2, 需求确认: 3, '方案/报价': 4, 商务谈判: 5, 谈判中: 5 };
      for (const [value, n] of Object.entries(stageFor)) {
        const select = p.getByLabel(new RegExp(`^${a.t('import.valueRows', { value, rows: 'N' }).split('N')[0].replace(/[/()]/g, '\\$&')}`));
        if (await select.count()) await select.selectOption({ label: a.t(`stage.b2b.${n}`) });
      }
      await p.getByRole('button', { name: a.t('import.check') }).click();
      await p.getByText(a.t('import.checked', { imported: 50, updated: 0 })).first().waitFor();
      await p.getByRole('button', { name: a.t('import.commit'), exact: true }).click();
      await p.getByText(a.t('import.done', { imported: 50, updated: 0 })).first().waitFor();
      if (width > 480) await p.screenshot({ path: resolve(process.env.LOUDOU_SHOTS || '/tmp', `import-done-${locale}.png`) });

      const deals = await a.call('deal.list', { limit: 100 });
      assert.equal(deals.total, 50);
      const d7 = deals.items.find((d) => d.title === '导入商机07');
      const pipeline = (await a.call('pipeline.list')).items[0];
      assert.equal(d7.stage_id, pipeline.stages[4].id, 'mapped 谈判中 to 商务谈判');
      assert.equal(deals.items.find((d) => d.title === '导入商机03').amount, 370250);
      assert.equal(deals.items.find((d) => d.title === '导入商机01').amount, 1500000);

      await p.getByRole('link', { name: a.t('import.toBoard') }).click();
      await a.card('导入商机01').first().waitFor();

      // Backup, then restore into a fresh profile (a new browser context: empty storage).
      const backup = (await a.call('data.export', { format: 'json' })).text;
      const b = await app(locale, width);
      try {
        const r = await b.call('data.import', { format: 'json', text: backup });
        assert.equal(r.restored.deal, 50);
        assert.equal((await b.call('data.export', { format: 'json' })).text, backup, 'the restored data backs up identically');
        await b.page.evaluate(() => { location.hash = '#/board'; });
        await b.card('导入商机01').first().waitFor();
      } finally { await b.context.close(); }
      const problems = await p.problems();
      assert.deepEqual(problems.csp, []);
      assert.deepEqual(problems.errors, []);
    } catch (e) {
      await p.screenshot({ path: `/tmp/io/fail-${locale}.png`, fullPage: true }).catch(() => {});
      throw e;
    } finally { await a.context.close(); }
  });
}
