// The app page: language, the shell, the engine (a worker over the wasm core, persisted in
// IndexedDB) and the service worker that makes the page work offline after one visit.
// ?db=NAME opens another database (tests use it); ?lang=en|zh-CN picks the language.
import './app/page.css';
import { initLocale } from './i18n/index.js';
import './app/loudou-app.js';
import './app/focus/route.js';
import { open } from './engine/client.js';
import { registerOffline } from './app/offline.js';

initLocale();
const name = new URLSearchParams(location.search).get('db') || 'loudou';
const shell = document.querySelector('loudou-app');

open({ name }).then(
  (db) => {
    // The command API for scripts and tests: await loudou.call('deal.list', {...}).
    window.loudou = db;
    shell.start(db);
    db.durable?.().catch?.(() => {});
    navigator.storage?.persist?.().catch(() => {});
  },
  (error) => shell.start(null, error),
);
registerOffline();
