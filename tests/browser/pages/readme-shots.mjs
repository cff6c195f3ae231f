// Makes the README's screenshots (docs/board-zh.png, docs/funnel-zh.png): the generator's sample
// data in Chinese, the board and the funnel dashboard, in headless Chromium with WenQuanYi fonts.
// Usage: node tests/browser/pages/readme-shots.mjs   (site: $LOUDOU_APP_SITE or build/site)
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { launch, newPage, startServer } from './browser.mjs';

const docs = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs');
mkdirSync(docs, { recursive: true });
const server = await startServer();
const browser = await launch({ lang: 'zh-CN' });
try {
  const { page } = await newPage(browser, { locale: 'zh-CN', width: 1366, height: 820 });
  await page.goto(`${server.url}?db=shots${Date.now()}&lang=zh-CN`);
  await page.waitForFunction(() => window.loudou);
  await page.locator('loudou-first-run button[data-template=sample]').click();
  await page.locator('section.col').first().waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: resolve(docs, 'board-zh.png') });
  await page.evaluate(() => { location.hash = '#/dashboards/funnel'; });
  await page.locator('loudou-chart canvas').waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: resolve(docs, 'funnel-zh.png') });
  console.log(`wrote ${docs}/board-zh.png and funnel-zh.png`);
} finally {
  await browser.close();
  server.stop();
}
