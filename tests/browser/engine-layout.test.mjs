// How the database sits in IndexedDB (web/src/engine/page_store.js): records of 16 SQLite pages
// and a log of the commits since they were written, which together rebuild the file byte for byte;
// a checkpoint folds the log into the records; and a database stored by earlier versions (one
// 4096-byte page per record) still opens and is migrated to records once, atomically.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveSite, launch, guardedPage, openApp } from './lib/chromium.mjs';
import { PER_RECORD, LOG_ENTRIES, recordCount, replay } from '../../web/src/engine/page_store.js';

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

// The raw IndexedDB content of database `name`: {meta, keys: [[...key]], file: the records
// concatenated, records: [[n, bytes]], log: [{epoch, seq, size, nos, data}]} (arrays of numbers).
const raw = (page, name) => page.evaluate((name) => new Promise((resolve, reject) => {
  const open = indexedDB.open('loudou');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['pages', 'meta'], 'readonly');
    const out = {};
    tx.objectStore('meta').get(name).onsuccess = (e) => { out.meta = e.target.result; };
    const records = IDBKeyRange.bound([name, 'r'], [name, 'r', []]);
    tx.objectStore('pages').getAllKeys(IDBKeyRange.bound([name], [name, []])).onsuccess = (e) => { out.keys = e.target.result; };
    tx.objectStore('pages').getAll(records).onsuccess = (e) => {
      out.records = e.target.result.map((b) => Array.from(new Uint8Array(b)));
      out.file = out.records.flat();
    };
    tx.objectStore('pages').getAll(IDBKeyRange.bound([name, 'l'], [name, 'l', []])).onsuccess = (e) => {
      out.log = e.target.result.map((x) => ({ ...x, nos: Array.from(x.nos), data: Array.from(new Uint8Array(x.data)) }));
    };
    tx.oncomplete = () => { open.result.close(); resolve(out); };
  };
}), name);

// The file the stored records and log stand for (what a leader loads), as one byte array.
function rebuild(stored) {
  const pages = [];
  stored.records.forEach((bytes, r) => {
    for (let off = 0; off < bytes.length; off += 4096) pages.push([r * PER_RECORD + off / 4096, Uint8Array.from(bytes.slice(off, off + 4096))]);
  });
  const entries = stored.log.map((e) => ({ ...e, nos: Uint32Array.from(e.nos), data: Uint8Array.from(e.data).buffer }));
  const file = replay(stored.meta.size, pages, entries);
  const out = new Uint8Array(file.size);
  for (const [no, bytes] of file.pages) out.set(bytes.subarray(0, Math.min(4096, file.size - no * 4096)), no * 4096);
  return out;
}

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

test('the stored records and log rebuild the database byte for byte; a checkpoint folds the log into records', async () => {
  const context = await browser.newContext();
  const { page, bytes } = await sourceDatabase(context, 800);
  let stored = await raw(page, 'source');
  assert.equal(stored.meta.perRecord, PER_RECORD);
  assert.ok(stored.log.length > 0, 'the commits so far are log entries');
  assert.ok(bytes.length > PER_RECORD * 4096 * 3, `a file of several records (${bytes.length} bytes)`);
  assert.deepEqual(Array.from(rebuild(stored)), Array.from(bytes), 'records + log = the file');

  // One-row updates, each its own commit: past LOG_ENTRIES entries a checkpoint writes records.
  const exported = await page.evaluate(async (n) => {
    const { items } = await loudou.call('deal.list', { limit: 10 });
    for (let i = 0; i < n; i++) {
      await loudou.call('deal.update', { id: items[i % items.length].id, amount: 1000 + i });
      await loudou.durable();
    }
    return Array.from(await loudou.exportSqlite());
  }, LOG_ENTRIES + 10);
  stored = await raw(page, 'source');
  assert.ok(stored.log.length > 0 && stored.log.length < LOG_ENTRIES, `a short log after the checkpoint (${stored.log.length})`);
  assert.ok(stored.meta.size > 0);
  assert.deepEqual(stored.keys.filter((k) => k[1] === 'r'), Array.from({ length: recordCount(stored.meta.size) }, (_, i) => ['source', 'r', i]));
  assert.deepEqual(Array.from(rebuild(stored)), exported, 'records + log = the file after the checkpoint');
  await page.reload();
  await page.waitForFunction(() => window.loudou);
  assert.deepEqual(Array.from(await page.evaluate(async () => Array.from(await loudou.exportSqlite()))), exported, 'a reload opens the same file');
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
  assert.ok(migrated.keys.every((k) => k[1] === 'r'), 'no page of the old layout is left (and the migration is a checkpoint: no log)');
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

test('a log left behind under a meta without the log mark (written by a version before the log) is dropped, not replayed', async () => {
  const context = await browser.newContext();
  const page = await appPage(context, 'marked');
  await page.evaluate(async (pipeline) => {
    const p = await loudou.call('pipeline.create', pipeline);
    await loudou.call('deal.create', { pipeline_id: p.id, title: 'kept' });
    await loudou.durable();
  }, PIPELINE);
  assert.ok((await raw(page, 'marked')).log.length > 0, 'commits are log entries');
  // flush() (which the page sends when it is hidden) folds the log into records; durable() does
  // not wait for that, so poll what is stored.
  await page.evaluate(() => loudou.flush());
  let stored;
  for (let i = 0; i < 100 && !(stored?.log.length === 0); i++) {
    if (i) await page.waitForTimeout(50);
    stored = await raw(page, 'marked');
  }
  assert.equal(stored.meta.log, 1);
  assert.equal(stored.log.length, 0, 'a checkpoint folded the log into records');
  await page.close();
  const other = await appPage(context, 'elsewhere');
  // What an older version leaves: a meta without the mark (its commit wrote records from a state
  // without the log) and log entries it never read; here one that would zero the file's header.
  await other.evaluate(([name, size]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('loudou');
    open.onsuccess = () => {
      const tx = open.result.transaction(['pages', 'meta'], 'readwrite');
      const meta = tx.objectStore('meta');
      meta.get(name).onsuccess = (e) => {
        const { log, ...old } = e.target.result;
        meta.put({ ...old, txId: old.txId + 1 }, name);
        tx.objectStore('pages').put({ epoch: old.txId, seq: 1, size, nos: Uint32Array.of(0), data: new ArrayBuffer(4096) }, [name, 'l', old.txId, 1]);
      };
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onabort = () => reject(tx.error);
    };
  }), ['marked', stored.meta.size]);
  const reopened = await appPage(context, 'marked');
  assert.deepEqual(await titles(reopened), ['kept']);
  assert.equal((await reopened.evaluate(() => loudou.check())).integrity, 'ok');
  assert.deepEqual(Array.from(await reopened.evaluate(async () => Array.from(await loudou.exportSqlite()))), Array.from(rebuild(stored)));
  const after = await raw(reopened, 'marked');
  assert.equal(after.log.length, 0, 'the stale log is deleted');
  assert.equal(after.meta.log, 1, 'and the mark is back');
  await context.close();
});
