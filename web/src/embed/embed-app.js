// <loudou-app> on a host page: the whole app shell, loaded only when the page has one. The shell
// normally gets its engine from main.js (start(db)); here the embed has already attached the
// store, so start() gets the same client with on() silenced — attach() is then a plain refresh
// and does not register the store's listeners a second time.
import '../app/loudou-app.js';

export async function attach(el, hub) {
  const db = await hub.ready;
  if (el.started) return;
  el.started = true;
  const quiet = new Proxy(db, { get: (t, k) => (k === 'on' ? () => () => {} : t[k]) });
  el.start(quiet);
}
