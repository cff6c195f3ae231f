// The engine worker: owns the wasm core and the database (when this tab leads, see tabs.js) and
// answers the page's requests (protocol.js). Every failure goes back as a plain {code, message}.
import { loadCore, chunksOf } from './core.js';
import { openIdb, claimAndLoad, Persister } from './page_store.js';
import { Tabs } from './tabs.js';
import { LoudouError, storageError, toWire } from './protocol.js';

let name = null;
let engineUrl = null;   // the full module (every op)
let firstUrl = null;    // the smaller module to start on, if the page names one (wasm/CMakeLists.txt)
let core = null;
let upgrading = null;   // the swap to the full module, while it runs
let persister = null;
let tabs = null;
let loaded = { bytes: 0 };  // what the leader loaded, and how long it took

// This page's writes not yet known to be in IndexedDB: epoch -> the leader's commit count after
// the write. A write may be acknowledged by a leader whose tab then closes before storing it; the
// next leader can tell (page_store.js lineage), so durable() asks it rather than trusting its own
// empty queue.
const unconfirmed = new Map();
const lastOp = new Map();  // epoch -> the op of its latest write from this page (named in a lost-write error)

const LOST = 'Changes saved in another tab just before it closed were lost. Reload the page to see what is stored.';

const post = (m, transfer = []) => self.postMessage(m, transfer);

function emit(event) {
  post(event);
  tabs?.broadcast(event);
}

// Leader only: claim the database in IndexedDB, load its committed state into the VFS and open
// the engine on it; resolves to this leader's epoch. The wasm module compiles while IndexedDB
// reads (both take a while on a cold start).
async function load() {
  const t0 = performance.now();
  if (core) {  // leading again after stepping down: start from what is stored
    core.close();
    core = null;
  }
  let idb = await openIdb();
  const reopen = async () => (idb = await openIdb());
  const [stored, loadedCore] = await Promise.all([
    claimAndLoad(idb, name).then((s) => ({ ...s, ms: performance.now() - t0 })),
    loadModule(firstUrl || engineUrl).then((c) => ({ core: c, ms: performance.now() - t0 })),
  ]);
  const c = loadedCore.core;
  c.load(name, stored.size, stored.pages);
  persister = new Persister({
    idb, reopen, name, claimed: stored,
    // `core`, not `c`: the full module may have been swapped in since (upgrade())
    read: (first, count) => core.readPages(name, first, count),
    size: () => core.size(name),
    onStatus: (s) => emit({ event: 'status', ...s }),
  });
  core = c;
  core.full = !firstUrl;
  const opened = core.open(name);
  if (!opened.ok) throw new LoudouError(opened.error);
  loaded = { bytes: stored.size, readMs: stored.ms, wasmMs: loadedCore.ms, totalMs: performance.now() - t0 };
  return stored.epoch;
}

function loadModule(moduleUrl) {
  return loadCore({
    moduleUrl,
    onCommit: (file, size, pages) => { if (file === name) persister?.commit(pages, size); },
  });
}

// Swaps the full module in for the small one this leader started on: the committed database file
// is copied from one module's memory into the other's (no IndexedDB round trip: pages not yet
// saved stay queued in the persister, which reads them from whichever module is current). Only
// the fetch and compile are asynchronous; the copy and the swap run in one go, between requests.
function upgrade() {
  upgrading ??= (async () => {
    const from = core;
    const full = await loadModule(engineUrl).catch((err) => {
      throw new LoudouError({ code: 'storage', message: `This needs the rest of Loudou, which could not be loaded (${err?.message || err}). Check the connection and try again.` });
    });
    if (core !== from) return;  // re-elected meanwhile (load()): ready() tries again on the new one
    const bytes = core.bytes(name);
    full.load(name, bytes.length, chunksOf(bytes));
    const opened = full.open(name);
    if (!opened.ok) throw new LoudouError(opened.error);
    core.close();
    core = full;
    core.full = true;
  })().finally(() => { upgrading = null; });
  return upgrading;
}

// Leader only: makes sure the module in use answers every op of `ops` (null: needs the full one).
// Requests wait while a swap runs, so they still run in the order they came.
async function ready(ops) {
  for (;;) {
    if (upgrading) await upgrading.catch(() => {});  // its own requests get its error
    if (core.full || (ops && ops.every((op) => core.hasOp(op)))) return;
    await upgrade();
  }
}

function opsOf(request) {
  const inner = request.args?.requests;
  if (request.op === 'batch' && Array.isArray(inner)) return inner.map((r) => r?.op).filter((op) => typeof op === 'string');
  return [String(request.op)];
}

// A write this leader ran: what a page must ask about before calling it durable.
function writeToken(before) {
  return persister.seq !== before ? { epoch: persister.epoch, seq: persister.seq } : null;
}

// Leader only: one request of the protocol, run here; resolves to {result, token?}.
// Another tab's write (`remote`) is answered only once it is in IndexedDB: this tab may close
// right after answering, and its worker be stopped before it stores the write (seen in traces:
// the last 1-2 writes of a tab writing back to back). Unanswered, the write fails on hand-over
// (tabs.js) or gets the storage error, so the writing tab never holds an acknowledged write that is
// gone. This tab's own writes are answered at once (it cannot outlive its own page).
async function handle(msg, { remote = false } = {}) {
  switch (msg.type) {
    case 'call': {
      await ready(opsOf(msg));
      const before = persister.seq;
      const response = JSON.parse(core.call(JSON.stringify({ op: msg.op, args: msg.args ?? {} })));
      const token = writeToken(before);
      if (token) emit({ event: 'change', ops: opsOf(msg) });
      if (!response.ok) throw new LoudouError(response.error);
      if (token && remote) await persister.durable();
      return { result: response.result, token };
    }
    case 'durable': {
      // Writes acknowledged by earlier leaders count only if this one loaded them.
      for (const [epoch, seq, op] of msg.unconfirmed || []) {
        if (epoch === persister.epoch) continue;
        if (epoch > persister.epoch) throw storageError('another tab has taken over saving; please try again');
        const stored = persister.storedBefore(epoch);
        if (stored < seq) throw new LoudouError({ code: 'storage', message: LOST, lost: { epoch, seq, stored, leader: persister.epoch, op } });
      }
      await persister.durable();
      return { result: null };
    }
    case 'export': await ready([]); return { result: core.bytes(name) };
    case 'import': {
      await ready(null);  // a file from elsewhere may be in WAL mode, which only the full module reads
      const before = persister.seq;
      const response = core.importBytes(new Uint8Array(msg.bytes));
      if (!response.ok) throw new LoudouError(response.error);
      emit({ event: 'change', ops: ['import'] });
      const token = writeToken(before);
      if (token && remote) await persister.durable();
      return { result: response.result, token };
    }
    case 'check': {
      await ready([]);
      const response = core.check(name);
      if (!response.ok) throw new LoudouError(response.error);
      return { result: response.result };
    }
    case 'flush': persister.flush(); return { result: null };
    case 'test': persister.failWrites = msg.failWrites || null; return { result: null };
    default: throw new LoudouError({ code: 'bad_request', message: `unknown request type ${msg.type}` });
  }
}

// A newer leader has claimed the database: this worker's copy is stale and must not be saved.
function demoted() {
  persister?.fence('another tab took over saving this database');
}

async function dispatch(msg) {
  if (msg.type === 'open') {
    if (tabs) throw new LoudouError({ code: 'bad_request', message: 'the database is already open' });
    name = String(msg.name || 'loudou');
    engineUrl = msg.engineUrl;
    firstUrl = msg.firstUrl || null;
    tabs = new Tabs(name, { onLead: load, handle, onEvent: post, onDemote: demoted });
    await tabs.start();
    return { role: tabs.leading ? 'leader' : 'follower', ...loaded };
  }
  if (msg.type === 'close') {
    tabs?.close();
    core?.close();
    return null;
  }
  if (!tabs) throw new LoudouError({ code: 'storage', message: 'the database is not open' });
  if (msg.type === 'flush' && !tabs.leading) return null;
  if (msg.type === 'role') return tabs.leading ? 'leader' : 'follower';
  if (msg.type === 'durable') {
    const asked = [...unconfirmed].map(([epoch, seq]) => [epoch, seq, lastOp.get(epoch)]);
    const reply = await tabs.forward({ ...msg, unconfirmed: asked });
    for (const [epoch, seq] of asked) if (unconfirmed.get(epoch) === seq) unconfirmed.delete(epoch);
    return reply.result;
  }
  const reply = await tabs.forward(msg);
  const t = reply.token;
  if (t && !(unconfirmed.get(t.epoch) >= t.seq)) {
    unconfirmed.set(t.epoch, t.seq);
    lastOp.set(t.epoch, msg.type === 'call' ? msg.op : msg.type);
  }
  return reply.result;
}

self.onmessage = async (e) => {
  const msg = e.data;
  try {
    const result = await dispatch(msg);
    const transfer = result instanceof Uint8Array ? [result.buffer] : [];
    post({ id: msg.id, ok: true, result }, transfer);
  } catch (err) {
    post({ id: msg.id, ok: false, error: toWire(err) });
  }
};
