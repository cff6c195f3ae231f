// The lead form's outbox: what could not be done at submit time waits in localStorage (same
// origin as the database) and is retried when the engine is open and when the browser says it is
// back online. Two kinds of entry: {lead} (the engine was not available: store it as a lead) and
// {post} (the host's URL could not be reached: send it again). Each lead carries its own id, so a
// retry after a half-known outcome cannot store it twice (the core answers `conflict`).
const key = (name) => `loudou.embed.outbox.${name}`;

export function readOutbox(name) {
  try { return JSON.parse(localStorage.getItem(key(name)) || '[]'); } catch { return []; }
}
function write(name, items) {
  try { localStorage.setItem(key(name), JSON.stringify(items)); } catch { /* storage full or blocked */ }
}
export function enqueue(name, item) { write(name, [...readOutbox(name), item]); }

/** A fresh lead id the core accepts (letters, digits, - _ . :), unique enough across tabs. */
export function newLeadId() {
  const r = crypto.getRandomValues(new Uint32Array(2));
  return `web-${Date.now().toString(36)}-${r[0].toString(36)}${r[1].toString(36)}`;
}

/** POSTs the lead as JSON to a host URL; rejects when offline or the answer is not 2xx. */
export async function postLead(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
}

let flushing = null;
/** Retries every entry once; `store(lead)` writes a lead into the engine. Kept: what failed again
 *  for a reason that may pass (no engine, no network, a `storage` error); a lead the core refuses
 *  (another coded error; `conflict` means it is already stored) cannot pass later and is dropped. */
export function flushOutbox(name, store) {
  flushing ??= (async () => {
    const items = readOutbox(name);
    if (!items.length) return;
    write(name, []);
    const left = [];
    for (const item of items) {
      let { lead, post } = item;
      if (lead) {
        try { await store(lead); lead = null; } catch (e) {
          // `storage` may pass later (kept); `conflict` means it is stored already.
          if (e?.code && e.code !== 'storage') { if (e.code !== 'conflict') console.warn('loudou: lead dropped', e); lead = null; }
        }
      }
      if (post && !lead) {
        try { await postLead(post, item.body); post = null; } catch { /* still offline */ }
      }
      if (lead || post) left.push({ ...item, lead: lead ?? undefined, post: post ?? undefined });
    }
    if (left.length) write(name, [...left, ...readOutbox(name)]);
  })().finally(() => { flushing = null; });
  return flushing;
}
