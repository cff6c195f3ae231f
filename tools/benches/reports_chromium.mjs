// The browser half of `tools/bench reports`: the same module and requests as reports_wasm.mjs,
// run where users run them, in headless Chromium (Debian's, through playwright-core). Node 20's V8
// is 11.3; the browser's is years newer and compiles the same module to faster code, so the
// ratio a user sees is this one. The loop is reports_run.mjs, shared with the node half. One JSON
// line per report, like the other halves:
// {name, cold_ms, ms (median warm wall time), cpu_ms (= ms: a page cannot read its CPU time), result}.
//   node reports_chromium.mjs BUILD_OUT_DIR DB_FILE REQUESTS_JSON [RUNS]
//
// Like the node run, V8 compiles every function with its optimising tier first (--no-liftoff):
// the steady state Chromium reaches once hot functions have tiered up or its code cache holds
// the optimised module. The page is cross-origin isolated so performance.now() counts in 5 µs
// steps rather than 100 µs (the smallest report takes ~2 ms).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launch } from '../../tests/browser/lib/chromium.mjs';

const [outDir, dbFile, requestsPath, runs = '9'] = process.argv.slice(2);
const files = {
  '/': [null, 'text/html'],
  '/loudou.mjs': [path.join(outDir, 'loudou.mjs'), 'text/javascript'],
  '/loudou.wasm': [path.join(outDir, 'loudou.wasm'), 'application/wasm'],
  // At their paths in the repository, so reports_run.mjs imports core.js as it does in node.
  '/tools/benches/reports_run.mjs': [new URL('./reports_run.mjs', import.meta.url).pathname, 'text/javascript'],
  '/web/src/engine/core.js': [new URL('../../web/src/engine/core.js', import.meta.url).pathname, 'text/javascript'],
  '/bench.db': [dbFile, 'application/octet-stream'],
};
const server = http.createServer((req, res) => {
  const f = files[req.url];
  if (!f) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': f[1], 'cross-origin-opener-policy': 'same-origin',
                       'cross-origin-embedder-policy': 'require-corp' });
  if (!f[0]) return res.end('<!doctype html><title>tools/bench reports</title>');
  fs.createReadStream(f[0]).pipe(res);
}).listen(0, '127.0.0.1');
await new Promise((ok) => server.on('listening', ok));

const browser = await launch({ args: ['--js-flags=--no-liftoff'] });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const spec = JSON.parse(fs.readFileSync(requestsPath, 'utf8'));
  const lines = await page.evaluate(async ({ spec, runs }) => {
    if (!crossOriginIsolated) throw new Error('the bench page is not cross-origin isolated');
    const [{ loadCore }, { runReports }] = await Promise.all([import('/web/src/engine/core.js'), import('/tools/benches/reports_run.mjs')]);
    const core = await loadCore({ moduleUrl: '/loudou.mjs' });
    const bytes = new Uint8Array(await (await fetch('/bench.db')).arrayBuffer());
    return runReports(core, bytes, spec, runs);
  }, { spec, runs: Number(runs) });
  for (const line of lines) console.log(line);
} finally {
  await browser.close();
  server.close();
}
