import { describe, it, expect } from 'vitest';
import { sortByChance, factorText } from './chance.js';
import { setLocale } from '../../i18n/index.js';

describe('win chance helpers', () => {
  it('orders deals by predicted chance, unscored deals last in their order', () => {
    const deals = [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }];
    const chances = new Map([['a', { probability: 0.2 }], ['c', { probability: 0.9 }], ['d', { probability: 0.5 }]]);
    expect(sortByChance(deals, chances).map((d) => d.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(deals.map((d) => d.id)).toEqual(['a', 'b', 'c', 'd']);  // not sorted in place
  });

  it('picks the factor sentence of the current language', () => {
    const f = { text: { 'zh-CN': '来源=老客户推荐 使赢单可能 ×2.1', en: 'Source = 老客户推荐 raises the chance ×2.1' } };
    setLocale('en');
    expect(factorText(f)).toBe('Source = 老客户推荐 raises the chance ×2.1');
    setLocale('zh-CN');
    expect(factorText(f)).toBe('来源=老客户推荐 使赢单可能 ×2.1');
  });
});
