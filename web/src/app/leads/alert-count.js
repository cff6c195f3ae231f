// The alert centre's count for the navigation badge: alert.list asked exactly as the alert centre
// asks it by default (the rep this browser works as, "today" in the browser's time zone), so the
// badge and the centre always show the same number.
import { app } from '../store.js';
import { t } from '../../i18n/index.js';
import { me, nowIso, tzOffset } from './me.js';

export function alertArgs(mine = true) {
  const args = { now: nowIso(), tz_offset_minutes: tzOffset() };
  const who = me();
  if (mine && who) args.owner_id = who;
  return args;
}

/** {count, label} for the badge; count 0 hides it. */
export async function alertBadge() {
  const r = await app.call('alert.list', alertArgs());
  const count = r.total ?? r.alerts.length;
  return { count, label: t('alerts.badge', { n: count }) };
}
