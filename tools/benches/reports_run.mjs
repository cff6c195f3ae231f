// The timing loop both wasm halves of `tools/bench reports` share, in node (reports_wasm.mjs) and
// in a Chromium page (reports_chromium.mjs serves this file and core.js at their paths in the
// repository): the database's bytes loaded into a file of the in-memory VFS through the app's own
// Core (core.js, as the worker fills it from IndexedDB) and opened there, then every request
// timed. Plain ES, no node imports.
import { chunksOf } from '../../web/src/engine/core.js';

// Returns one JSON line per report: {name, cold_ms, ms (median warm wall), cpu_ms, result};
// `cpuMs()` reads the process's CPU time where there is one (node), else cpu_ms = ms.
export function runReports(core, bytes, spec, runs, cpuMs = null) {
  core.load('bench.db', bytes.length, chunksOf(bytes));
  const opened = core.open('bench.db');
  if (!opened.ok) throw new Error(JSON.stringify(opened));

  const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  const lines = [];
  for (const r of spec.requests) {
    const text = JSON.stringify({ op: r.op, args: { ...r.args, pipeline_id: 'sample-pipeline', now: spec.now } });
    const ms = [], cpu = [];
    let first;
    for (let k = 0; k <= runs; k++) {
      const c0 = cpuMs?.(), t0 = performance.now();
      const out = core.call(text);
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
