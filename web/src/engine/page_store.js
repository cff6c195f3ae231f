// The IndexedDB side of persistence: one IndexedDB database "loudou" with two stores,
//   pages: key [dbName, 'r', n] -> ArrayBuffer: SQLite pages n*16 .. n*16+15 (4096 bytes each;
//          the last record of the file may hold fewer). Legacy layout (read, then migrated once):
//          key [dbName, pageNo] -> one 4096-byte page.
//   meta:  key dbName -> {txId, size, chunk, perRecord, lineage, savedAt}
// Records group pages because a cold open pays per IndexedDB record and per inline byte: a 20 MB
// database is 5,400 pages but 338 records. 16 pages make a 64 KiB value, which Chromium keeps as a
// blob file beside its database rather than inline, and reads back in bulk far faster (measured
// on a disk profile, 21 MB by batched getAll: ~400-600 ms as 4 or 32 KiB values, ~25-45 ms as 64
// KiB ones; cold open of the engine 670-760 ms -> 260 ms). A one-row update rewrites 2-3 records:
// durable latency stayed ~3-4 ms.
//
// IndexedDB runs readwrite transactions in order and each is atomic, so the stored records are
// always exactly some committed SQLite state: a killed tab loses at most the commits still in
// flight, never half of one. `txId` counts readwrite transactions; each one checks it first, so a
// writer that is no longer the elected one (a closing tab's worker still runs for a while after
// its Web Lock is released) cannot overwrite newer data. A new leader claims the database by
// bumping `txId` in the transaction that reads it: from then on every older writer is fenced.
// Its claimed txId is its epoch. `lineage` lists, for the last writers, [epoch, commits stored],
// so a new leader can tell whether a write the previous one acknowledged ever reached IndexedDB.
import { CHUNK } from './core.js';
import { storageError } from './protocol.js';

const IDB_NAME = 'loudou';
export const PER_RECORD = 16;
const RECORD_BYTES = PER_RECORD * CHUNK;
const LOAD_BATCH = 128;     // records per getAll: a few large requests beat a cursor step per record
const LEGACY_BATCH = 2048;  // pages per getAll in the legacy layout
const LINEAGE = 32;         // writers remembered in meta.lineage

const recordKey = (name, n) => [name, 'r', n];
const recordRange = (name, from) => IDBKeyRange.bound(recordKey(name, from), recordKey(name, Infinity));
const legacyRange = (name) => IDBKeyRange.bound([name, 0], [name, Infinity]);

/** The record holding SQLite page `page`. */
export const recordOf = (page) => Math.floor(page / PER_RECORD);
/** How many records a file of `size` bytes takes. */
export const recordCount = (size) => Math.ceil(Math.ceil(size / CHUNK) / PER_RECORD);

export function openIdb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(IDB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('pages');
      req.result.createObjectStore('meta');
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(storageError('cannot open the browser database', req.error));
    req.onblocked = () => reject(storageError('the browser database is blocked by another tab'));
  });
}

/**
 * Claims database `name` for this leader and reads its committed state, in one readwrite
 * transaction: {txId, epoch, size, lineage, legacy, pages: [[pageNo, Uint8Array(4096)]]}.
 * `legacy` is true when the pages are still stored one per record (the caller migrates them).
 */
export function claimAndLoad(idb, name) {
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(['pages', 'meta'], 'readwrite', { durability: 'relaxed' });
    const out = { txId: 0, epoch: 0, size: 0, lineage: [], legacy: false, pages: [] };
    const meta = tx.objectStore('meta');
    const store = tx.objectStore('pages');
    const metaReq = meta.get(name);
    metaReq.onsuccess = () => {
      const m = metaReq.result || { txId: 0, size: 0, chunk: CHUNK, perRecord: PER_RECORD, lineage: [] };
      out.txId = out.epoch = m.txId + 1;
      out.size = m.size;
      out.lineage = m.lineage || [];
      out.legacy = m.size > 0 && m.perRecord !== PER_RECORD;
      meta.put({ ...m, txId: out.txId, claimedAt: Date.now() }, name);
      if (m.size === 0) return;
      if (out.legacy) readLegacy(store, name, m.size, out.pages);
      else readRecords(store, name, m.size, out.pages);
    };
    tx.oncomplete = () => resolve(out);
    tx.onabort = () => reject(storageError('cannot read the saved database', tx.error));
  });
}

// Batched getAll over the record range; every live record is stored (each one is written whole
// whenever any of its pages changes), so a full batch is dense; a short one asks for its keys.
function readRecords(store, name, size, pages) {
  const count = recordCount(size);
  const push = (n, buf) => {
    for (let off = 0; off < buf.byteLength; off += CHUNK) pages.push([n * PER_RECORD + off / CHUNK, new Uint8Array(buf, off, CHUNK)]);
  };
  for (let first = 0; first < count; first += LOAD_BATCH) {
    const last = Math.min(first + LOAD_BATCH, count) - 1;
    const range = IDBKeyRange.bound(recordKey(name, first), recordKey(name, last));
    const values = store.getAll(range);
    values.onsuccess = () => {
      if (values.result.length === last - first + 1) return values.result.forEach((v, i) => push(first + i, v));
      const keys = store.getAllKeys(range);
      keys.onsuccess = () => keys.result.forEach((k, i) => push(k[2], values.result[i]));
    };
  }
}

function readLegacy(store, name, size, pages) {
  const count = Math.ceil(size / CHUNK);
  for (let first = 0; first < count; first += LEGACY_BATCH) {
    const last = Math.min(first + LEGACY_BATCH, count) - 1;
    const range = IDBKeyRange.bound([name, first], [name, last]);
    const values = store.getAll(range);
    values.onsuccess = () => {
      if (values.result.length === last - first + 1) return values.result.forEach((v, i) => pages.push([first + i, new Uint8Array(v)]));
      const keys = store.getAllKeys(range);
      keys.onsuccess = () => keys.result.forEach((k, i) => pages.push([k[1], new Uint8Array(values.result[i])]));
    };
  }
}

/**
 * Writes commits to IndexedDB: one readwrite transaction at a time; commits that arrive while
 * one is in flight are merged and written together (group commit). A failed write keeps its
 * records queued and is retried (next commit, flush(), or a timer), so the stored copy only ever
 * moves from one committed state to a later one.
 *
 * Records are read from the database file when the transaction is built, never inside a commit:
 * the worker calls the core synchronously, so between two JavaScript tasks (and in a microtask
 * after a call) the file is exactly its last committed state.
 */
export class Persister {
  #idb; #reopen; #name; #txId; #epoch; #lineage; #read; #size;
  #pending = null;     // {records: Set, seq, migrate}: records changed by commits not yet written
  #scheduled = false;
  #writing = false;
  #seq = 0;            // commits handed to us
  #durableSeq = 0;     // commits known to be in IndexedDB
  #waiters = [];       // durable() promises: {seq, resolve, reject}
  #retryTimer = null;
  #retryDelay = 500;
  #failure = null;     // the storage error while writes fail
  #onStatus;
  #fenced = false;
  failWrites = null;   // test hook: a DOMException name to simulate on every write (e.g. QuotaExceededError)

  /**
   * `claimed` is what claimAndLoad returned; `read(first, count)` copies `count` pages of the
   * file from page `first` (an ArrayBuffer); `size()` is the file's size now.
   */
  constructor({ idb, reopen, name, claimed, read, size, onStatus }) {
    this.#idb = idb;
    this.#reopen = reopen;
    this.#name = name;
    this.#txId = claimed.txId;
    this.#epoch = claimed.epoch;
    this.#lineage = claimed.lineage;
    this.#read = read;
    this.#size = size;
    this.#onStatus = onStatus;
    // A database still in the one-page-per-record layout is rewritten once, atomically.
    if (claimed.legacy) this.#queue(range(recordCount(claimed.size)), true);
  }

  get seq() { return this.#seq; }
  get epoch() { return this.#epoch; }
  get fenced() { return this.#fenced; }

  /** Commits of `epoch` stored in IndexedDB when this leader claimed it (-1: none known). */
  storedBefore(epoch) {
    const e = this.#lineage.find(([ep]) => ep === epoch);
    return e ? e[1] : -1;
  }

  /** A commit from the VFS: the indexes of the pages it changed (the size is read when writing). */
  commit(pageNos) {
    this.#seq++;
    const records = new Set();
    for (const i of pageNos) records.add(recordOf(i));
    this.#queue(records, false);
  }

  #queue(records, migrate) {
    if (!this.#pending) this.#pending = { records, seq: this.#seq, migrate };
    else {
      for (const r of records) this.#pending.records.add(r);
      this.#pending.seq = this.#seq;
      this.#pending.migrate ||= migrate;
    }
    if (!this.#writing && !this.#failure) this.#onStatus({ state: 'saving' });
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => { this.#scheduled = false; this.#run(); });
    }
  }

  /** Resolves when every commit so far is in IndexedDB; rejects with a storage error if writing fails. */
  durable() {
    if (this.#durableSeq >= this.#seq && !this.#pending) return Promise.resolve();
    if (this.#fenced) return Promise.reject(this.#failure);
    const p = new Promise((resolve, reject) => this.#waiters.push({ seq: this.#seq, resolve, reject }));
    if (this.#failure) this.flush();
    return p;
  }

  /** Retries a failed write now (the page calls it when it is hidden). */
  flush() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#run();
  }

  /** Stops writing for good: another leader has claimed the database. */
  fence(message) {
    this.#fenced = true;
    this.#failure ||= storageError(message);
    clearTimeout(this.#retryTimer);
    if (!this.#writing) this.#rejectWaiters(this.#failure);
  }

  #rejectWaiters(err) {
    for (const w of this.#waiters) w.reject(err);
    this.#waiters = [];
  }

  async #run() {
    if (this.#writing || !this.#pending || this.#fenced) return;
    const batch = this.#pending;
    this.#pending = null;
    this.#writing = true;
    try {
      await this.#write(batch);
      this.#txId++;
      this.#durableSeq = batch.seq;
      this.#failure = null;
      this.#retryDelay = 500;
      this.#waiters = this.#waiters.filter((w) => (w.seq <= batch.seq ? (w.resolve(), false) : true));
    } catch (caught) {
      // A DOMException thrown by transaction() itself (a closed connection) becomes a storage error too.
      const err = caught?.code === 'storage' ? caught : storageError(describe(caught), caught);
      // The batch is older than anything queued since: put it back underneath.
      if (this.#pending) {
        for (const r of this.#pending.records) batch.records.add(r);
        batch.migrate ||= this.#pending.migrate;
      }
      this.#pending = batch;
      this.#failure = err;
      this.#rejectWaiters(err);
      this.#onStatus({ state: 'error', error: { code: err.code, message: err.message } });
      if (!this.#fenced) {
        this.#retryTimer = setTimeout(() => this.flush(), this.#retryDelay);
        this.#retryDelay = Math.min(this.#retryDelay * 2, 30000);
      }
    } finally {
      this.#writing = false;
    }
    if (this.#fenced) this.#rejectWaiters(this.#failure);
    else if (this.#pending && !this.#failure) this.#run();
    else if (!this.#pending && !this.#failure) this.#onStatus({ state: 'saved' });
  }

  async #write(batch) {
    try {
      await this.#transaction(batch);
    } catch (err) {
      if (err.name !== 'InvalidStateError' && err.name !== 'UnknownError') throw err;
      // The connection was closed under us (Safari drops it; so can the browser under pressure):
      // reopen once and replay the same batch.
      this.#idb = await this.#reopen();
      await this.#transaction(batch);
    }
  }

  #transaction(batch) {
    // The file is read now, so it holds every commit so far: those queued since join the batch
    // (a retry after reopening may come after more commits).
    if (this.#pending) {
      for (const r of this.#pending.records) batch.records.add(r);
      batch.migrate ||= this.#pending.migrate;
      this.#pending = null;
    }
    batch.seq = this.#seq;
    const size = this.#size();
    const count = recordCount(size);
    const livePages = Math.ceil(size / CHUNK);
    const records = [];
    for (const r of batch.records) {
      if (r >= count) continue;  // past the end: deleted by range below
      const first = r * PER_RECORD;
      records.push([r, this.#read(first, Math.min(PER_RECORD, livePages - first))]);
    }
    const lineage = [...this.#lineage.filter(([e]) => e !== this.#epoch), [this.#epoch, batch.seq]].slice(-LINEAGE);
    return new Promise((resolve, reject) => {
      let fence = false;
      let simulated = null;
      const expected = this.#txId;
      const tx = this.#idb.transaction(['pages', 'meta'], 'readwrite', { durability: 'relaxed' });
      const meta = tx.objectStore('meta');
      const pages = tx.objectStore('pages');
      // Requests run in order: the fence check is answered before any put takes effect, and an
      // abort there undoes the whole transaction, so the puts need not wait for it.
      const check = meta.get(this.#name);
      check.onsuccess = () => {
        if ((check.result?.txId ?? 0) !== expected) {
          fence = true;
          tx.abort();
        } else if (this.failWrites) {
          simulated = new DOMException('simulated storage failure', this.failWrites);
          tx.abort();
        }
      };
      if (batch.migrate) pages.delete(legacyRange(this.#name));
      for (const [r, buf] of records) pages.put(buf, recordKey(this.#name, r));
      pages.delete(recordRange(this.#name, count));
      meta.put({ txId: expected + 1, size, chunk: CHUNK, perRecord: PER_RECORD, lineage, savedAt: Date.now() }, this.#name);
      tx.oncomplete = () => { this.#lineage = lineage; resolve(); };
      tx.onabort = () => {
        if (fence) {
          this.fence('another tab saved newer data: reload this tab to continue');
          reject(this.#failure);
        } else {
          const cause = simulated || tx.error;
          const err = storageError(describe(cause), cause);
          err.name = cause?.name || 'AbortError';
          reject(err);
        }
      };
      tx.onerror = () => {};  // the abort handler reports; keep the error from reaching the console
    });
  }
}

function range(n) {
  return new Set(Array.from({ length: n }, (_, i) => i));
}

function describe(cause) {
  if (cause?.name === 'QuotaExceededError')
    return 'The browser refused to store more data (storage quota exceeded). Recent changes are not saved yet; free up disk space or export a backup.';
  return `Saving to browser storage failed (${cause?.name || 'aborted'}). Recent changes are not saved yet.`;
}
