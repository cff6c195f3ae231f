// A deal's timeline: its stage events and its follow-ups (跟进) merged into one list, newest
// first, with each follow-up's state (done, open, overdue) at `now`. Pure, so it is unit-tested.
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

/** The state of an activity at `now` (ms): done, overdue (open, due before now) or open. */
export function activityState(a, now) {
  if (a.done_at) return 'done';
  if (a.due_at && Date.parse(a.due_at) < now) return 'overdue';
  return 'open';
}

/** Timeline entries, newest first: {kind: 'stage', at, event} and {kind: 'activity', at, activity,
 *  state}. An activity sits at its done time, else its due time, else when it was written; a
 *  planned one due in the future therefore leads the list — the deal's next step. */
export function timeline(deal, now) {
  const items = [
    ...(deal.stage_events || []).map((event) => ({ kind: 'stage', at: event.at, seq: event.seq, event })),
    ...(deal.activities || []).map((activity) => ({
      kind: 'activity', at: activity.done_at ?? activity.due_at ?? activity.created_at, seq: 0, activity,
      state: activityState(activity, now),
    })),
  ];
  const ms = (x) => Date.parse(x.at);
  return items.sort((a, b) => ms(b) - ms(a) || b.seq - a.seq);
}

/** True when an open deal has an open follow-up due now or later (the core's "next step"). */
export function hasNextStep(deal, now) {
  return (deal.activities || []).some((a) => !a.done_at && a.due_at && Date.parse(a.due_at) >= now);
}
