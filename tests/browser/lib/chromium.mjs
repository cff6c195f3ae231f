// Browser plumbing any browser test can reuse: Debian's Chromium through playwright-core, a
// static server over a built site with the strict CSP (tools/serve.mjs), and a guard that
// records CSP violations and page errors.
//   const server = await serveSite();          // build/site, or $LOUDOU_SITE_DIR
//   const browser = await launch();            // headless; launch({userDataDir}) keeps a profile
//   const page = await guardedPage(context);   // page.problems() -> {csp: [], errors: []}
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { chromium } = createRequire(resolve(root, 'web/package.json'))('playwright-core');
export { chromium };

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'];

/** The built site: $LOUDOU_SITE_DIR, else build/site. */
export function siteDir() {
  return resolve(root, process.env.LOUDOU_SITE_DIR || 'build/site');
}

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

/** Serves `dir` with tools/serve.mjs on a free port: {url, stop()}. */
export async function serveSite(dir = siteDir()) {
  if (!existsSync(resolve(dir, 'index.html'))) throw new Error(`no site at ${dir}: build it first`);
  const port = await freePort();
  const proc = spawn(process.execPath, [resolve(root, 'tools/serve.mjs'), dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok, fail) => {
    proc.stdout.on('data', (d) => { if (String(d).includes('http://')) ok(); });
    proc.on('exit', (c) => fail(new Error(`server exited ${c}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => proc.kill() };
}

/** Headless Chromium: a Browser, or with {userDataDir} a persistent BrowserContext. */
export function launch({ userDataDir, args = [] } = {}) {
  const options = { executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args] };
  return userDataDir ? chromium.launchPersistentContext(userDataDir, options) : chromium.launch(options);
}

/**
 * A Chromium this process starts itself (so a test can SIGKILL it like a crash) on profile
 * `userDataDir`, connected over CDP: {browser, context, kill()}.
 */
export async function launchKillable(userDataDir) {
  const proc = spawn(CHROMIUM, ['--headless=new', '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`,
    ...CHROMIUM_ARGS, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const ws = await new Promise((ok, fail) => {
    let text = '';
    proc.stderr.on('data', (d) => {
      text += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) ok(m[1]);
    });
    proc.on('exit', (c) => fail(new Error(`chromium exited ${c}: ${text.slice(-500)}`)));
  });
  const browser = await chromium.connectOverCDP(ws);
  const exited = new Promise((ok) => proc.on('exit', ok));
  return {
    browser,
    context: browser.contexts()[0],
    // The whole process group: the browser and its renderer, GPU and utility children.
    kill: async () => { try { process.kill(-proc.pid, 'SIGKILL'); } catch {} await exited; },
    close: async () => { await browser.close().catch(() => {}); try { process.kill(-proc.pid, 'SIGTERM'); } catch {} await exited; },
  };
}

/** A new page in `context` that records CSP violations and page errors: page.problems(). */
export async function guardedPage(context) {
  const page = await context.newPage();
  const problems = { csp: [], errors: [] };
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) problems.csp.push(m.text()); });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  page.problems = async () => ({
    ...problems,
    csp: [...problems.csp, ...(await page.evaluate(() => window.__csp || []).catch(() => []))],
  });
  return page;
}

/** Opens the app page on database `db` and waits for window.loudou. */
export async function openApp(page, url, db) {
  await page.goto(`${url}?db=${encodeURIComponent(db)}`);
  await page.waitForFunction(() => window.loudou, null, { timeout: 30000 });
}
