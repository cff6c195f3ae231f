// The embed's shared state: one engine client per page (every embedded element works on the same
// database, through the web app's store), the page's language, and the DOM events the host sees.
//
// Events go to the embedded element the person last touched (pointer or key, found through the
// composed path, so clicks inside shadow roots count), else to the document; they bubble and are
// composed, so `document.addEventListener('loudou-deal-moved', …)` sees them all.
const TAGS = new Set(['loudou-board', 'loudou-funnel', 'loudou-deal-form', 'loudou-lead-form', 'loudou-app']);

export const hub = {
  db: null, // the watched client (see watch())
  name: null,
  lang: null,
  ready: null, // Promise<client>, set by embed()
  active: null,
};

function track(e) {
  const el = e.composedPath().find((n) => n instanceof Element && TAGS.has(n.localName));
  if (el) hub.active = el;
}
addEventListener('pointerdown', track, true);
addEventListener('keydown', track, true);

/** Dispatches a bubbling, composed `loudou-*` event from the last touched element. */
export function emit(type, detail, from) {
  const target = from ?? (hub.active?.isConnected ? hub.active : document);
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

// Write ops and the event each success becomes (batch: one event per inner request).
const EVENTS = {
  'deal.create': 'loudou-deal-created', 'deal.update': 'loudou-deal-updated', 'deal.move': 'loudou-deal-moved',
  'deal.win': 'loudou-deal-won', 'deal.lose': 'loudou-deal-lost', 'deal.reopen': 'loudou-deal-reopened',
  'lead.create': 'loudou-lead-created', 'lead.convert': 'loudou-lead-converted',
};

function announce(op, args, result) {
  if (op === 'batch') {
    const results = result?.results ?? result ?? [];
    (args?.requests ?? []).forEach((r, i) => announce(r.op, r.args, results[i]?.result ?? results[i]));
    return;
  }
  const type = EVENTS[op];
  if (!type) return;
  if (op.startsWith('deal.')) emit(type, { deal: result, args });
  else if (op === 'lead.create') emit(type, { lead: result, duplicates: result?.duplicates ?? [] });
  else emit(type, { lead: result?.lead, deal: result?.deal });
}

/** The engine client with the same contract, whose successful writes also raise DOM events. */
export function watch(db) {
  const call = async (op, args = {}) => {
    const result = await db.call(op, args);
    try { announce(op, args, result); } catch (e) { console.error(e); }
    return result;
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === 'call') return call;
      const v = target[key];
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
