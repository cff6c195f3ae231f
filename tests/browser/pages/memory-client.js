// A test double of web/src/engine/client.js for browser tests that must run before (or without)
// the IndexedDB worker: the same real core (wasm) on the page's main thread with an in-memory
// database, and the same client contract — call(op, args) resolves to the result or rejects with
// an Error carrying code/field/fields; on('status'|'change'); durable(). Never shipped: only the
// harness build (vite.harness.config.mjs) aliases the app's engine import to this file.
const READ = /(^|\.)(get|list|info)$|^report\.|^alert\.|^deal\.score$|^model\./;

export async function open({ name = 'loudou' } = {}) {
  const base = new URL('./engine/', document.baseURI).href;
  const { default: create } = await import(/* @vite-ignore */ base + 'loudou.mjs');
  const M = await create({ locateFile: (f) => base + f });
  const str = (s) => {
    const n = M.lengthBytesUTF8(s) + 1;
    const p = M._malloc(n);
    M.stringToUTF8(s, p, n);
    return p;
  };
  const take = (p) => { const s = M.UTF8ToString(p); M._loudou_free(p); return JSON.parse(s); };
  const np = str(':memory:'), vp = str(''); // one in-memory database per page; `name` is ignored
  const opened = take(M._loudou_open(np, vp));
  M._free(np); M._free(vp);
  if (!opened.ok) throw Object.assign(new Error(opened.error.message), opened.error);
  const listeners = { status: new Set(), change: new Set() };
  const emit = (kind, v) => listeners[kind].forEach((fn) => fn(v));
  const db = {
    async call(op, args = {}) {
      const write = !READ.test(op);
      if (write) emit('status', { state: 'saving' });
      const p = str(JSON.stringify({ op, args }));
      const res = take(M._loudou_call(p));
      M._free(p);
      await Promise.resolve();
      if (write) emit('status', { state: 'saved' });
      if (!res.ok) throw Object.assign(new Error(res.error.message), res.error);
      if (write) setTimeout(() => emit('change', { op }), 0);
      return res.result;
    },
    on(kind, fn) { listeners[kind].add(fn); return () => listeners[kind].delete(fn); },
    durable: async () => {},
    close() { M._loudou_close(); },
  };
  return db;
}
