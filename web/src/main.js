// The app page: language, the shell, the engine (a worker over the wasm core, persisted in
// IndexedDB) and the service worker that makes the page work offline after one visit.
// ?db=NAME opens another database (tests use it); ?lang=en|zh-CN picks the language.
import './app/page.css';
import { initLocale } from './i18n/index.js';
import './app/loudou-app.js';
import './app/data/route.js';
import './app/focus/route.js';
import './app/leads/register.js';
import { openPageDatabase } from './engine/page.js';
import { registerOffline } from './app/offline.js';

initLocale();
const shell = document.querySelector('loudou-app');

// openPageDatabase (the engine's page module) reads ?db=NAME and sets window.loudou, the
// command API for scripts and tests: await loudou.call('deal.list', {...}).
openPageDatabase().then(
  (db) => shell.start(db),
  (error) => shell.start(null, error),
);
registerOffline();
