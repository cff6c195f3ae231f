// "Who am I" for the rep-facing views (my day, claiming from the pool, my alerts). The app has no
// sign-in, so the choice of rep is remembered per browser.
import { app } from '../store.js';

const KEY = 'loudou.me';

export function me() {
  let id = null;
  try { id = localStorage.getItem(KEY); } catch { /* storage blocked */ }
  if (id && app.users.some((u) => u.id === id)) return id;
  return app.users.find((u) => u.active !== false)?.id ?? null;
}

/** Remembers the rep and tells the page (the navigation's alert badge counts their alerts). */
export function setMe(id) {
  try { localStorage.setItem(KEY, id); } catch { /* not remembered */ }
  globalThis.dispatchEvent(new Event('loudou-me'));
}

export function userName(id) {
  return app.users.find((u) => u.id === id)?.name ?? '';
}

/** The browser's offset from UTC in minutes (UTC+8 → 480): "today" is the user's local day. */
export function tzOffset() { return -new Date().getTimezoneOffset(); }

export function nowIso() { return new Date().toISOString(); }

export function localDate(d = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
