// Shared browser plumbing for the app's Playwright tests: Debian's Chromium, a static server
// with the strict CSP (tools/serve.mjs) over the built site, and per-page guards that collect
// CSP violations, page errors and dialogs (an alert() would mean injected script ran).
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// playwright-core is installed with the web app's dev dependencies.
const { chromium } = createRequire(resolve(root, 'web/package.json'))('playwright-core');

/** The built site to test: $LOUDOU_APP_SITE, else build/site (what tools/loudou builds). */
export function siteDir() {
  return resolve(root, process.env.LOUDOU_APP_SITE || 'build/site');
}

export async function startServer(dir = siteDir()) {
  if (!existsSync(resolve(dir, 'index.html'))) throw new Error(`no site at ${dir}: build it first`);
  const port = 8500 + Math.floor(Math.random() * 400);
  const proc = spawn(process.execPath, [resolve(root, 'tools/serve.mjs'), dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    proc.stdout.on('data', (d) => { if (String(d).includes('http://')) ok(); });
    proc.on('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => proc.kill() };
}

/** Chromium; `lang` sets its UI language (date pickers follow it, not the page's locale). */
export function launch({ lang } = {}) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: [...(lang ? [`--lang=${lang}`] : []), '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-quic', '--no-first-run', '--disable-sync'],
  });
}

/** A fresh context+page with guards. width 375 = a phone (touch); locale drives the app language. */
export async function newPage(browser, { locale = 'zh-CN', width = 1280, height = 860 } = {}) {
  const phone = width <= 480;
  const context = await browser.newContext({
    viewport: { width, height }, locale, hasTouch: phone, isMobile: phone, deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const problems = { csp: [], errors: [], dialogs: [] };
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`));
  });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) problems.csp.push(m.text()); });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  page.on('dialog', (d) => {
    if (d.type() === 'confirm') { d.accept(); return; }
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss();
  });
  page.problems = async () => ({ ...problems, csp: [...problems.csp, ...(await page.evaluate(() => window.__csp || []).catch(() => []))] });
  return { context, page };
}
