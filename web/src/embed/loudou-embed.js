// The embed bundle: one module script that a host page on the same origin loads to get the
// funnel's custom elements and the JS API.
//
//   <script type="module" src="/embed/loudou-embed.js"></script>
//   <loudou-board pipeline="Sales"></loudou-board> <loudou-lead-form pipeline="Sales"></loudou-lead-form>
//   const lo = await Loudou.embed({ name: 'loudou', lang: 'en' });  // same client as the app
//
// The elements are the web app's components (board, quick-create, charts, the whole shell) plus
// the embed's lead form and funnel; all share one engine client and the app's store. Without an
// explicit Loudou.embed() call the page opens the database named by the first element's `db`
// attribute (default "loudou", the app's own) once the document has been parsed.
// No service worker is registered from here: a host page's offline story is its own.
import './isolation.js'; // first: it hooks Lit before any component is defined
import { open } from '../engine/client.js';
import { app } from '../app/store.js';
import { locale, setLocale, pickLocale } from '../i18n/index.js';
import { hub, watch, emit } from './hub.js';
import { normLang } from './messages.js';
import { flushOutbox } from './outbox.js';
import { storeLead } from './store-lead.js';
import '../app/board/loudou-board.js';
import './loudou-lead-form.js';
import './loudou-deal-form.js';

// Loaded only when the page has one of these: ECharts comes with <loudou-funnel> alone.
const LAZY = {
  'loudou-funnel': () => import('./loudou-funnel.js'),
  'loudou-app': () => import('./embed-app.js'),
};
const ENGINE_GLUE = './engine/loudou.mjs'; // variables, so Vite leaves them alone
const BOARD_GLUE = './engine/loudou-board.mjs';
const ALL = ['loudou-board', 'loudou-funnel', 'loudou-deal-form', 'loudou-lead-form', 'loudou-app'];

/** The app's i18n writes <html lang> and document.title; a host page keeps its own. */
function useLocale(lang) {
  const { title } = document;
  const htmlLang = document.documentElement.getAttribute('lang');
  setLocale(lang);
  document.title = title;
  if (htmlLang === null) document.documentElement.removeAttribute('lang');
  else document.documentElement.setAttribute('lang', htmlLang);
  hub.lang = locale();
}

function pageLang() {
  const el = document.querySelector(ALL.map((t) => `${t}[lang]`).join(','));
  return normLang(el?.getAttribute('lang')) ?? pickLocale(null, null, navigator.languages || []);
}

// Elements can arrive at any time (the host may render them later): load the lazy ones, and point
// a board at its `pipeline` (an id or a name).
function adopt(el) {
  const tag = el.localName;
  if (LAZY[tag]) LAZY[tag]().then((m) => m.attach?.(el, hub)).catch((e) => console.error(e));
  if (tag === 'loudou-board') choosePipeline(el.getAttribute('pipeline'));
}

/** The store keeps one current pipeline per page: boards on one page show the same one. */
// A board may name a pipeline that does not exist yet (the host creates it on first visit): it
// stays wanted until it appears, then the page switches to it once.
let wanted = null;
export function choosePipeline(ref) {
  if (!ref) return;
  wanted = ref;
  if (!app.db) return;
  const p = app.pipelines.find((x) => x.id === ref) ?? app.pipelines.find((x) => x.name === ref);
  if (!p) return;
  wanted = null;
  if (p.id !== app.pipelineId) app.selectPipeline(p.id);
}
app.addEventListener('change', () => { if (wanted) choosePipeline(wanted); });

function scan(root = document) {
  for (const el of root.querySelectorAll(ALL.join(','))) adopt(el);
}
new MutationObserver((records) => {
  for (const r of records) for (const n of r.addedNodes) {
    if (!(n instanceof Element)) continue;
    if (ALL.includes(n.localName)) adopt(n);
    scan(n);
  }
}).observe(document.documentElement, { childList: true, subtree: true });

// The app's page-wide messages are drawn by <loudou-app>; without one they become DOM events the
// host can show (a refused move, an undo offer, a card opened).
addEventListener('loudou-toast', (e) => {
  if (!document.querySelector('loudou-app')) emit('loudou-message', { message: e.detail.message, error: !!e.detail.error });
});
// Opening a card shows the app's deal drawer; without the shell, the embed adds one to the page
// (loaded on first use). Once connected, the drawer listens for later openings itself.
addEventListener('loudou-open-deal', (e) => {
  if (document.querySelector('loudou-app')) return;
  emit('loudou-deal-open', { id: e.detail });
  if (document.querySelector('body > loudou-deal-drawer')) return;
  import('../app/deal/deal-drawer.js').then(() => {
    const drawer = document.createElement('loudou-deal-drawer');
    document.body.append(drawer);
    return drawer.updateComplete.then(() => drawer.open(e.detail));
  }).catch((err) => console.error(err));
});

/**
 * Opens the database `name` (same origin) and connects every embedded element to it.
 * Resolves with the engine client — call(op, args), durable(), on('status'|'change', fn) — the
 * same contract as the app's; its successful writes also raise `loudou-*` DOM events.
 * A second call returns the same client (one database per page).
 */
export function embed({ name = 'loudou', lang } = {}) {
  hub.ready ??= (async () => {
    hub.name = name;
    useLocale(normLang(lang) ?? pageLang());
    // The wasm glue sits beside this file (embed/engine/), not where the app keeps it.
    // A page of boards and deal forms starts on the board's smaller module (the worker fetches the
    // full one if an element added later needs more). A lead form, the funnel or the whole app
    // need ops only the full module has — and a lead form must store offline, when nothing can be
    // fetched — so such a page loads the full module at once.
    const boardOnly = !document.querySelector('loudou-lead-form, loudou-funnel, loudou-app');
    const db = watch(await open({
      name,
      engineUrl: new URL(ENGINE_GLUE, import.meta.url).href,
      firstUrl: boardOnly ? new URL(BOARD_GLUE, import.meta.url).href : undefined,
    }));
    await app.attach(db);
    hub.db = db;
    scan();
    for (const el of document.querySelectorAll('loudou-board[pipeline]')) choosePipeline(el.getAttribute('pipeline'));
    const flush = () => flushOutbox(name, (lead) => storeLead(db, lead));
    addEventListener('online', flush);
    flush();
    document.dispatchEvent(new CustomEvent('loudou-ready', { detail: { name } }));
    return db;
  })();
  hub.ready.catch((e) => {
    hub.error = e;
    document.dispatchEvent(new CustomEvent('loudou-error', { detail: { message: e.message, code: e.code } }));
  });
  return hub.ready;
}

/** Switches every embedded element to zh-CN or en. */
export function setLang(lang) {
  const l = normLang(lang);
  if (!l) return;
  useLocale(l); // every element redraws on the app's 'loudou-locale' event
}

export const Loudou = { embed, setLang };
globalThis.Loudou = Loudou;

// One script tag is enough: if the host has not called Loudou.embed() by the time the document is
// loaded, open the database the elements name.
function auto() {
  scan();
  if (hub.ready) return;
  const named = document.querySelector(ALL.map((t) => `${t}[db]`).join(','));
  if (document.querySelector(ALL.join(','))) embed({ name: named?.getAttribute('db') || 'loudou' });
}
// DOMContentLoaded waits for every module script of the page (the host's own included), whereas
// readyState is already 'interactive' while they run; 'load' covers a late dynamic import.
if (document.readyState === 'complete') setTimeout(auto, 0);
else {
  addEventListener('DOMContentLoaded', auto, { once: true });
  addEventListener('load', auto, { once: true });
}
