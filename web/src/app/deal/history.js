// Stage-history helpers: the timeline's lines, and the batch that rebuilds a deleted deal with
// its whole history (deal.delete removes the deal's events too, so "undo" replays them with
// their original times: create, then every move/win/loss/reopen, all in one transaction).
import { t } from '../../i18n/index.js';

/** One timeline line for a stage event; stageName(id) may return null for removed stages. */
export function eventText(ev, stageName) {
  const name = (id) => stageName(id) ?? t('deal.removedStage');
  switch (ev.kind) {
    case 'create': return t('deal.ev.create', { stage: name(ev.stage_id) });
    case 'move': return t('deal.ev.move', { from: name(ev.from_stage_id), stage: name(ev.stage_id) });
    case 'won': return t('deal.ev.won');
    case 'lost': return t('deal.ev.lost', { reason: ev.reason ?? '' });
    case 'reopen': return t('deal.ev.reopen', { stage: name(ev.stage_id) });
    default: return ev.kind;
  }
}

const CREATE_KEYS = ['id', 'pipeline_id', 'title', 'amount', 'currency', 'owner_id', 'account', 'contact',
  'source', 'industry', 'expected_close', 'lead_id', 'fields'];

/** The batch requests that recreate `deal` (as deal.get returned it, with stage_events). */
export function restoreRequests(deal) {
  const events = [...(deal.stage_events || [])].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq));
  const created = events.find((e) => e.kind === 'create');
  const create = { stage_id: created?.stage_id ?? deal.stage_id, at: created?.at ?? deal.created_at };
  for (const k of CREATE_KEYS) if (deal[k] != null) create[k] = deal[k];
  const out = [{ op: 'deal.create', args: create }];
  for (const ev of events) {
    if (ev === created) continue;
    if (ev.kind === 'move') out.push({ op: 'deal.move', args: { id: deal.id, stage_id: ev.stage_id, at: ev.at } });
    else if (ev.kind === 'won') out.push({ op: 'deal.win', args: { id: deal.id, at: ev.at } });
    else if (ev.kind === 'lost') out.push({ op: 'deal.lose', args: { id: deal.id, reason: ev.reason || '-', at: ev.at } });
    else if (ev.kind === 'reopen') out.push({ op: 'deal.reopen', args: { id: deal.id, stage_id: ev.stage_id, at: ev.at } });
  }
  if (deal.paused_until) out.push({ op: 'deal.update', args: { id: deal.id, paused_until: deal.paused_until, ...(deal.pause_reason ? { pause_reason: deal.pause_reason } : {}) } });
  return out;
}
