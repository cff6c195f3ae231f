// The sql.js peer of `tools/bench reports`: what a JavaScript developer would write instead of
// our core — sql.js (npm) in node over the SAME database file (so the same tables, indexes and
// page cache size), each report as natural SQL (GROUP BY where SQL aggregates well) plus JS for
// what SQL does awkwardly (reached(d) from the stage mask, medians, buckets). Same definitions as
// metrics.md, so its outputs are compared with ours (reports_table.mjs) before any ratio is shown.
// One JSON line per report: {name, cold_ms, ms (median warm wall), cpu_ms, result}.
//   node reports_sqljs.mjs DB_FILE REQUESTS_JSON [RUNS]
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../web/package.json'));
const initSqlJs = require('sql.js');
const [dbFile, requestsPath, runs = '9'] = process.argv.slice(2);
const SQL = await initSqlJs();
const db = new SQL.Database(fs.readFileSync(dbFile));
db.run('PRAGMA cache_size = -16384');  // the core's page cache (SQLITE_DEFAULT_CACHE_SIZE)

const DAY = 86400000;
const isoMs = (s) => (s == null ? null : Date.parse(s));
const iso = (ms) => (ms == null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));
const ratio = (a, b) => (b === 0 ? null : a / b);
function rows(sql, params = []) {
  const st = db.prepare(sql);
  st.bind(params);
  const out = [];
  while (st.step()) out.push(st.get());
  st.free();
  return out;
}
const meanDays = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length / DAY : null);
function medianDays(xs) {
  if (!xs.length) return null;
  const s = Float64Array.from(xs).sort(), m = s.length >> 1;
  return (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) / DAY;
}
const MIN = -9e15, MAX = 9e15;

function stagesOf(pid) {
  const list = rows('SELECT id, name, probability, rot_days, slot FROM stage WHERE pipeline_id = ? AND removed_at IS NULL ORDER BY position', [pid])
    .map(([id, name, probability, rot_days, slot], i) => ({ id, name, probability, rot_days, slot, pos: i + 1 }));
  const cache = new Map();
  // reached(d) of a deal that is not won: the highest position among the stage slots in its mask.
  const reached = (mask) => {
    let r = cache.get(mask);
    if (r === undefined) {
      r = 0;
      const m = BigInt(mask);
      for (const s of list) if (s.slot < 63 && (m >> BigInt(s.slot)) & 1n) r = Math.max(r, s.pos);
      cache.set(mask, r);
    }
    return r;
  };
  return { list, n: list.length, index: new Map(list.map((s, i) => [s.id, i])), reached };
}
function filterSql(f = {}, a = 'd') {
  let sql = '';
  const params = [];
  for (const k of ['owner_id', 'source', 'industry']) if (f[k]) { sql += ` AND ${a}.${k} = ?`; params.push(f[k]); }
  return [sql, params];
}
// Funnel counts of the deals created in [from, to): GROUP BY status and mask, reached in JS.
function funnelCounts(pid, st, from, to, f, extra = '') {
  const [fs_, fp] = filterSql(f);
  const c = { entered: new Array(st.n + 2).fill(0), lost_here: new Array(st.n + 2).fill(0), won: 0, lost: 0, deals: 0 };
  for (const [status, mask, count] of rows(`SELECT d.status, d.reached_mask, COUNT(*) FROM deal d WHERE d.pipeline_id = ? AND d.created_at >= ? AND d.created_at < ?${fs_}${extra} GROUP BY 1, 2`,
    [pid, from ?? MIN, to ?? MAX, ...fp])) {
    const r = status === 'won' ? st.n + 1 : st.reached(mask);
    c.deals += count;
    c.entered[r] += count;
    if (status === 'won') c.won += count;
    if (status === 'lost') { c.lost += count; c.lost_here[Math.min(r, st.n)] += count; }
  }
  for (let i = st.n; i >= 0; i--) c.entered[i] += c.entered[i + 1];
  return c;
}
const conversion = (c, i) => ratio(c.entered[i + 1], c.entered[i]);
const funnelRows = (st, c) => st.list.map((s, k) => ({ stage_id: s.id, entered: c.entered[k + 1], conversion: conversion(c, k + 1),
  dropped: c.entered[k + 1] - c.entered[k + 2], lost_here: c.lost_here[k + 1] }));
// Deals open at `now`: the visit containing `now` (two ranges of the stage_visit index).
function openDeals(pid, st, now, f) {
  const [fs_, fp] = filterSql(f);
  const cols = 'v.stage_id, v.entered_at, d.amount, d.id, d.owner_id, d.expected_close, d.paused_until';
  const inStages = 'v.stage_id IN (SELECT id FROM stage WHERE pipeline_id = ? AND removed_at IS NULL)';
  return rows(`SELECT ${cols} FROM stage_visit v JOIN deal d ON d.id = v.deal_id WHERE v.pipeline_id = ? AND ${inStages} AND v.left_at IS NULL AND v.entered_at <= ?${fs_}
               UNION ALL SELECT ${cols} FROM stage_visit v JOIN deal d ON d.id = v.deal_id WHERE v.pipeline_id = ? AND ${inStages} AND v.left_at > ? AND v.entered_at <= ?${fs_}`,
    [pid, pid, now, ...fp, pid, pid, now, now, ...fp])
    .map(([stage_id, entered_at, amount, id, owner_id, expected_close, paused_until]) =>
      ({ stage: st.index.get(stage_id), entered_at, amount, id, owner_id, expected_close, paused_until }));
}
// Won / lost deals whose last outcome is in [from, to).
function closedDeals(pid, from, to, f) {
  const [fs_, fp] = filterSql(f);
  return rows(`SELECT d.status, d.amount, d.created_at, d.closed_at, d.owner_id, d.reached_mask FROM deal d WHERE d.pipeline_id = ? AND d.closed_at >= ? AND d.closed_at < ? AND d.status IN ('won', 'lost')${fs_}`,
    [pid, from ?? MIN, to ?? MAX, ...fp]).map(([status, amount, created_at, closed_at, owner_id, mask]) => ({ status, amount, created_at, closed_at, owner_id, mask }));
}
function closedStats(list) {
  const won = list.filter((d) => d.status === 'won'), wonAmount = won.reduce((a, d) => a + d.amount, 0);
  const cycles = won.map((d) => d.closed_at - d.created_at);
  return { won: won.length, lost: list.length - won.length, won_amount: wonAmount, win_rate: ratio(won.length, list.length),
           avg_deal_size: ratio(wonAmount, won.length), cycle: { mean_days: meanDays(cycles), median_days: medianDays(cycles) } };
}

const reports = {
  'report.snapshot'({ pipeline_id: pid, now, filters }) {
    const st = stagesOf(pid);
    const [fs_, fp] = filterSql(filters);
    const by = new Map();
    const inStages = 'v.stage_id IN (SELECT id FROM stage WHERE pipeline_id = ? AND removed_at IS NULL)';
    for (const [sid, count, amount] of rows(`SELECT stage_id, COUNT(*), SUM(amount) FROM (
        SELECT v.stage_id, d.amount FROM stage_visit v JOIN deal d ON d.id = v.deal_id WHERE v.pipeline_id = ? AND ${inStages} AND v.left_at IS NULL AND v.entered_at <= ?${fs_}
        UNION ALL SELECT v.stage_id, d.amount FROM stage_visit v JOIN deal d ON d.id = v.deal_id WHERE v.pipeline_id = ? AND ${inStages} AND v.left_at > ? AND v.entered_at <= ?${fs_}) GROUP BY 1`,
      [pid, pid, now, ...fp, pid, pid, now, now, ...fp])) by.set(sid, [count, amount]);
    const stages = st.list.map((s) => { const [count, amount] = by.get(s.id) ?? [0, 0]; return { stage_id: s.id, count, amount, weighted: amount * s.probability / 100 }; });
    const total = stages.reduce((t, s) => ({ count: t.count + s.count, amount: t.amount + s.amount, weighted: 0 }), { count: 0, amount: 0, weighted: 0 });
    total.weighted = st.list.reduce((w, s, i) => w + stages[i].amount * s.probability, 0) / 100;
    return { stages, total };
  },
  'report.funnel'({ pipeline_id: pid, from, to, filters }) {
    const st = stagesOf(pid);
    const c = funnelCounts(pid, st, from, to, filters);
    return { stages: funnelRows(st, c), deals: c.deals, won: c.won, lost: c.lost, win_conversion: ratio(c.won, c.entered[1]) };
  },
  'report.velocity'({ pipeline_id: pid, from, to, filters, now }) {
    const st = stagesOf(pid);
    const [fs_, fp] = filterSql(filters);
    const join = fs_ ? ' JOIN deal d ON d.id = v.deal_id' : '';
    const ended = st.list.map(() => []);
    for (const [sid, dur] of rows(`SELECT v.stage_id, v.left_at - v.entered_at FROM stage_visit v${join} WHERE v.pipeline_id = ? AND v.left_at >= ? AND v.left_at < ?${fs_}`,
      [pid, from ?? MIN, to ?? MAX, ...fp])) { const i = st.index.get(sid); if (i !== undefined) ended[i].push(dur); }
    const open = openDeals(pid, st, now, filters);
    const age = st.list.map(() => [0, 0]);
    for (const d of open) { age[d.stage][0]++; age[d.stage][1] += now - d.entered_at; }
    const cs = closedStats(closedDeals(pid, from, to, filters));
    const velocity = cs.win_rate == null || cs.avg_deal_size == null || !cs.cycle.mean_days ? null
      : open.length * cs.avg_deal_size * cs.win_rate / cs.cycle.mean_days;
    return { stages: st.list.map((s, i) => ({ stage_id: s.id, visits: ended[i].length, mean_days: meanDays(ended[i]), median_days: medianDays(ended[i]),
               open_visits: age[i][0], open_mean_age_days: age[i][0] ? age[i][1] / age[i][0] / DAY : null })),
             won: cs.won, lost: cs.lost, win_rate: cs.win_rate, avg_deal_size: cs.avg_deal_size, cycle: cs.cycle, open_deals: open.length, pipeline_velocity: velocity };
  },
  'report.forecast'({ pipeline_id: pid, from, to, filters, now, history_from, history_to }) {
    const st = stagesOf(pid);
    const h = { entered: new Array(st.n + 2).fill(0), won: 0 };
    const [fs_, fp] = filterSql(filters);
    for (const [status, mask, count] of rows(`SELECT d.status, d.reached_mask, COUNT(*) FROM deal d WHERE d.pipeline_id = ? AND d.closed_at >= ? AND d.closed_at < ? AND d.status IN ('won', 'lost')${fs_} GROUP BY 1, 2`,
      [pid, history_from ?? MIN, history_to ?? MAX, ...fp])) {
      h.entered[status === 'won' ? st.n + 1 : st.reached(mask)] += count;
      if (status === 'won') h.won += count;
    }
    for (let i = st.n; i >= 0; i--) h.entered[i] += h.entered[i + 1];
    const prob = st.list.map((s, i) => (h.entered[i + 1] > 0 ? h.won / h.entered[i + 1] : s.probability / 100));
    const buckets = { total: { w: 0, won: 0, open: 0 }, owner: new Map(), month: new Map() };
    const get = (m, k) => { if (!m.has(k)) m.set(k, { w: 0, won: 0, open: 0 }); return m.get(k); };
    let openCount = 0;
    for (const d of openDeals(pid, st, now, filters)) {
      const close = isoMs(d.expected_close);
      if ((from != null || to != null) && (close == null || (from != null && close < from) || (to != null && close >= to))) continue;
      openCount++;
      for (const b of [buckets.total, get(buckets.owner, d.owner_id), get(buckets.month, d.expected_close?.slice(0, 7) ?? null)]) {
        b.w += d.amount * prob[d.stage];
        b.open += d.amount;
      }
    }
    for (const d of closedDeals(pid, from, to, filters)) {
      if (d.status !== 'won') continue;
      for (const b of [buckets.total, get(buckets.owner, d.owner_id), get(buckets.month, iso(d.closed_at).slice(0, 7))]) b.won += d.amount;
    }
    const fig = (b) => ({ weighted: b.w, won: b.won, best_case: b.won + b.open, open_amount: b.open });
    const list = (m, key) => [...m.entries()].sort(([a], [b]) => (a == null) - (b == null) || (a < b ? -1 : a > b ? 1 : 0)).map(([k, b]) => ({ [key]: k, ...fig(b) }));
    return { ...fig(buckets.total), open_deals: openCount, stage_probability: st.list.map((s, i) => ({ stage_id: s.id, probability: prob[i] })),
             by_owner: list(buckets.owner, 'owner_id'), by_month: list(buckets.month, 'month') };
  },
  'report.bottlenecks'({ pipeline_id: pid, from, to, filters, now }) {
    const st = stagesOf(pid);
    const bFrom = from != null && to != null ? from - (to - from) : null, bTo = from != null && to != null ? from : null;
    const c = funnelCounts(pid, st, from, to, filters), b = funnelCounts(pid, st, bFrom, bTo, filters);
    const stages = st.list.map((s, k) => {
      const i = k + 1, conv = conversion(c, i), base = conversion(b, i);
      const r = conv != null && base != null ? ratio(conv, base) : null;
      return { stage_id: s.id, entered: c.entered[i], baseline_entered: b.entered[i], conversion: conv, baseline_conversion: base, ratio: r,
               bottleneck: r != null && r < 0.8 && c.entered[i] >= 10 && b.entered[i] >= 10 };
    });
    const last = new Map(rows(`SELECT deal_id, MAX(COALESCE(done_at, CASE WHEN type = 'note' THEN created_at END)) FROM activity
                               WHERE deal_id IN (SELECT id FROM deal WHERE pipeline_id = ? AND status = 'open') AND COALESCE(done_at, CASE WHEN type = 'note' THEN created_at END) <= ? GROUP BY 1`, [pid, now]));
    const today = iso(now).slice(0, 10);
    const stalled = [];
    for (const d of openDeals(pid, st, now, filters)) {
      const s = st.list[d.stage];
      if (s.rot_days == null || (d.paused_until && d.paused_until > today)) continue;
      const since = Math.max(d.entered_at, last.get(d.id) ?? -Infinity), idle = (now - since) / DAY;
      if (idle > s.rot_days) stalled.push({ deal_id: d.id, stage_id: s.id, idle_days: idle, rot_days: s.rot_days, idle_since: iso(since) });
    }
    stalled.sort((x, y) => y.idle_days - x.idle_days || (x.deal_id < y.deal_id ? -1 : 1));
    return { stages, stalled };
  },
  'report.reps'({ pipeline_id: pid, from, to, filters }) {
    const st = stagesOf(pid);
    const reps = new Map();
    const rep = (id) => { if (!reps.has(id)) reps.set(id, { cohort: null, closed: [] }); return reps.get(id); };
    for (const [owner] of rows('SELECT DISTINCT owner_id FROM deal WHERE pipeline_id = ? AND created_at >= ? AND created_at < ?', [pid, from ?? MIN, to ?? MAX]))
      rep(owner).cohort = funnelCounts(pid, st, from, to, filters, owner == null ? ' AND d.owner_id IS NULL' : ` AND d.owner_id = '${owner.replace(/'/g, "''")}'`);
    for (const d of closedDeals(pid, from, to, filters)) rep(d.owner_id).closed.push(d);
    const quota = new Map();
    for (const [user, period, amount] of rows('SELECT user_id, period, amount FROM quota')) {
      const start = Date.parse(period.includes('Q') ? `${period.slice(0, 4)}-${String((+period[6] - 1) * 3 + 1).padStart(2, '0')}-01T00:00:00Z` : `${period}-01T00:00:00Z`);
      const e = new Date(start); e.setUTCMonth(e.getUTCMonth() + (period.includes('Q') ? 3 : 1));
      if ((from != null && start < from) || (to != null && e.getTime() > to)) continue;
      quota.set(user, (quota.get(user) ?? 0) + amount);
      rep(user);
    }
    const names = new Map(rows('SELECT id, name FROM user'));
    const out = [...reps.entries()].map(([id, r]) => {
      const cs = closedStats(r.closed), c = r.cohort ?? funnelCounts(pid, st, 1, 1, filters), q = quota.get(id) ?? null;
      return { owner_id: id, name: id == null ? null : names.get(id) ?? null, entered_first: c.entered[1], cohort_deals: c.deals, won: cs.won, lost: cs.lost,
               win_rate: cs.win_rate, won_amount: cs.won_amount, avg_deal_size: cs.avg_deal_size, cycle_mean_days: cs.cycle.mean_days,
               cycle_median_days: cs.cycle.median_days, quota: q, attainment: q == null ? null : ratio(cs.won_amount, q) };
    });
    out.sort((x, y) => (x.owner_id == null) - (y.owner_id == null) || y.won_amount - x.won_amount || (x.owner_id < y.owner_id ? -1 : 1));
    return { reps: out };
  },
  'report.attribution'({ pipeline_id: pid, from, to, filters, by = 'source' }) {
    const [fs_, fp] = filterSql(filters);
    const m = new Map();
    const row = (k) => { if (!m.has(k)) m.set(k, { key: k, leads: 0, converted: 0, deals: 0, won: 0, lost: 0, won_amount: 0 }); return m.get(k); };
    const [lf, lp] = filterSql(filters, 'l');
    for (const [k, n, conv] of rows(`SELECT l.${by}, COUNT(*), SUM(l.status = 'converted') FROM lead l WHERE l.created_at >= ? AND l.created_at < ?${lf} GROUP BY 1`, [from ?? MIN, to ?? MAX, ...lp]))
      Object.assign(row(k), { leads: n, converted: conv });
    for (const [k, status, n, amount] of rows(`SELECT d.${by}, d.status, COUNT(*), SUM(d.amount) FROM deal d WHERE d.pipeline_id = ? AND d.created_at >= ? AND d.created_at < ?${fs_} GROUP BY 1, 2`,
      [pid, from ?? MIN, to ?? MAX, ...fp])) {
      const r = row(k);
      r.deals += n;
      if (status === 'won') { r.won += n; r.won_amount += amount; }
      if (status === 'lost') r.lost += n;
    }
    const list = [...m.values()].sort((x, y) => (x.key == null) - (y.key == null) || y.deals - x.deals || y.leads - x.leads || (x.key < y.key ? -1 : 1));
    return { by, rows: list.map(({ converted, ...r }) => ({ ...r, lead_to_deal: ratio(converted, r.leads), win_rate: ratio(r.won, r.won + r.lost), avg_deal_size: ratio(r.won_amount, r.won) })) };
  },
  'report.trend'({ pipeline_id: pid, from, to, filters, now }) {
    const [fs_, fp] = filterSql(filters);
    const monthStart = (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); };
    const next = (ms) => { const d = new Date(ms); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); };
    if (from == null) { const [[first]] = rows('SELECT MIN(created_at) FROM deal WHERE pipeline_id = ?', [pid]); from = monthStart(first ?? now); }
    if (to == null) to = next(monthStart(Math.max(now, from)));
    const months = new Map();
    for (let m = monthStart(from); m < to; m = next(m)) months.set(iso(m).slice(0, 7), { month: iso(m).slice(0, 7), created: 0, won: 0, lost: 0, won_amount: 0 });
    const month = "strftime('%Y-%m', ? / 1000, 'unixepoch')";
    for (const [m, n] of rows(`SELECT ${month.replace('?', 'd.created_at')}, COUNT(*) FROM deal d WHERE d.pipeline_id = ? AND d.created_at >= ? AND d.created_at < ?${fs_} GROUP BY 1`, [pid, from, to, ...fp]))
      months.get(m).created = n;
    for (const [m, status, n, amount] of rows(`SELECT ${month.replace('?', 'd.closed_at')}, d.status, COUNT(*), SUM(d.amount) FROM deal d WHERE d.pipeline_id = ? AND d.closed_at >= ? AND d.closed_at < ? AND d.status IN ('won', 'lost')${fs_} GROUP BY 1, 2`, [pid, from, to, ...fp])) {
      const r = months.get(m);
      if (status === 'won') { r.won = n; r.won_amount = amount; } else r.lost = n;
    }
    return { months: [...months.values()].map((r) => ({ ...r, win_rate: ratio(r.won, r.won + r.lost) })) };
  },
};

const spec = JSON.parse(fs.readFileSync(requestsPath, 'utf8'));
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
for (const r of spec.requests) {
  const a = { ...r.args, pipeline_id: 'sample-pipeline', now: isoMs(spec.now) };
  for (const k of ['from', 'to', 'history_from', 'history_to']) if (a[k] != null) a[k] = isoMs(a[k]);
  const ms = [], cpu = [];
  let first;
  for (let k = 0; k <= Number(runs); k++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    const out = reports[r.op](structuredClone(a));
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    if (k === 0) first = out;
  }
  console.log(JSON.stringify({ name: r.name, cold_ms: ms[0], ms: median(ms.slice(1)), cpu_ms: median(cpu.slice(1)), result: first }));
}
