// The engine worker: owns the wasm core and the database (when this tab leads, see tabs.js) and
// answers the page's requests (protocol.js). Every failure goes back as a plain {code, message}.
import { loadCore } from './core.js';
import { openIdb, loadPages, Persister } from './page_store.js';
import { Tabs } from './tabs.js';
import { LoudouError, toWire } from './protocol.js';

let name = null;
let engineUrl = null;
let core = null;
let persister = null;
let tabs = null;
let loaded = { bytes: 0 };  // what the leader loaded, and how long it took

const post = (m, transfer = []) => self.postMessage(m, transfer);

function emit(event) {
  post(event);
  tabs?.broadcast(event);
}

// Leader only: load the committed state from IndexedDB into the VFS and open the engine on it.
// The wasm module compiles while IndexedDB reads (both take a while on a cold start).
async function load() {
  const t0 = performance.now();
  let idb = await openIdb();
  const reopen = async () => (idb = await openIdb());
  const [stored, loadedCore] = await Promise.all([
    loadPages(idb, name).then((s) => ({ ...s, ms: performance.now() - t0 })),
    loadCore({
      moduleUrl: engineUrl,
      onCommit: (file, size, pages) => { if (file === name) persister.commit(size, pages); },
    }).then((c) => ({ core: c, ms: performance.now() - t0 })),
  ]);
  core = loadedCore.core;
  persister = new Persister({ idb, reopen, name, txId: stored.txId, onStatus: (s) => emit({ event: 'status', ...s }) });
  core.load(name, stored.size, stored.pages);
  const opened = core.open(name);
  if (!opened.ok) throw new LoudouError(opened.error);
  loaded = { bytes: stored.size, readMs: stored.ms, wasmMs: loadedCore.ms, totalMs: performance.now() - t0 };
}

function opsOf(request) {
  if (request.op === 'batch') return (request.args?.requests || []).map((r) => r?.op).filter(Boolean);
  return [request.op];
}

// Leader only: one request of the protocol, run here.
async function handle(msg) {
  switch (msg.type) {
    case 'call': {
      const before = persister.seq;
      const response = JSON.parse(core.call(JSON.stringify({ op: msg.op, args: msg.args ?? {} })));
      if (persister.seq !== before) emit({ event: 'change', ops: opsOf(msg) });
      if (!response.ok) throw new LoudouError(response.error);
      return response.result;
    }
    case 'durable': return persister.durable().then(() => null);
    case 'export': return core.bytes(name);
    case 'import': {
      const response = core.importBytes(new Uint8Array(msg.bytes));
      if (!response.ok) throw new LoudouError(response.error);
      emit({ event: 'change', ops: ['import'] });
      return response.result;
    }
    case 'check': {
      const response = core.check(name);
      if (!response.ok) throw new LoudouError(response.error);
      return response.result;
    }
    case 'flush': persister.flush(); return null;
    case 'test': persister.failWrites = msg.failWrites || null; return null;
    default: throw new LoudouError({ code: 'bad_request', message: `unknown request type ${msg.type}` });
  }
}

async function dispatch(msg) {
  if (msg.type === 'open') {
    if (tabs) throw new LoudouError({ code: 'bad_request', message: 'the database is already open' });
    name = String(msg.name || 'loudou');
    engineUrl = msg.engineUrl;
    tabs = new Tabs(name, { onLead: load, handle, onEvent: post });
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
  return tabs.forward(msg);
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
