// One write from a part of the deal drawer: runs the op, announces it (aria-live), and fires
// `deal-changed` so the drawer reloads the deal. `host` is the Lit element: its `busy` and
// `error` state show the write in progress and a refusal (naming the field when there is one).
import { app } from '../store.js';
import { announce } from '../ui.js';

export async function dealWrite(host, op, args, message) {
  host.busy = true;
  host.error = null;
  try {
    await app.call(op, args);
    announce(message);
    host.dispatchEvent(new CustomEvent('deal-changed', { bubbles: true, composed: true }));
    return true;
  } catch (e) {
    host.error = e.field ? `${e.field}: ${e.message}` : e.message;
    return false;
  } finally { host.busy = false; }
}
