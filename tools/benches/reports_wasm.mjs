// The wasm half of `tools/bench reports`: the web build of the core under node (handed its
// .wasm as wasmBinary), generating the same history in memory (sample.generate is deterministic
// across builds) and timing the same requests as reports_native.cc.
//   node reports_wasm.mjs BUILD_OUT_DIR REQUESTS_JSON DEALS RUNS
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, requestsPath, deals = '100000', runs = '9'] = process.argv.slice(2);
const { default: create } = await import(pathToFileURL(path.join(outDir, 'loudou.mjs')));
const mod = await create({ wasmBinary: fs.readFileSync(path.join(outDir, 'loudou.wasm')) });
const call = (fn, ...args) => {
  const ptrs = args.map((s) => {
    const n = mod.lengthBytesUTF8(s) + 1, p = mod._malloc(n);
    mod.stringToUTF8(s, p, n);
    return p;
  });
  const r = mod[fn](...ptrs);
  ptrs.forEach((p) => mod._free(p));
  const text = mod.UTF8ToString(r);
  mod._loudou_free(r);
  return text;
};
const spec = JSON.parse(fs.readFileSync(requestsPath, 'utf8'));
call('_loudou_open', '', '');
let t0 = performance.now();
const gen = JSON.parse(call('_loudou_call', JSON.stringify({ op: 'sample.generate', args: { seed: 1, deals: Number(deals), now: spec.now } })));
if (!gen.ok) throw new Error(JSON.stringify(gen));
console.error(`wasm: generated ${deals} deals in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
for (const r of spec.requests) {
  const text = JSON.stringify({ op: r.op, args: { ...r.args, pipeline_id: 'sample-pipeline', now: spec.now } });
  const ms = [];
  let first;
  for (let k = 0; k <= Number(runs); k++) {
    t0 = performance.now();
    const out = call('_loudou_call', text);
    ms.push(performance.now() - t0);
    if (k === 0) first = out;
  }
  if (!first.startsWith('{"ok":true')) throw new Error(`${r.name}: ${first}`);
  const warm = ms.slice(1).sort((a, b) => a - b);
  console.log(JSON.stringify({ name: r.name, cold_ms: ms[0], ms: warm[warm.length >> 1], result: JSON.parse(first).result }));
}
