// The behaviour cases of tests/cases/*.json (format: tests/cases/README.md) against the wasm
// build, through the same VFS the browser uses: native and wasm are held to one suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { newCore, root } from './wasm_core.mjs';

const casesDir = resolve(root, 'tests/cases');

export function substitute(v, vars) {
  if (Array.isArray(v)) return v.map((x) => substitute(x, vars));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, vars)]));
  if (typeof v !== 'string') return v;
  const whole = /^\$\{([^}]+)\}$/.exec(v);
  if (whole) {
    if (!(whole[1] in vars)) throw new Error(`unknown saved value ${whole[1]}`);
    return vars[whole[1]];
  }
  return v.replace(/\$\{([^}]+)\}/g, (_, k) => {
    if (!(k in vars)) throw new Error(`unknown saved value ${k}`);
    const x = vars[k];
    return typeof x === 'string' ? x : JSON.stringify(x);
  });
}

export function atPath(v, path) {
  let cur = v;
  for (const part of path.split('.')) {
    if (cur && typeof cur === 'object' && part in cur) cur = cur[part];
    else return { found: false };
  }
  return { found: true, value: cur };
}

// Subset match: "" when `actual` matches `expected`, else where it first differs.
export function difference(expected, actual, path = '') {
  const show = (x) => JSON.stringify(x);
  if (typeof expected === 'string') {
    if (expected === '$any') return '';
    if (expected === '$string') return typeof actual === 'string' ? '' : `${path}: expected a string, got ${show(actual)}`;
    if (expected === '$number') return typeof actual === 'number' ? '' : `${path}: expected a number, got ${show(actual)}`;
    if (expected === '$nonempty')
      return (typeof actual === 'string' || Array.isArray(actual)) && actual.length ? '' : `${path}: expected non-empty, got ${show(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected a list, got ${show(actual)}`;
    if (expected.length !== actual.length) return `${path}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = difference(expected[i], actual[i], `${path}.${i}`);
      if (m) return m;
    }
    return '';
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return `${path}: expected an object, got ${show(actual)}`;
    for (const [k, e] of Object.entries(expected)) {
      const sub = path ? `${path}.${k}` : k;
      if (e === '$absent') {
        if (k in actual) return `${sub}: expected no such key, got ${show(actual[k])}`;
        continue;
      }
      if (!(k in actual)) return `${sub}: missing`;
      const m = difference(e, actual[k], sub);
      if (m) return m;
    }
    return '';
  }
  return expected === actual ? '' : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

test('the matcher tells matches from differences', () => {
  const actual = { ok: true, result: { id: 'x', n: 3, stages: [1], f: null } };
  assert.equal(difference({ result: { id: '$string', n: '$number', x: '$absent', stages: '$nonempty', f: null } }, actual), '');
  assert.notEqual(difference({ result: { id: '$absent' } }, actual), '');
  assert.notEqual(difference({ result: { stages: [1, 2] } }, actual), '');
  assert.notEqual(difference({ result: { n: 4 } }, actual), '');
  assert.deepEqual(substitute({ a: '${n}', b: 'x-${p}-${n}' }, { n: 5, p: 'q' }), { a: 5, b: 'x-q-5' });
});

const files = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort();
const suites = files.map((file) => {
  const { cases } = JSON.parse(readFileSync(resolve(casesDir, file), 'utf8'));
  assert.ok(Array.isArray(cases), `${file} is not {"cases": [...]}`);
  return { file, cases };
});

// Every op a case sends (a batch's inner ops too).
function opsOf(c) {
  const ops = new Set();
  for (const step of c.steps) {
    const r = step.request || {};
    ops.add(r.op);
    const inner = r.op === 'batch' && Array.isArray(r.args?.requests) ? r.args.requests : [];
    for (const q of inner) ops.add(q?.op);
  }
  return [...ops].filter((op) => typeof op === 'string');
}

function runCase(core, c, db) {
  // A fresh, empty database per case, in the browser's VFS.
  core.load(db, 0, []);
  const opened = core.open(db);
  assert.ok(opened.ok, JSON.stringify(opened));
  const vars = {};
  c.steps.forEach((step, n) => {
    const request = substitute(step.request, vars);
    const text = core.call(JSON.stringify(request));
    const response = JSON.parse(text);
    if (step.expect) {
      const m = difference(substitute(step.expect, vars), response);
      assert.equal(m, '', `step ${n}: ${m}\nrequest:  ${JSON.stringify(request)}\nresponse: ${text}`);
    }
    for (const [k, path] of Object.entries(step.save || {})) {
      const { found, value } = atPath(response, path);
      assert.ok(found, `step ${n}: save ${k}: nothing at ${path} in ${text}`);
      vars[k] = value;
    }
  });
  core.close();
}

let serial = 0;
const core = await newCore(() => {});
for (const { file, cases } of suites) {
  cases.forEach((c, index) => test(`${file} #${index}: ${c.name}`, () => runCase(core, c, `case-${++serial}`)));
}

// The smaller modules the pages start on answer their ops exactly as the full one: every case whose
// ops they all carry runs on them too. A case naming an unknown op on purpose runs only above.
for (const module of ['loudou-lite', 'loudou-board']) {
  const small = await newCore(() => {}, module);
  small.load('probe', 0, []);
  assert.ok(small.open('probe').ok);
  assert.ok(small.hasOp('deal.move') && !small.hasOp('report.funnel'), `${module} carries the board's ops and not the reports`);
  // Chosen before any is registered: a test may start at once, and each closes the engine has_op asks.
  const chosen = suites.flatMap(({ file, cases }) =>
    cases.map((c, index) => ({ file, c, index })).filter(({ c }) => opsOf(c).every((op) => small.hasOp(op))));
  test(`${module} runs a fair share of the cases`, () => assert.ok(chosen.length >= 20, `only ${chosen.length} cases`));
  for (const { file, c, index } of chosen)
    test(`${module}: ${file} #${index}: ${c.name}`, () => runCase(small, c, `case-${++serial}`));
}
