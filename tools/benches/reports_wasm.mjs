// The wasm half of `tools/bench reports`: the web build of the core under node (handed its .wasm
// as wasmBinary), on the SAME database file as the native half — its bytes are copied into a file
// of the in-memory VFS (loudou_vfs_file_reset/_chunk, as the worker does from IndexedDB) and
// opened there — timing the same requests as reports_native.cc. One JSON line per report:
// {name, cold_ms, ms (median warm wall), cpu_ms (median warm CPU of this process), result}.
//   node reports_wasm.mjs BUILD_OUT_DIR DB_FILE REQUESTS_JSON [RUNS]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, dbFile, requestsPath, runs = '9'] = process.argv.slice(2);
const { default: create } = await import(pathToFileURL(path.join(outDir, 'loudou.mjs')));
const mod = await create({ wasmBinary: fs.readFileSync(path.join(outDir, 'loudou.wasm')) });

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

// The file's bytes into the VFS, chunk by chunk (a chunk is one 4 KiB page).
const CHUNK = 4096;
const bytes = fs.readFileSync(dbFile);
const name = cString('bench.db');
if (mod._loudou_vfs_file_reset(name, bytes.length, 0) !== 0) throw new Error('vfs reset failed');
for (let i = 0; i * CHUNK < bytes.length; i++) {
  const p = mod._loudou_vfs_file_chunk(name, i);
  if (!p) throw new Error(`out of memory at chunk ${i}`);
  mod.HEAPU8.set(bytes.subarray(i * CHUNK, Math.min(bytes.length, (i + 1) * CHUNK)), p);  // HEAPU8 after the malloc: memory may have grown
}
mod._free(name);
const opened = JSON.parse(call('_loudou_open', 'bench.db', 'loudou-mem'));
if (!opened.ok) throw new Error(JSON.stringify(opened));

const spec = JSON.parse(fs.readFileSync(requestsPath, 'utf8'));
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
for (const r of spec.requests) {
  const text = JSON.stringify({ op: r.op, args: { ...r.args, pipeline_id: 'sample-pipeline', now: spec.now } });
  const ms = [], cpu = [];
  let first;
  for (let k = 0; k <= Number(runs); k++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    const out = call('_loudou_call', text);
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (k === 0) first = out;
  }
  if (!first.startsWith('{"ok":true')) throw new Error(`${r.name}: ${first}`);
  console.log(JSON.stringify({ name: r.name, cold_ms: ms[0], ms: median(ms.slice(1)), cpu_ms: median(cpu.slice(1)),
                               result: JSON.parse(first).result }));
}
