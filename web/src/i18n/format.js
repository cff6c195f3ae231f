// Number, money, date and percentage formatting through Intl, per locale. Money arrives in minor
// units (分, integers) and is shown in major units. In zh-CN compact views big amounts read as
// 万 / 亿 (¥123万, ¥1.2亿), as Chinese managers say them; en compact views use K / M.

const cache = new Map();
function nf(locale, opts) {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

/** Full amount with thousands separators: ¥1,234,567 (no cents when whole). */
export function money(minor, locale, currency = 'CNY') {
  if (minor == null || Number.isNaN(minor)) return '—';
  const major = minor / 100;
  const whole = Number.isInteger(Math.round(major * 100) / 100) && Math.round(major) === major;
  return nf(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(major);
}

/** Compact amount for cards and column headers: ¥123万 / ¥1.2亿 in zh-CN, CN¥1.2M in en. */
export function moneyCompact(minor, locale, currency = 'CNY') {
  if (minor == null || Number.isNaN(minor)) return '—';
  const major = minor / 100;
  if (Math.abs(major) < 10000) return money(Math.round(minor / 100) * 100, locale, currency);
  return nf(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(major);
}

/** A ratio in [0, 1] as a percentage; null (a ratio over zero deals) reads as "—". */
export function percent(ratio, locale, digits = 1) {
  if (ratio == null || Number.isNaN(ratio)) return '—';
  return nf(locale, { style: 'percent', maximumFractionDigits: digits }).format(ratio);
}

export function number(n, locale, digits = 0) {
  if (n == null || Number.isNaN(n)) return '—';
  return nf(locale, { maximumFractionDigits: digits }).format(n);
}

/** Decimal days to one place, e.g. 12.5. */
export function days(d, locale) {
  return number(d, locale, 1);
}

/** "YYYY-MM-DD" or an ISO instant to a local date. */
export function date(value, locale) {
  if (!value) return '—';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(value + 'T00:00:00') : new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}

export function dateTime(value, locale) {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** "2026-03" to "2026年3月" / "Mar 2026". */
export function month(ym, locale) {
  const [y, m] = ym.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

/** Money typed by a person ("12,000.50", "1.2万") to minor units, or null when unreadable. */
export function parseMoney(text) {
  if (text == null) return null;
  let s = String(text).trim().replace(/[,\s¥￥元]/g, '');
  if (s === '') return null;
  let scale = 1;
  if (/万$/.test(s)) { scale = 1e4; s = s.slice(0, -1); } else if (/亿$/.test(s)) { scale = 1e8; s = s.slice(0, -1); }
  if (!/^\d+(\.\d{0,2})?$/.test(s) && !(scale > 1 && /^\d+(\.\d+)?$/.test(s))) return null;
  return Math.round(Number(s) * scale * 100);
}

/** A short day for cards: "11月30日" / "Nov 30". */
export function shortDate(value, locale) {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(d);
}
