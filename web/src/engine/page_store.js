// The IndexedDB side of persistence: one IndexedDB database "loudou" with two stores,
//   pages: key [dbName, chunkIndex] -> ArrayBuffer (4096 bytes, one SQLite page)
//   meta:  key dbName -> {txId, size, chunk, savedAt}
// IndexedDB runs readwrite transactions in order and each is atomic, so the stored pages are
// always exactly some committed SQLite state: a killed tab loses at most the commits still in
// flight, never half of one. `txId` counts IndexedDB transactions; each one checks it first, so a
// writer that is no longer the elected one (a stale tab) cannot overwrite newer data.
import { CHUNK } from './core.js';
import { storageError } from './protocol.js';

const IDB_NAME = 'loudou';
const LOAD_BATCH = 2048;  // pages per getAll: a few large requests beat a cursor step per page

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

/** Reads a database's committed state: {txId, size, pages: [[index, ArrayBuffer]]}. */
export function loadPages(idb, name) {
  return new Promise((resolve, reject) => {
    const tx = idb.transaction(['pages', 'meta'], 'readonly');
    const out = { txId: 0, size: 0, pages: [] };
    const metaReq = tx.objectStore('meta').get(name);
    metaReq.onsuccess = () => {
      const meta = metaReq.result;
      if (!meta) return;
      out.txId = meta.txId;
      out.size = meta.size;
      const count = Math.ceil(meta.size / CHUNK);
      const store = tx.objectStore('pages');
      // All batches are requested at once; IndexedDB answers them in order within the transaction.
      // Every live page is stored (the VFS reports each one at least once), so a full batch is
      // dense and needs no keys; a short one (never expected) asks for its keys too.
      for (let first = 0; first < count; first += LOAD_BATCH) {
        const last = Math.min(first + LOAD_BATCH, count) - 1;
        const range = IDBKeyRange.bound([name, first], [name, last]);
        const values = store.getAll(range);
        values.onsuccess = () => {
          if (values.result.length === last - first + 1) {
            values.result.forEach((v, i) => out.pages.push([first + i, v]));
            return;
          }
          const keys = store.getAllKeys(range);
          keys.onsuccess = () => keys.result.forEach((k, i) => out.pages.push([k[1], values.result[i]]));
        };
      }
    };
    tx.oncomplete = () => resolve(out);
    tx.onabort = () => reject(storageError('cannot read the saved database', tx.error));
  });
}

/**
 * Writes commits to IndexedDB: one readwrite transaction at a time; commits that arrive while
 * one is in flight are merged and written together (group commit). A failed write keeps its
 * pages queued and is retried (next commit, flush(), or a timer), so the stored copy only ever
 * moves from one committed state to a later one.
 */
export class Persister {
  #idb; #reopen; #name; #txId;
  #pending = null;     // {size, pages: Map, seq}: merged commits not yet written
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

  constructor({ idb, reopen, name, txId, onStatus }) {
    this.#idb = idb;
    this.#reopen = reopen;
    this.#name = name;
    this.#txId = txId;
    this.#onStatus = onStatus;
  }

  get seq() { return this.#seq; }

  /** A commit from the VFS: `pages` are copies, owned from now on. */
  commit(size, pages) {
    this.#seq++;
    if (!this.#pending) this.#pending = { size, pages, seq: this.#seq };
    else {
      for (const [i, buf] of pages) this.#pending.pages.set(i, buf);
      this.#pending.size = size;
      this.#pending.seq = this.#seq;
    }
    if (!this.#writing && !this.#failure) this.#onStatus({ state: 'saving' });
    this.#run();
  }

  /** Resolves when every commit so far is in IndexedDB; rejects with a storage error if writing fails. */
  durable() {
    if (this.#durableSeq >= this.#seq) return Promise.resolve();
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
        for (const [i, buf] of this.#pending.pages) batch.pages.set(i, buf);
        batch.size = this.#pending.size;
        batch.seq = this.#pending.seq;
      }
      this.#pending = batch;
      this.#failure = err;
      for (const w of this.#waiters) w.reject(err);
      this.#waiters = [];
      this.#onStatus({ state: 'error', error: { code: err.code, message: err.message } });
      if (!this.#fenced) {
        this.#retryTimer = setTimeout(() => this.flush(), this.#retryDelay);
        this.#retryDelay = Math.min(this.#retryDelay * 2, 30000);
      }
    } finally {
      this.#writing = false;
    }
    if (this.#pending && !this.#failure) this.#run();
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
      for (const [i, buf] of batch.pages) pages.put(buf, [this.#name, i]);
      pages.delete(IDBKeyRange.bound([this.#name, Math.ceil(batch.size / CHUNK)], [this.#name, Infinity]));
      meta.put({ txId: expected + 1, size: batch.size, chunk: CHUNK, savedAt: Date.now() }, this.#name);
      tx.oncomplete = () => resolve();
      tx.onabort = () => {
        if (fence) {
          this.#fenced = true;
          reject(storageError('another tab saved newer data: reload this tab to continue'));
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

function describe(cause) {
  if (cause?.name === 'QuotaExceededError')
    return 'The browser refused to store more data (storage quota exceeded). Recent changes are not saved yet; free up disk space or export a backup.';
  return `Saving to browser storage failed (${cause?.name || 'aborted'}). Recent changes are not saved yet.`;
}
