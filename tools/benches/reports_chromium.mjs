// The browser half of `tools/bench reports`: the same module and requests as reports_wasm.mjs,
// run where users run them, in headless Chromium (Debian's, through playwright-core). Node 20's V8
// is 11.3; the browser's is years newer and compiles the same module to faster code, so the
// ratio a user sees is this one. One JSON line per report, like the other halves:
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
    const { default: create } = await import('/loudou.mjs');
    const mod = await create({});
    const cString = (s) => {
      const n = mod.lengthBytesUTF8(s) + 1, p = mod._malloc(n);
      mod.stringToUTF8(s, p, n);
      return p;
    };
    const call = (fn, ...args) => {
      const ptrs = args.map(cString);
      const r = mod[fn](...ptrs);
      ptrs.forEach((p) => mod._free(p));
      const text = mod.UTF8ToString(r);
      mod._loudou_free(r);
      return text;
    };
    // The file's bytes into the in-memory VFS, page by page, as reports_wasm.mjs does.
    const CHUNK = 4096;
    const bytes = new Uint8Array(await (await fetch('/bench.db')).arrayBuffer());
    const name = cString('bench.db');
    if (mod._loudou_vfs_file_reset(name, bytes.length, 0) !== 0) throw new Error('vfs reset failed');
    for (let i = 0; i * CHUNK < bytes.length; i++) {
      const p = mod._loudou_vfs_file_chunk(name, i);
      if (!p) throw new Error(`out of memory at chunk ${i}`);
      mod.HEAPU8.set(bytes.subarray(i * CHUNK, Math.min(bytes.length, (i + 1) * CHUNK)), p);
    }
    mod._free(name);
    const opened = JSON.parse(call('_loudou_open', 'bench.db', 'loudou-mem'));
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
    const out = [];
    for (const r of spec.requests) {
      const text = JSON.stringify({ op: r.op, args: { ...r.args, pipeline_id: 'sample-pipeline', now: spec.now } });
      const ms = [];
      let first;
      for (let k = 0; k <= runs; k++) {
        const t0 = performance.now();
        const o = call('_loudou_call', text);
        ms.push(performance.now() - t0);
        if (k === 0) first = o;
      }
      if (!first.startsWith('{"ok":true')) throw new Error(`${r.name}: ${first.slice(0, 300)}`);
      const warm = median(ms.slice(1));
      out.push(JSON.stringify({ name: r.name, cold_ms: ms[0], ms: warm, cpu_ms: warm, result: JSON.parse(first).result }));
    }
    return out;
  }, { spec, runs: Number(runs) });
  for (const line of lines) console.log(line);
} finally {
  await browser.close();
  server.close();
}
