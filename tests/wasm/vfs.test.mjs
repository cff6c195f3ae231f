// The loudou-mem VFS as the browser uses it: what it hands to JavaScript at each commit is enough
// to rebuild the database (that is all IndexedDB ever gets), failed writes hand over nothing, and
// import checks a file before it replaces the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newCore } from './wasm_core.mjs';
import { PER_RECORD, recordOf, recordCount, logEntry, replay, lineageOf } from '../../web/src/engine/page_store.js';

const CHUNK = 4096;

// What page_store.js does to IndexedDB, on a Map: put the pages, drop those past the end.
function storeFor(name) {
  const store = { size: 0, pages: new Map(), commits: 0 };
  store.apply = (file, size, pages) => {
    if (file !== name) return;
    for (const [i, buf] of pages) store.pages.set(i, buf);
    for (const i of store.pages.keys()) if (i >= Math.ceil(size / CHUNK)) store.pages.delete(i);
    store.size = size;
    store.commits++;
  };
  return store;
}

const call = (core, op, args = {}) => JSON.parse(core.call(JSON.stringify({ op, args })));
const pipeline = { name: 'B2B', stages: [{ name: 'Lead', probability: 10 }, { name: 'Won', probability: 90 }] };

test('the commits handed to JavaScript rebuild the database exactly', async () => {
  const store = storeFor('db');
  const core = await newCore((...a) => store.apply(...a));
  core.load('db', 0, []);
  assert.ok(core.open('db').ok);
  const p = call(core, 'pipeline.create', pipeline).result;
  for (let i = 0; i < 300; i++) assert.ok(call(core, 'deal.create', { pipeline_id: p.id, title: `Deal ${i} ${'x'.repeat(200)}` }).ok);
  assert.ok(call(core, 'deal.delete', { id: call(core, 'deal.list', { limit: 1 }).result.items[0].id }).ok);
  const live = core.bytes('db');
  assert.equal(store.size, live.length);

  const again = await newCore(() => {});
  again.load('db', store.size, store.pages);
  assert.deepEqual(again.bytes('db'), live, 'byte for byte');
  assert.ok(again.open('db').ok);
  assert.deepEqual(again.check('db').result, { integrity: 'ok', schema_version: again.check('db').result.schema_version });
  assert.equal(call(again, 'deal.list', {}).result.total, 299);
});

test('a refused write or a failed batch hands nothing over and changes nothing', async () => {
  const store = storeFor('db');
  const core = await newCore((...a) => store.apply(...a));
  core.load('db', 0, []);
  core.open('db');
  const p = call(core, 'pipeline.create', pipeline).result;
  const before = { commits: store.commits, bytes: core.bytes('db') };
  assert.equal(call(core, 'deal.create', { pipeline_id: p.id, title: '' }).error.code, 'validation_failed');
  const batch = call(core, 'batch', { requests: [
    { op: 'deal.create', args: { pipeline_id: p.id, title: 'kept?' } },
    { op: 'deal.create', args: { pipeline_id: 'nope', title: 'fails' } },
  ] });
  assert.equal(batch.ok, false);
  assert.equal(store.commits, before.commits, 'no commit reached JavaScript');
  assert.deepEqual(core.bytes('db'), before.bytes);
  assert.equal(call(core, 'deal.list', {}).result.total, 0);
});

test('import refuses a file that is not a Loudou database and keeps the old one', async () => {
  const store = storeFor('db');
  const core = await newCore((...a) => store.apply(...a));
  core.load('db', 0, []);
  core.open('db');
  const p = call(core, 'pipeline.create', pipeline).result;
  call(core, 'deal.create', { pipeline_id: p.id, title: 'Keep me' });
  const commits = store.commits;
  for (const bad of [new Uint8Array(0), new TextEncoder().encode('not a database'.repeat(500))]) {
    const r = core.importBytes(bad);
    assert.equal(r.ok, false);
    assert.equal(r.error.code, 'validation_failed');
    assert.equal(r.error.field, 'file');
  }
  const damaged = core.bytes('db');
  damaged.fill(0x5a, CHUNK * 2, CHUNK * 3);  // a b-tree page overwritten
  assert.equal(core.importBytes(damaged).ok, false);
  assert.equal(store.commits, commits);
  assert.equal(call(core, 'deal.list', {}).result.items[0].title, 'Keep me');
});

test('import replaces the database, and the stored copy follows', async () => {
  const other = await newCore(() => {});
  other.load('x', 0, []);
  other.open('x');
  const p = call(other, 'pipeline.create', pipeline).result;
  for (let i = 0; i < 5; i++) call(other, 'deal.create', { pipeline_id: p.id, title: `Imported ${i}` });
  const backup = other.bytes('x');

  const store = storeFor('db');
  const core = await newCore((...a) => store.apply(...a));
  core.load('db', 0, []);
  core.open('db');
  call(core, 'pipeline.create', { ...pipeline, name: 'Old' });
  const r = core.importBytes(backup);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(call(core, 'deal.list', {}).result.total, 5);
  const reloaded = await newCore(() => {});
  reloaded.load('db', store.size, store.pages);
  reloaded.open('db');
  assert.deepEqual(call(reloaded, 'pipeline.list', {}).result.items.map((x) => x.name), ['B2B']);
  assert.equal(call(reloaded, 'deal.list', {}).result.total, 5);
});

// What page_store.js stores per commit since it keeps a log: one entry per group of commits with
// the latest copy of each page they handed over and the size after them; now and then a checkpoint
// rewrites the touched records from the file and empties the log. At any point, the records plus
// the log replayed over them rebuild the database, also across shrinking and growing again.
test('a checkpoint plus its log, replayed, rebuilds the database at every point', async () => {
  let pending = null;
  const core = await newCore((file, size, pages) => {
    if (file !== 'db') return;
    pending ??= { pages: new Map() };
    for (const [no, buf] of pages) pending.pages.set(no, buf);
    pending.size = size;
  });
  const records = new Map();
  let checkpointSize = 0;
  let entries = [];
  let seq = 0;
  const touched = new Set();
  const write = () => {  // one transaction: a log entry of what is pending
    if (!pending) return;
    entries.push(logEntry(7, ++seq, pending.size, pending.pages));
    for (const no of pending.pages.keys()) touched.add(recordOf(no));
    pending = null;
  };
  const checkpoint = () => {
    write();
    const size = core.size('db');
    const live = Math.ceil(size / CHUNK);
    for (const r of touched) if (r < recordCount(size)) records.set(r, core.readPages('db', r * PER_RECORD, Math.min(PER_RECORD, live - r * PER_RECORD)));
    for (const r of records.keys()) if (r >= recordCount(size)) records.delete(r);
    touched.clear();
    entries = [];
    checkpointSize = size;
  };
  const rebuilt = () => {
    const pages = [];
    for (const [r, buf] of records) for (let off = 0; off < buf.byteLength; off += CHUNK) pages.push([r * PER_RECORD + off / CHUNK, new Uint8Array(buf, off, CHUNK)]);
    const file = replay(checkpointSize, pages, entries);
    return file;
  };
  const check = async (label) => {
    write();
    const file = rebuilt();
    const live = core.bytes('db');
    assert.equal(file.size, live.length, label);
    assert.ok([...file.pages.keys()].every((no) => no < Math.ceil(live.length / CHUNK)), `${label}: no page past the end`);
    const again = await newCore(() => {});
    again.load('db', file.size, file.pages);
    assert.deepEqual(again.bytes('db'), live, `${label}: byte for byte`);
    return again;
  };

  core.load('db', 0, []);
  core.open('db');
  const p = call(core, 'pipeline.create', pipeline).result;
  const ids = [];
  for (let i = 0; i < 60; i++) {
    const requests = Array.from({ length: 8 }, (_, k) => ({ op: 'deal.create', args: { pipeline_id: p.id, title: `Deal ${i}-${k} ${'z'.repeat(300)}` } }));
    ids.push(...call(core, 'batch', { requests }).result.results.map((d) => d.id));
    if (i % 2) write();       // sometimes two calls in one entry (a group commit)
    if (i === 25) checkpoint();
  }
  await check('grown, log since a checkpoint');
  for (const id of ids.slice(0, 400)) call(core, 'deal.delete', { id });
  await check('after deletes');
  // Shrink by importing a small database over it, then grow again, all in the log.
  const small = await newCore(() => {});
  small.load('s', 0, []);
  small.open('s');
  const q = call(small, 'pipeline.create', pipeline).result;
  for (let i = 0; i < 50; i++) call(small, 'deal.create', { pipeline_id: q.id, title: `Small ${i}` });
  const before = core.size('db');
  assert.ok(core.importBytes(small.bytes('s')).ok);
  write();
  assert.ok(core.size('db') < before, 'the file shrank');
  const [pipe] = call(core, 'pipeline.list', {}).result.items;
  for (let i = 0; i < 30; i++) {
    call(core, 'batch', { requests: Array.from({ length: 8 }, (_, k) => ({ op: 'deal.create', args: { pipeline_id: pipe.id, title: `Again ${i}-${k} ${'w'.repeat(300)}` } })) });
    if (i % 3 === 0) write();
  }
  const again = await check('shrunk and grown again within the log');
  assert.ok(again.open('db').ok);
  assert.equal(call(again, 'deal.list', {}).result.total, 50 + 240);
  checkpoint();
  assert.equal(entries.length, 0);
  await check('after the last checkpoint');
  assert.deepEqual(lineageOf([[3, 10], [7, 2]], [[7, 5], [9, 1], [7, 4]]), [[3, 10], [7, 5], [9, 1]]);
});

test('a request of more than 64K characters reaches the core exactly (the TextEncoder path of core.js)', async () => {
  const core = await newCore(() => {});
  core.load('db', 0, []);
  assert.ok(core.open('db').ok);
  assert.ok(call(core, 'pipeline.create', pipeline).ok);
  // Chinese (3 UTF-8 bytes), an emoji (4 bytes, a surrogate pair in JavaScript), quotes and commas.
  const title = (i) => `商机 ${i} 🚀 "报价", 第二期`;
  const account = (i) => `客户 ${i} ${'华东区域渠道合作伙伴'.repeat(8)}`;
  const lines = ['商机名称,客户名称,金额'];
  for (let i = 0; i < 600; i++) lines.push(`"${title(i).replaceAll('"', '""')}",${account(i)},${i * 100}`);
  const text = lines.join('\r\n');
  assert.ok(JSON.stringify({ text }).length > 64 * 1024, 'long enough to take the long-string path');
  const r = call(core, 'data.import', { format: 'csv', entity: 'deal', text });
  assert.ok(r.ok, JSON.stringify(r.error));
  const deals = call(core, 'deal.list', { limit: 1000 }).result.items;
  assert.equal(deals.length, 600);
  const byTitle = new Map(deals.map((d) => [d.title, d]));
  for (let i = 0; i < 600; i++) {
    const d = byTitle.get(title(i));
    assert.ok(d, `deal ${i} kept its title byte for byte`);
    assert.equal(d.account, account(i));
    assert.equal(d.amount, i * 100 * 100, 'amounts are stored in fen');
  }
});
