// Import/export speed in headless Chromium: data.import of a 100,000-row deal CSV (with stage
// dates, so every row writes 2–3 stage events) and data.export of those 100,000 deals as CSV,
// through the app page's engine (window.loudou). Targets: import <= 5 s, export <= 2 s.
// Usage: tools/bench import [rows]   (site: $LOUDOU_APP_SITE, default build/site)
import { launch, newPage, startServer } from '../../tests/browser/pages/browser.mjs';

const rows = Number(process.argv[2] || 100_000);
const server = await startServer();
const browser = await launch();
try {
  const { page } = await newPage(browser, { locale: 'zh-CN' });
  await page.goto(`${server.url}?db=bench${Date.now()}&lang=zh-CN`);
  await page.waitForFunction(() => window.loudou);
  const out = await page.evaluate(async (n) => {
    const db = window.loudou;
    const names = ['初步沟通', '需求确认', '方案报价', '商务谈判'];
    await db.call('pipeline.create', { name: 'Bench', stages: names.map((name, i) => ({ name, probability: 10 + i * 20 })) });
    await db.call('user.create', { name: '王伟' });
    const lines = ['编号,商机名称,客户名称,金额,负责人,来源,行业,创建日期,阶段日期:需求确认,阶段日期:方案报价,状态'];
    for (let i = 0; i < n; i++) {
      const d = 1 + (i % 27);
      lines.push(`B-${i},商机 ${i},客户 ${i % 5000},"${(i % 977) * 13},500.00",王伟,官网,制造业,2025/3/${d},2025-04-${String(d).padStart(2, '0')},` +
        `${i % 2 ? `2025年5月${d}日` : ''},${i % 5 === 0 ? '赢单' : i % 7 === 0 ? '输单' : ''}`);
    }
    const text = lines.join('\r\n') + '\r\n';
    // A dry run does all the work but rolls back: the difference to the import is the commit
    // (persisting the new pages).
    let t0 = performance.now();
    await db.call('data.import', { format: 'csv', entity: 'deal', text, dry_run: true });
    const dryMs = performance.now() - t0;
    t0 = performance.now();
    const r = await db.call('data.import', { format: 'csv', entity: 'deal', text });
    const importMs = performance.now() - t0;
    t0 = performance.now();
    const e = await db.call('data.export', { format: 'csv', entity: 'deal' });
    const exportMs = performance.now() - t0;
    t0 = performance.now();
    const b = await db.call('data.export', { format: 'json' });
    const backupMs = performance.now() - t0;
    return { imported: r.imported, csvMB: text.length / 1e6, dryMs, importMs, exportMs, exportMB: e.text.length / 1e6, backupMs, backupMB: b.text.length / 1e6 };
  }, rows);
  console.log(`rows                 ${out.imported}`);
  console.log(`import CSV (${out.csvMB.toFixed(1)} M chars)  ${(out.importMs / 1000).toFixed(2)} s   target <= 5 s`);
  console.log(`  of which dry run      ${(out.dryMs / 1000).toFixed(2)} s   (the same work, rolled back: no commit)`);
  console.log(`export CSV (${out.exportMB.toFixed(1)} M chars)  ${(out.exportMs / 1000).toFixed(2)} s   target <= 2 s`);
  console.log(`JSON backup (${out.backupMB.toFixed(1)} M chars) ${(out.backupMs / 1000).toFixed(2)} s`);
} finally {
  await browser.close();
  server.stop();
}
