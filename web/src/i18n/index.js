// The current language and t(). The language comes from ?lang=, then the saved choice, then the
// browser (navigator.languages); anything Chinese gets zh-CN, the rest en. Components re-render
// on the 'loudou-locale' window event.
import en from './en.js';
import zh from './zh-CN.js';
import * as fmt from './format.js';

export const dictionaries = { 'zh-CN': zh, en };
export const locales = [
  { id: 'zh-CN', label: '中文' },
  { id: 'en', label: 'English' },
];
const STORE_KEY = 'loudou.lang';

export function pickLocale(requested, saved, browser = []) {
  for (const c of [requested, saved, ...browser]) {
    if (!c) continue;
    if (/^zh/i.test(c)) return 'zh-CN';
    if (/^en/i.test(c)) return 'en';
  }
  return 'zh-CN';
}

let current = 'zh-CN';

export function initLocale() {
  let saved = null;
  try { saved = localStorage.getItem(STORE_KEY); } catch { /* storage may be blocked */ }
  const requested = new URLSearchParams(globalThis.location?.search || '').get('lang');
  current = pickLocale(requested, saved, globalThis.navigator?.languages || []);
  applyDocument();
  return current;
}

export function locale() { return current; }

export function setLocale(id) {
  if (!dictionaries[id] || id === current) return;
  current = id;
  try { localStorage.setItem(STORE_KEY, id); } catch { /* not persisted */ }
  applyDocument();
  globalThis.dispatchEvent?.(new CustomEvent('loudou-locale', { detail: id }));
}

function applyDocument() {
  if (globalThis.document) {
    document.documentElement.lang = current;
    document.title = `${t('app.name')} · Loudou`;
  }
}

/** The text for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars) {
  const s = dictionaries[current][key] ?? dictionaries.en[key];
  if (s === undefined) throw new Error(`missing i18n key ${key}`);
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

export const money = (minor, currency) => fmt.money(minor, current, currency);
export const moneyCompact = (minor, currency) => fmt.moneyCompact(minor, current, currency);
export const percent = (r, digits) => fmt.percent(r, current, digits);
export const number = (n, digits) => fmt.number(n, current, digits);
export const days = (d) => fmt.days(d, current);
export const date = (v) => fmt.date(v, current);
export const dateTime = (v) => fmt.dateTime(v, current);
export const month = (ym) => fmt.month(ym, current);
export const shortDate = (v) => fmt.shortDate(v, current);
export { parseMoney } from './format.js';
