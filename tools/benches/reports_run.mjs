// The timing loop both wasm halves of `tools/bench reports` share, in node (reports_wasm.mjs) and
// in a Chromium page (reports_chromium.mjs serves this file beside the module): the database's
// bytes copied into a file of the in-memory VFS (loudou_vfs_file_reset/_chunk, as the worker does
// from IndexedDB) and opened there, then every request timed. Plain ES, no node imports.
// Returns one JSON line per report: {name, cold_ms, ms (median warm wall), cpu_ms, result};
// `cpuMs()` reads the process's CPU time where there is one (node), else cpu_ms = ms.
export function runReports(mod, bytes, spec, runs, cpuMs = null) {
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
  const CHUNK = 4096;  // a chunk is one 4 KiB page
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

  const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  const lines = [];
  for (const r of spec.requests) {
    const text = JSON.stringify({ op: r.op, args: { ...r.args, pipeline_id: 'sample-pipeline', now: spec.now } });
    const ms = [], cpu = [];
    let first;
    for (let k = 0; k <= runs; k++) {
      const c0 = cpuMs?.(), t0 = performance.now();
      const out = call('_loudou_call', text);
      ms.push(performance.now() - t0);
      if (cpuMs) cpu.push(cpuMs() - c0);
      if (k === 0) first = out;
    }
    if (!first.startsWith('{"ok":true')) throw new Error(`${r.name}: ${first.slice(0, 300)}`);
    const warm = median(ms.slice(1));
    lines.push(JSON.stringify({ name: r.name, cold_ms: ms[0], ms: warm, cpu_ms: cpuMs ? median(cpu.slice(1)) : warm,
                                result: JSON.parse(first).result }));
  }
  return lines;
}
