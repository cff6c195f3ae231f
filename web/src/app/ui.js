// Page-wide feedback: toasts (with an optional undo) and polite announcements for screen
// readers. Both are drawn by <loudou-app>; screens just dispatch through these functions.
import { t } from '../i18n/index.js';

/** Shows a short message; `undo` (optional) becomes an Undo button for a few seconds. */
export function toast(message, { undo, error = false } = {}) {
  globalThis.dispatchEvent(new CustomEvent('loudou-toast', { detail: { message, undo, error } }));
}

/** Reads `message` out through the shell's aria-live region. */
export function announce(message) {
  globalThis.dispatchEvent(new CustomEvent('loudou-announce', { detail: message }));
}

/** A person-readable line for an engine error (code + message from the core). */
export function errorText(e) {
  return t('common.error', { message: e?.message || String(e) });
}

export function showError(e) {
  console.error(e);
  toast(errorText(e), { error: true });
}

/** Opens the deal drawer for `id` (the shell owns the drawer). */
export function openDeal(id) {
  globalThis.dispatchEvent(new CustomEvent('loudou-open-deal', { detail: id }));
}
