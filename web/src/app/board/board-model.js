// Pure board arithmetic, kept out of the components so it is unit-tested and fast: filtering,
// grouping into columns, column sums and the stalled rule. Sums follow metrics.md's snapshot:
// weighted = Σ amount × stage probability / 100 (unrounded; rounding happens on screen).
const DAY = 86_400_000;

/** Whole days a deal has sat in its current stage at `now` (ms). */
export function daysInStage(deal, now) {
  const entered = Date.parse(deal.stage_entered_at);
  return Number.isNaN(entered) ? 0 : Math.max(0, Math.floor((now - entered) / DAY));
}

/** The deal's last touch (ms): the later of its last stage change (for an open deal, when it
 *  entered its stage) and its last logged activity (deal.list's last_activity_at: a done
 *  follow-up, or a note when written) — the same clock alert.list and report.bottlenecks use. */
export function lastTouch(deal) {
  const entered = Date.parse(deal.stage_entered_at);
  const logged = deal.last_activity_at ? Date.parse(deal.last_activity_at) : NaN;
  if (Number.isNaN(entered)) return Number.isNaN(logged) ? NaN : logged;
  return Number.isNaN(logged) ? entered : Math.max(entered, logged);
}

/** Idle decimal days at `now` (ms) since the deal's last touch. */
export function idleDays(deal, now) {
  const last = lastTouch(deal);
  return Number.isNaN(last) ? 0 : Math.max(0, (now - last) / DAY);
}

/** The calendar date ("YYYY-MM-DD") of `now` (ms) at `tzOffsetMinutes` east of UTC. */
export function dateAt(now, tzOffsetMinutes = 0) {
  return new Date(now + tzOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** A pause holds while today (in the user's time zone, as the alert centre asks the core) is
 *  before paused_until. */
export function isPaused(deal, now, tzOffsetMinutes = 0) {
  return !!deal.paused_until && deal.paused_until > dateAt(now, tzOffsetMinutes);
}

/** metrics.md 9: idle longer than the stage's rot_days, unless paused until a later date. */
export function isStalled(deal, stage, now, tzOffsetMinutes = 0) {
  if (!stage || stage.rot_days == null) return false;
  if (isPaused(deal, now, tzOffsetMinutes)) return false;
  return idleDays(deal, now) > stage.rot_days;
}

/** Keeps the deals matching every given filter: owner_id ('' = any, '-' = unassigned), source,
 *  industry, text, and custom choice fields ({key: option}; a multiple choice matches when it holds
 *  the option). */
export function filterDeals(deals, { owner = '', source = '', industry = '', text = '', custom = {} } = {}) {
  const q = text.trim().toLowerCase();
  const fields = Object.entries(custom).filter(([, v]) => v);
  if (!owner && !source && !industry && !q && !fields.length) return deals;
  const has = (d, [k, v]) => { const x = d.fields?.[k]; return Array.isArray(x) ? x.includes(v) : x === v; };
  return deals.filter((d) =>
    (!owner || (owner === '-' ? !d.owner_id : d.owner_id === owner)) &&
    (!source || d.source === source) &&
    (!industry || d.industry === industry) &&
    (!q || [d.title, d.account, d.contact].some((v) => v && v.toLowerCase().includes(q))) &&
    fields.every((f) => has(d, f)));
}

/** Columns in stage order: {stage, deals, count, amount, weighted}. Deals of unknown stages are dropped. */
export function buildColumns(stages, deals) {
  const cols = new Map(stages.map((s) => [s.id, { stage: s, deals: [], count: 0, amount: 0, weighted: 0 }]));
  for (const d of deals) {
    const c = cols.get(d.stage_id);
    if (!c) continue;
    c.deals.push(d);
    c.count += 1;
    c.amount += d.amount;
    c.weighted += (d.amount * c.stage.probability) / 100;
  }
  return [...cols.values()];
}

/** The fields of `deal` a move into `stage` still needs: the stage's required_fields plus custom
 *  fields required in that stage (mirrors core missing_for_stage). */
export function missingFor(deal, stage, fieldDefs) {
  const required = [...(stage.required_fields || [])];
  for (const f of fieldDefs) if (f.required_in_stages?.includes(stage.id) && !required.includes(f.key)) required.push(f.key);
  const blank = (v) => v == null || v === '' || (Array.isArray(v) && v.length === 0);
  return required.filter((name) => {
    if (name === 'amount') return !deal.amount;
    if (['account', 'contact', 'owner_id', 'source', 'industry', 'expected_close'].includes(name)) return blank(deal[name]);
    return blank(deal.fields?.[name]);
  });
}

/** The window of a virtualized list: which rows to draw for a scroll offset. */
export function visibleRange(count, scrollTop, viewport, rowHeight, overscan = 4) {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { start, end, before: start * rowHeight, after: (count - end) * rowHeight };
}

/** The next open activity per deal (earliest due; undated ones after dated ones). */
export function nextActivities(activities) {
  const next = new Map();
  const key = (a) => a.due_at ?? '\uffff';
  for (const a of activities) {
    if (!a.deal_id || a.done) continue;
    const cur = next.get(a.deal_id);
    if (!cur || key(a) < key(cur)) next.set(a.deal_id, a);
  }
  return next;
}

/** The one line of custom fields a card shows: "label: value" for each chosen key the deal has a
 *  value for, in the chosen order; `money(minor)` formats money fields. */
export function cardFieldText(deal, keys, defs, money) {
  const parts = [];
  for (const key of keys) {
    const def = defs.find((f) => f.key === key);
    const v = deal.fields?.[key];
    if (!def || v == null || v === '' || (Array.isArray(v) && !v.length)) continue;
    const text = Array.isArray(v) ? v.join(', ') : def.type === 'money' ? money(v) : String(v);
    parts.push(`${def.label}: ${text}`);
  }
  return parts.join(' · ');
}
