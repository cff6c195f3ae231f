// How the database sits in IndexedDB (web/src/engine/page_store.js): records of 16 SQLite pages
// that rebuild the file byte for byte, and a database stored by earlier versions (one 4096-byte
// page per record) still opens and is migrated to records once, atomically.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveSite, launch, guardedPage, openApp } from './lib/chromium.mjs';
import { PER_RECORD } from '../../web/src/engine/page_store.js';

let server, browser;
before(async () => { server = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

const PIPELINE = { name: 'B2B', stages: [{ name: 'Lead', probability: 10 }, { name: 'Won', probability: 90 }] };

async function appPage(context, db) {
  const page = await guardedPage(context);
  await openApp(page, server.url, db);
  return page;
}

const titles = (page) => page.evaluate(async () => (await loudou.call('deal.list', { limit: 1000 })).items.map((d) => d.title).sort());

// The raw IndexedDB content of database `name`: {meta, keys: [[...key]], file: concatenated records}.
const raw = (page, name) => page.evaluate((name) => new Promise((resolve, reject) => {
  const open = indexedDB.open('loudou');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['pages', 'meta'], 'readonly');
    const out = {};
    tx.objectStore('meta').get(name).onsuccess = (e) => { out.meta = e.target.result; };
    const range = IDBKeyRange.bound([name], [name, []]);
    tx.objectStore('pages').getAllKeys(range).onsuccess = (e) => { out.keys = e.target.result; };
    tx.objectStore('pages').getAll(range).onsuccess = (e) => {
      out.file = e.target.result.flatMap((b) => Array.from(new Uint8Array(b)));
    };
    tx.oncomplete = () => { open.result.close(); resolve(out); };
  };
}), name);

// Writes `bytes` as an earlier version stored databases: key [name, pageNo] -> one page.
const writeLegacy = (page, name, bytes, txId) => page.evaluate(([name, bytes, txId]) => new Promise((resolve, reject) => {
  const open = indexedDB.open('loudou');
  open.onsuccess = () => {
    const tx = open.result.transaction(['pages', 'meta'], 'readwrite');
    const file = Uint8Array.from(bytes);
    for (let off = 0, i = 0; off < file.length; off += 4096, i++) tx.objectStore('pages').put(file.slice(off, off + 4096).buffer, [name, i]);
    tx.objectStore('meta').put({ txId, size: file.length, chunk: 4096, savedAt: Date.now() }, name);
    tx.oncomplete = () => { open.result.close(); resolve(); };
    tx.onabort = () => reject(tx.error);
  };
}), [name, bytes, txId]);

async function sourceDatabase(context, deals) {
  const page = await appPage(context, 'source');
  const bytes = await page.evaluate(async ([pipeline, n]) => {
    const p = await loudou.call('pipeline.create', pipeline);
    const requests = Array.from({ length: n }, (_, i) => ({ op: 'deal.create', args: { pipeline_id: p.id, title: `Deal ${String(i).padStart(3, '0')} ${'x'.repeat(300)}` } }));
    await loudou.call('batch', { requests });
    await loudou.durable();
    return Array.from(await loudou.exportSqlite());
  }, [PIPELINE, deals]);
  return { page, bytes };
}

test('the stored records rebuild the database file byte for byte', async () => {
  const context = await browser.newContext();
  const { page, bytes } = await sourceDatabase(context, 800);
  const stored = await raw(page, 'source');
  assert.equal(stored.meta.perRecord, PER_RECORD);
  assert.equal(stored.meta.size, bytes.length);
  assert.ok(bytes.length > PER_RECORD * 4096 * 3, `a file of several records (${bytes.length} bytes)`);
  assert.deepEqual(stored.keys, Array.from({ length: Math.ceil(bytes.length / 4096 / PER_RECORD) }, (_, i) => ['source', 'r', i]));
  assert.equal(stored.file.length, bytes.length);
  assert.ok(stored.file.every((b, i) => b === bytes[i]), 'records hold the file');
  await context.close();
});

test('a database in the one-page-per-record layout opens and is migrated once, atomically', async () => {
  const context = await browser.newContext();
  const { page, bytes } = await sourceDatabase(context, 120);
  const expected = await titles(page);
  await writeLegacy(page, 'legacy', bytes, 41);

  const old = await appPage(context, 'legacy');
  assert.deepEqual(await titles(old), expected);
  assert.equal((await old.evaluate(() => loudou.check())).integrity, 'ok');
  assert.deepEqual(Array.from(await old.evaluate(async () => Array.from(await loudou.exportSqlite()))), bytes);
  await old.evaluate(() => loudou.durable());  // resolves once the migration is stored
  const migrated = await raw(old, 'legacy');
  assert.equal(migrated.meta.perRecord, PER_RECORD);
  assert.ok(migrated.meta.txId > 41, 'the txId sequence continues');
  assert.ok(migrated.keys.every((k) => k[1] === 'r'), 'no page of the old layout is left');
  assert.ok(migrated.file.every((b, i) => b === bytes[i]) && migrated.file.length === bytes.length);

  await old.evaluate(async () => {
    const [p] = (await loudou.call('pipeline.list')).items;
    await loudou.call('deal.create', { pipeline_id: p.id, title: 'after migration' });
    await loudou.durable();
  });
  await old.reload();
  await old.waitForFunction(() => window.loudou);
  assert.deepEqual(await titles(old), [...expected, 'after migration'].sort());
  const problems = await old.problems();
  assert.deepEqual(problems.errors, []);
  await context.close();
});
