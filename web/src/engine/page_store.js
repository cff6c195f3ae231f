// The IndexedDB side of persistence: one IndexedDB database "loudou" with two stores,
//   pages: key [dbName, 'r', n] -> ArrayBuffer: SQLite pages n*16 .. n*16+15 (4096 bytes each;
//          the last record of the file may hold fewer): the checkpoint.
//          key [dbName, 'l', epoch, seq] -> {epoch, seq, size, nos: Uint32Array, data: ArrayBuffer}:
//          a log entry, the pages `nos` (4096 bytes each in `data`) written by commits up to `seq`
//          of the leader of `epoch`, and the file's size after them.
//          Legacy layout (read, then migrated once): key [dbName, pageNo] -> one 4096-byte page.
//   meta:  key dbName -> {txId, size, chunk, perRecord, log, lineage, savedAt} (size: the checkpoint's)
// A commit writes ONE value, its log entry: an IndexedDB transaction costs per request far more
// than per byte (in Chromium, one 28 KiB put ~0.6 ms, seven 4 KiB or 64 KiB puts 1.5-1.8 ms), and a
// one-row update dirties 7-13 pages in 4-7 records. Every 64 entries or 4 MB of log (and for a
// commit bigger than that: an import) a checkpoint rewrites the records the log touched and
// deletes the log, in one transaction. Records group
// pages because a cold open pays per IndexedDB record and per inline byte: a 20 MB database is
// 5,400 pages but 338 records, and 64 KiB values, which Chromium keeps as blob files beside its
// database, read back in bulk far faster (21 MB by batched getAll: ~400-600 ms as 4 or 32 KiB
// values, ~25-45 ms as 64 KiB ones). Opening replays the (short) log over the records. The page
// asks for a checkpoint when it is hidden (flush()), so a closed tab leaves little or no log.
//
// `log: 1` in meta says the log is valid. Versions before the log ignore it and, when they write,
// store a meta without that mark: their records then hold a state without the log's commits, so
// a leader that finds log entries and no mark deletes them rather than replay them onto that state.
//
// IndexedDB runs readwrite transactions in order and each is atomic, so the stored records and log
// are always exactly some committed SQLite state: a killed tab loses at most the commits still in
// flight, never half of one. Every transaction first checks `txId`, the epoch of the leader that
// last claimed the database, so a writer that is no longer the elected one (a closing tab's worker
// still runs for a while after its Web Lock is released) cannot write over newer data: a new leader
// claims the database by bumping `txId` in the transaction that reads it, and from then on every
// older writer is fenced. `lineage` lists, for the last writers, [epoch, commits stored] (the log
// entries' epoch and seq say the same for commits not yet checkpointed), so a new leader can tell
// whether a write the previous one acknowledged ever reached IndexedDB.
import { CHUNK } from './core.js';
import { storageError } from './protocol.js';

const IDB_NAME = 'loudou';
export const PER_RECORD = 16;
export const LOG_ENTRIES = 64;       // log entries before a checkpoint
export const LOG_PAGES = 1024;       // pages (4 MB) of log before a checkpoint; a bigger commit is one
const LOAD_BATCH = 128;     // records per getAll: a few large requests beat a cursor step per record
const LEGACY_BATCH = 2048;  // pages per getAll in the legacy layout
const LINEAGE = 32;         // writers remembered in meta.lineage
const LOG_FORMAT = 1;       // meta.log: the log entries are valid
// 'saving' is announced only once a write has taken this long: most take ~1 ms, and a status that
// flickers per commit tells the user nothing (and cost each commit two messages to every tab).
export const SAVING_DELAY = 250;

const recordKey = (name, n) => [name, 'r', n];
const recordRange = (name, from) => IDBKeyRange.bound(recordKey(name, from), recordKey(name, Infinity));
const logKey = (name, epoch, seq) => [name, 'l', epoch, seq];
const logRange = (name) => IDBKeyRange.bound([name, 'l'], [name, 'l', []]);
const legacyRange = (name) => IDBKeyRange.bound([name, 0], [name, Infinity]);

/** The record holding SQLite page `page`. */
export const recordOf = (page) => Math.floor(page / PER_RECORD);
/** How many records a file of `size` bytes takes. */
export const recordCount = (size) => Math.ceil(Math.ceil(size / CHUNK) / PER_RECORD);

/**
 * The file a checkpoint and its log stand for: `pages` ([pageNo, bytes] of the records, in any
 * order) with each log entry applied in order, its pages written and the file cut to its size.
 * {size, pages: Map pageNo -> Uint8Array(4096)}. Exported for the tests.
 */
export function replay(size, pages, entries) {
  const file = new Map(pages);
  for (const e of entries) {
    const live = Math.ceil(e.size / CHUNK);
    if (e.size < size) for (const no of file.keys()) if (no >= live) file.delete(no);
    for (let i = 0; i < e.nos.length; i++) if (e.nos[i] < live) file.set(e.nos[i], new Uint8Array(e.data, i * CHUNK, CHUNK));
    size = e.size;
  }
  return { size, pages: file };
}

/** The lineage `stored` extended by `writes` ([epoch, seq] each): [[epoch, commits stored]]. */
export function lineageOf(stored, writes) {
  const out = new Map(stored);
  for (const [epoch, seq] of writes) out.set(epoch, Math.max(out.get(epoch) ?? 0, seq));
  return [...out].slice(-LINEAGE);
}

/** A log entry of the pages `pages` (Map pageNo -> ArrayBuffer of 4096 bytes). */
export function logEntry(epoch, seq, size, pages) {
  const nos = new Uint32Array(pages.size);
  const data = new Uint8Array(pages.size * CHUNK);
  let i = 0;
  for (const [no, buf] of pages) {
    nos[i] = no;
    data.set(new Uint8Array(buf, 0, CHUNK), i * CHUNK);
    i++;
  }
  return { epoch, seq, size, nos, data: data.buffer };
}

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
 * transaction: {txId, epoch, size, lineage, legacy, pages, log}. `pages` is an iterable of
 * [pageNo, Uint8Array(4096)]; `log` is what the log holds ({entries, pages, records}: the next
 * checkpoint rewrites those records). `legacy` is true when the pages are still stored one per
 * record (the caller migrates them).
 */
export function claimAndLoad(idb, name) {
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(['pages', 'meta'], 'readwrite', { durability: 'relaxed' });
    const out = { txId: 0, epoch: 0, size: 0, lineage: [], legacy: false, pages: [], log: { entries: 0, pages: 0, records: new Set() } };
    const meta = tx.objectStore('meta');
    const store = tx.objectStore('pages');
    let entries = [];
    const metaReq = meta.get(name);
    metaReq.onsuccess = () => {
      const m = metaReq.result || { txId: 0, size: 0, chunk: CHUNK, perRecord: PER_RECORD, log: LOG_FORMAT, lineage: [] };
      out.txId = out.epoch = m.txId + 1;
      out.size = m.size;
      out.lineage = m.lineage || [];
      out.legacy = m.size > 0 && m.perRecord !== PER_RECORD;
      meta.put({ ...m, txId: out.txId, log: LOG_FORMAT, claimedAt: Date.now() }, name);
      if (out.legacy) readLegacy(store, name, m.size, out.pages);
      else if (m.size > 0) readRecords(store, name, m.size, out.pages);
      if (m.log !== LOG_FORMAT) return store.delete(logRange(name));  // stale: see the top of the file
      // Requests are answered in order: the log comes after every record.
      const log = store.getAll(logRange(name));
      log.onsuccess = () => { entries = log.result; };
    };
    tx.oncomplete = () => {
      if (entries.length) {
        const file = replay(out.size, out.pages, entries);
        out.size = file.size;
        out.pages = file.pages;
        out.lineage = lineageOf(out.lineage, entries.map((e) => [e.epoch, e.seq]));
        out.log.entries = entries.length;
        for (const e of entries) {
          out.log.pages += e.nos.length;
          for (const no of e.nos) out.log.records.add(recordOf(no));
        }
      }
      resolve(out);
    };
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
 * pages queued and is retried (next commit, flush(), or a timer), so the stored copy only ever
 * moves from one committed state to a later one.
 *
 * A log entry holds the pages as the commits handed them over (the latest copy of each); a
 * checkpoint reads its records from the database file when the transaction is built, never inside
 * a commit: the worker calls the core synchronously, so between two JavaScript tasks (and in a
 * microtask after a call) the file is exactly its last committed state.
 */
export class Persister {
  #idb; #reopen; #name; #txId; #epoch; #lineage; #read; #size;
  #pending = null;     // {pages: Map pageNo -> ArrayBuffer, seq, migrate, size}: commits not yet written
  #log;                // what the stored log holds: {entries, pages, records: Set of record numbers}
  #scheduled = false;
  #writing = false;
  #seq = 0;            // commits handed to us
  #durableSeq = 0;     // commits known to be in IndexedDB
  #waiters = [];       // durable() promises: {seq, resolve, reject}
  #retryTimer = null;
  #retryDelay = 500;
  #failure = null;     // the storage error while writes fail
  #onStatus;
  #announced = 'saved'; // the state the page and other tabs were last told
  #savingTimer = null;
  #fenced = false;
  #checkpointWanted = false;  // flush() asked for one
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
    this.#log = claimed.log ?? { entries: 0, pages: 0, records: new Set() };
    this.#read = read;
    this.#size = size;
    this.#onStatus = onStatus;
    // A database still in the one-page-per-record layout is rewritten once, atomically.
    if (claimed.legacy) this.#queue(new Map(), true, undefined);
  }

  get seq() { return this.#seq; }
  get epoch() { return this.#epoch; }
  get fenced() { return this.#fenced; }

  /** Commits of `epoch` stored in IndexedDB when this leader claimed it (-1: none known). */
  storedBefore(epoch) {
    const e = this.#lineage.find(([ep]) => ep === epoch);
    return e ? e[1] : -1;
  }

  /**
   * A commit from the VFS: the pages it changed (Map pageNo -> ArrayBuffer of 4096 bytes; the
   * persister keeps and may add to it) and the file's size after it. Called from inside the core's
   * call (SQLite is releasing its lock).
   */
  commit(pages, size) {
    this.#seq++;
    this.#queue(pages, false, size);
  }

  #queue(pages, migrate, size) {
    if (!this.#pending) this.#pending = { pages, seq: this.#seq, migrate, size };
    else Persister.#merge(this.#pending, { pages, migrate, size });
    this.#pending.seq = this.#seq;
    const idle = !this.#writing && !this.#failure;
    // A log entry needs nothing from the core: its transaction starts now, before the call even
    // returns (a commit's latency is mostly IndexedDB's). A checkpoint reads the file, which it
    // must not do from inside a call: it starts in a microtask, once the call is over.
    if (idle && !this.#scheduled && !this.#checkpointDue(this.#pending)) this.#run();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => { this.#scheduled = false; this.#run(); });
    }
    if (idle) this.#status({ state: 'saving' });
  }

  // Tells the tabs the saving state: 'saving' only after SAVING_DELAY, 'saved' only after they
  // heard 'saving' or 'error', 'error' at once.
  #status(s) {
    if (s.state === 'saving') {
      if (this.#announced !== 'saved' || this.#savingTimer) return;
      this.#savingTimer = setTimeout(() => {
        this.#savingTimer = null;
        if ((this.#writing || this.#pending) && !this.#failure) this.#announce(s);
      }, SAVING_DELAY);
      return;
    }
    clearTimeout(this.#savingTimer);
    this.#savingTimer = null;
    if (s.state !== 'saved' || this.#announced !== 'saved') this.#announce(s);
  }

  #announce(s) {
    this.#announced = s.state;
    this.#onStatus(s);
  }

  #checkpointDue(batch) {
    const log = this.#log;
    return this.#checkpointWanted || batch.migrate || batch.size === undefined ||
      log.entries + 1 >= LOG_ENTRIES || log.pages + batch.pages.size > LOG_PAGES;
  }

  /** Resolves when every commit so far is in IndexedDB; rejects with a storage error if writing fails. */
  durable() {
    if (this.#durableSeq >= this.#seq && !this.#pending) return Promise.resolve();
    if (this.#fenced) return Promise.reject(this.#failure);
    const p = new Promise((resolve, reject) => this.#waiters.push({ seq: this.#seq, resolve, reject }));
    if (this.#failure) this.flush();
    return p;
  }

  /**
   * Retries a failed write now, and folds the log into records (the page calls it when it is
   * hidden: a tab that closes then leaves a short log to replay, or none).
   */
  flush() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (this.#log.entries > 0) this.#checkpointWanted = true;
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

  // Puts `later` (queued after `batch`) into `batch`: its copies of pages are the newer ones.
  static #merge(batch, later) {
    for (const [no, buf] of later.pages) batch.pages.set(no, buf);
    batch.migrate ||= later.migrate;
    if (later.size !== undefined) batch.size = later.size;
  }

  async #run() {
    if (this.#writing || this.#fenced || !(this.#pending || this.#checkpointWanted)) return;
    const batch = this.#pending ?? { pages: new Map(), seq: this.#seq, migrate: false, size: undefined };
    this.#pending = null;
    this.#writing = true;
    try {
      await this.#write(batch);
      this.#durableSeq = batch.seq;
      this.#failure = null;
      this.#retryDelay = 500;
      this.#waiters = this.#waiters.filter((w) => (w.seq <= batch.seq ? (w.resolve(), false) : true));
    } catch (caught) {
      // A DOMException thrown by transaction() itself (a closed connection) becomes a storage error too.
      const err = caught?.code === 'storage' ? caught : storageError(describe(caught), caught);
      // The batch is older than anything queued since: put it back underneath.
      if (this.#pending) Persister.#merge(batch, this.#pending);
      this.#pending = batch;
      this.#failure = err;
      this.#rejectWaiters(err);
      this.#status({ state: 'error', error: { code: err.code, message: err.message } });
      if (!this.#fenced) {
        this.#retryTimer = setTimeout(() => this.flush(), this.#retryDelay);
        this.#retryDelay = Math.min(this.#retryDelay * 2, 30000);
      }
    } finally {
      this.#writing = false;
    }
    if (this.#fenced) this.#rejectWaiters(this.#failure);
    else if ((this.#pending || this.#checkpointWanted) && !this.#failure) this.#run();
    else if (!this.#failure) this.#status({ state: 'saved' });
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
    // Commits queued since join the batch (a retry after reopening may come after more commits).
    if (this.#pending) {
      Persister.#merge(batch, this.#pending);
      this.#pending = null;
    }
    batch.seq = this.#seq;
    const log = this.#log;
    const checkpoint = this.#checkpointDue(batch);
    const size = checkpoint ? this.#size() : batch.size;
    const records = [];
    let entry = null;
    if (checkpoint) {
      // Every record the log or this batch touched, read from the file as it is now.
      const count = recordCount(size);
      const livePages = Math.ceil(size / CHUNK);
      const touched = batch.migrate ? range(count) : new Set(log.records);
      for (const no of batch.pages.keys()) touched.add(recordOf(no));
      for (const r of touched) {
        if (r >= count) continue;  // past the end: deleted by range below
        const first = r * PER_RECORD;
        records.push([r, this.#read(first, Math.min(PER_RECORD, livePages - first))]);
      }
    } else {
      entry = logEntry(this.#epoch, batch.seq, size, batch.pages);
    }
    const lineage = lineageOf(this.#lineage, [[this.#epoch, batch.seq]]);
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
      if (checkpoint) {
        if (batch.migrate) pages.delete(legacyRange(this.#name));
        for (const [r, buf] of records) pages.put(buf, recordKey(this.#name, r));
        pages.delete(recordRange(this.#name, recordCount(size)));
        pages.delete(logRange(this.#name));
        meta.put({ txId: expected, size, chunk: CHUNK, perRecord: PER_RECORD, log: LOG_FORMAT, lineage, savedAt: Date.now() }, this.#name);
      } else {
        pages.put(entry, logKey(this.#name, this.#epoch, batch.seq));
      }
      tx.oncomplete = () => {
        this.#lineage = lineage;
        if (checkpoint) {
          this.#log = { entries: 0, pages: 0, records: new Set() };
          this.#checkpointWanted = false;
        }
        else {
          log.entries++;
          log.pages += entry.nos.length;
          for (const no of entry.nos) log.records.add(recordOf(no));
        }
        resolve();
      };
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
