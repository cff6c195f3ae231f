// The table of `tools/bench reports`: joins the JSON lines of the native, wasm (node), sql.js and
// wasm (Chromium) runs, checks that the outputs agree (wasm = native exactly, in both engines;
// every figure the sql.js peer computes = ours, up to float summation order) and prints one
// markdown row per report. Node ratios are of CPU time (the machine is shared, so wall time also
// counts other people's builds; wall is shown too). A page cannot read its CPU time, so the
// Chromium ratio is of wall time against native wall time.
//   node reports_table.mjs NATIVE.jsonl WASM.jsonl SQLJS.jsonl [CHROMIUM.jsonl]
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

// A file may hold several rounds (reports.sh --rounds): each report keeps its best median, and
// every round's result must be the same.
function load(f) {
  const out = new Map();
  for (const l of fs.readFileSync(f, 'utf8').trim().split('\n').map(JSON.parse)) {
    const seen = out.get(l.name);
    if (!seen) { out.set(l.name, l); continue; }
    if (!isDeepStrictEqual(seen.result, l.result)) seen.unstable = true;
    seen.ms = Math.min(seen.ms, l.ms);
    seen.cpu_ms = Math.min(seen.cpu_ms, l.cpu_ms);
  }
  return out;
}
const [native, wasm, sqljs, chromium = new Map()] = process.argv.slice(2).map(load);

// Every key the peer gives must equal ours; numbers within 1e-9 relative (JS sums doubles in
// another order than the core's exact integer sums).
function diff(peer, ours, at = '') {
  if (typeof peer === 'number' && typeof ours === 'number')
    return Math.abs(peer - ours) <= 1e-9 * Math.max(1, Math.abs(ours)) ? null : `${at}: ${peer} vs ${ours}`;
  if (Array.isArray(peer)) {
    if (!Array.isArray(ours) || ours.length !== peer.length) return `${at}: length ${peer.length} vs ${ours?.length}`;
    for (let i = 0; i < peer.length; i++) { const d = diff(peer[i], ours[i], `${at}[${i}]`); if (d) return d; }
    return null;
  }
  if (peer && typeof peer === 'object') {
    if (!ours || typeof ours !== 'object') return `${at}: missing`;
    for (const k of Object.keys(peer)) { const d = diff(peer[k], ours[k], `${at}.${k}`); if (d) return d; }
    return null;
  }
  return peer === ours ? null : `${at}: ${JSON.stringify(peer)} vs ${JSON.stringify(ours)}`;
}

const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const r = (a, b) => `${(a / b).toFixed(2)}×`;
console.log('| report | native ms | wasm in Chromium ms | Chromium / native | wasm in node ms | node / native | sql.js (node) ms | sql.js / wasm (node) | outputs |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|');
let bad = 0;
for (const [name, n] of native) {
  const w = wasm.get(name), s = sqljs.get(name), c = chromium.get(name);
  const notes = [];
  for (const [side, l] of [['native', n], ['node', w], ['sql.js', s], ['Chromium', c]]) if (l?.unstable) notes.push(`${side} answered differently between rounds`);
  if (!w || !isDeepStrictEqual(w.result, n.result)) notes.push('wasm ≠ native');
  if (chromium.size && (!c || !isDeepStrictEqual(c.result, n.result))) notes.push('Chromium ≠ native');
  const d = s ? diff(s.result, n.result, 'result') : 'missing';
  if (d) notes.push(`sql.js ≠ ours at ${d}`);
  if (notes.length) bad++;
  console.log(`| ${name} | ${f(n.cpu_ms)} (${f(n.ms)}) | ${c ? f(c.ms) : '–'} | ${c ? r(c.ms, n.ms) : '–'} | ${w ? `${f(w.cpu_ms)} (${f(w.ms)})` : '–'} | ${w ? r(w.cpu_ms, n.cpu_ms) : '–'} | ` +
              `${s ? `${f(s.cpu_ms)} (${f(s.ms)})` : '–'} | ${s && w ? r(s.cpu_ms, w.cpu_ms) : '–'} | ${notes.length ? notes.join('; ') : 'equal'} |`);
}
console.log('\nms: median warm CPU time of the process (wall time in parentheses); Chromium: median warm wall time, its ratio to native wall.');
if (bad) { console.error(`${bad} report(s) disagree`); process.exitCode = 1; }
