import { describe, expect, test } from 'vitest';
import en from './en.js';
import zh from './zh-CN.js';
import { money, moneyCompact, percent, parseMoney, date, month } from './format.js';
import { pickLocale } from './index.js';

describe('dictionaries', () => {
  test('zh-CN has every English key', () => {
    expect(Object.keys(en).filter((k) => !(k in zh))).toEqual([]);
  });
  test('en has every Chinese key', () => {
    expect(Object.keys(zh).filter((k) => !(k in en))).toEqual([]);
  });
  test('placeholders agree between languages', () => {
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    const bad = Object.keys(en).filter((k) => names(en[k]) !== names(zh[k]));
    expect(bad).toEqual([]);
  });
  test('no empty strings', () => {
    expect(Object.entries({ ...en }).filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
    expect(Object.entries({ ...zh }).filter(([, v]) => !v.trim()).map(([k]) => k)).toEqual([]);
  });
  test('every t() key used in the app exists', async () => {
    const { readFileSync, readdirSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = new URL('../', import.meta.url).pathname;
    const files = [];
    const walk = (d) => readdirSync(d).forEach((f) => {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.js') && !p.endsWith('.test.js')) files.push(p);
    });
    walk(root);
    const missing = new Set();
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) {
        if (!(m[1] in en)) missing.add(`${m[1]} (${f.slice(root.length)})`);
      }
    }
    expect([...missing]).toEqual([]);
  });
});

describe('formats', () => {
  test('money in 元 with separators', () => {
    expect(money(123456700, 'zh-CN')).toBe('¥1,234,567');
    expect(money(12345, 'zh-CN')).toBe('¥123.45');
    expect(money(null, 'en')).toBe('—');
  });
  test('compact money uses 万 and 亿 in zh-CN', () => {
    expect(moneyCompact(1230000 * 100, 'zh-CN')).toBe('¥123万');
    expect(moneyCompact(120000000 * 100, 'zh-CN')).toBe('¥1.2亿');
    expect(moneyCompact(10000000 * 100, 'zh-CN')).toBe('¥1000万');
    expect(moneyCompact(9800 * 100, 'zh-CN')).toBe('¥9,800');
    expect(moneyCompact(1230000 * 100, 'en')).toBe('¥1.2M');
  });
  test('percent, with null as a dash', () => {
    expect(percent(0.4, 'zh-CN')).toBe('40%');
    expect(percent(0.125, 'en')).toBe('12.5%');
    expect(percent(null, 'en')).toBe('—');
  });
  test('typed money', () => {
    expect(parseMoney('120,000')).toBe(12000000);
    expect(parseMoney('12万')).toBe(12000000);
    expect(parseMoney('1.5亿')).toBe(15000000000);
    expect(parseMoney('99.99')).toBe(9999);
    expect(parseMoney('abc')).toBe(null);
    expect(parseMoney('1.234')).toBe(null);
    expect(parseMoney('')).toBe(null);
  });
  test('dates and months', () => {
    expect(date('2026-03-01', 'zh-CN')).toBe('2026年3月1日');
    expect(month('2026-03', 'en')).toBe('Mar 2026');
    expect(month('2026-03', 'zh-CN')).toBe('2026年3月');
  });
  test('language choice', () => {
    expect(pickLocale(null, null, ['en-US', 'zh'])).toBe('en');
    expect(pickLocale(null, 'en', ['zh-TW'])).toBe('en');
    expect(pickLocale('zh', 'en', [])).toBe('zh-CN');
    expect(pickLocale(null, null, ['fr'])).toBe('zh-CN');
  });
});
