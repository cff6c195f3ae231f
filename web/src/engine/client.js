// The page's handle on the engine: `const db = await Loudou.open({name})`, then
// `await db.call(op, args)`. The engine runs in a module worker (worker.js); this file only
// sends typed requests (protocol.js) and resolves them by id.
import { LoudouError } from './protocol.js';

// The wasm glue is copied as-is into <site>/engine/ (vite.config.js), one folder up from the
// bundled chunks in <site>/assets/. Kept in a variable so Vite does not try to bundle it.
const ENGINE_DIR = '../engine/';

class Client {
  #worker;
  #next = 0;
  #pending = new Map();
  #listeners = { status: new Set(), change: new Set() };
  #onHidden = null;
  status = { state: 'saved' };

  constructor(worker) {
    this.#worker = worker;
    worker.onmessage = (e) => this.#receive(e.data);
    worker.onerror = (e) => {
      const error = { code: 'internal', message: `the engine stopped: ${e.message || 'worker error'}` };
      for (const [, p] of this.#pending) p.reject(new LoudouError(error));
      this.#pending.clear();
      this.#emit('status', { state: 'error', error });
    };
  }

  _request(msg, transfer = []) {
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...msg, id }, transfer);
    });
  }

  #receive(m) {
    if (m.event) {
      if (m.event === 'status') this.status = { state: m.state, ...(m.error ? { error: m.error } : {}) };
      this.#emit(m.event, m.event === 'status' ? this.status : { ops: m.ops });
      return;
    }
    const p = this.#pending.get(m.id);
    if (!p) return;
    this.#pending.delete(m.id);
    m.ok ? p.resolve(m.result) : p.reject(new LoudouError(m.error));
  }

  #emit(event, detail) {
    for (const fn of this.#listeners[event] || []) {
      try { fn(detail); } catch (err) { console.error(err); }
    }
  }

  /** Runs one command-API op; resolves to its result, rejects with {code, message, field, fields}. */
  call(op, args = {}) { return this._request({ type: 'call', op, args }); }
  /** Resolves when everything written so far is in IndexedDB; rejects with a `storage` error. */
  durable() { return this._request({ type: 'durable' }); }
  /** 'status' ({state: saved|saving|error, error?}) and 'change' ({ops}) events. */
  on(event, fn) { this.#listeners[event]?.add(fn); return this; }
  off(event, fn) { this.#listeners[event]?.delete(fn); return this; }
  /** The raw SQLite file (opens in loudou-cli). */
  exportSqlite() { return this._request({ type: 'export' }); }
  /** Replaces the database by a SQLite file after checking it; resolves to meta.info. */
  importSqlite(bytes) {
    const copy = new Uint8Array(bytes).slice();
    return this._request({ type: 'import', bytes: copy }, [copy.buffer]);
  }
  /** PRAGMA integrity_check and the schema version of the stored database. */
  check() { return this._request({ type: 'check' }); }
  /** 'leader' when this tab's worker holds the database, else 'follower'. */
  role() { return this._request({ type: 'role' }); }
  /** Retries a failed save now. */
  flush() { return this._request({ type: 'flush' }); }
  /** Test hook: {failWrites: 'QuotaExceededError'} makes every IndexedDB write fail; null heals. */
  _simulateStorageFailure(name) { return this._request({ type: 'test', failWrites: name || null }); }

  async close() {
    if (this.#onHidden) document.removeEventListener('visibilitychange', this.#onHidden);
    await this._request({ type: 'close' }).catch(() => {});
    this.#worker.terminate();
  }

  // Page lifecycle: save what is pending when the tab is hidden (it may never come back), and ask
  // the browser to keep our storage once there is real data in it.
  _watchLifecycle(hasData) {
    if (typeof document === 'undefined') return;
    this.#onHidden = () => { if (document.visibilityState === 'hidden') this.flush().catch(() => {}); };
    document.addEventListener('visibilitychange', this.#onHidden);
    const persist = () => {
      this.off('change', persist);
      navigator.storage?.persisted?.().then((yes) => yes || navigator.storage.persist()).catch(() => {});
    };
    if (hasData) persist();
    else this.on('change', persist);
  }
}

/**
 * Opens the database `name` (default "loudou") in a new engine worker.
 * `engineUrl` overrides where the full wasm glue (loudou.mjs, every op) is loaded from;
 * `firstUrl` names a smaller module to start on (the worker swaps in the full one the first time
 * a request needs it). By default the app starts on loudou-lite.mjs beside loudou.mjs; with only
 * `engineUrl` given, the full module is the only one.
 */
export async function open({ name = 'loudou', engineUrl, firstUrl } = {}) {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: `loudou:${name}` });
  const client = new Client(worker);
  const url = engineUrl || new URL(ENGINE_DIR + 'loudou.mjs', import.meta.url).href;
  const first = firstUrl || (engineUrl ? null : new URL(ENGINE_DIR + 'loudou-lite.mjs', import.meta.url).href);
  try {
    const { bytes } = await client._request({ type: 'open', name, engineUrl: url, firstUrl: first });
    client._watchLifecycle(bytes > 0);
  } catch (err) {
    worker.terminate();
    throw err;
  }
  return client;
}

export const Loudou = { open };
