import { describe, expect, test } from 'vitest';
import { buildColumns, filterDeals, isStalled, idleDays, daysInStage, missingFor, visibleRange, cardFieldText } from './board-model.js';

const DAY = 86_400_000;
const now = Date.parse('2026-03-20T00:00:00Z');
const stages = [
  { id: 's1', name: 'A', probability: 10, rot_days: 7, required_fields: [] },
  { id: 's2', name: 'B', probability: 50, rot_days: null, required_fields: ['amount', 'account'] },
];
const deal = (o) => ({ id: o.id, stage_id: 's1', title: 'T', amount: 0, stage_entered_at: '2026-03-19T00:00:00Z', fields: {}, ...o });

describe('board model', () => {
  test('columns sum count, amount and weighted per stage', () => {
    const cols = buildColumns(stages, [deal({ id: 1, amount: 1000 }), deal({ id: 2, amount: 3000 }), deal({ id: 3, stage_id: 's2', amount: 999 }), deal({ id: 4, stage_id: 'gone', amount: 5 })]);
    expect(cols.map((c) => [c.count, c.amount, c.weighted])).toEqual([[2, 4000, 400], [1, 999, 499.5]]);
  });
  test('stalled past rot_days, never without rot_days, not while paused', () => {
    const old = deal({ id: 1, stage_entered_at: new Date(now - 8 * DAY).toISOString() });
    expect(isStalled(old, stages[0], now)).toBe(true);
    expect(isStalled({ ...old, stage_entered_at: new Date(now - 7 * DAY).toISOString() }, stages[0], now)).toBe(false);
    expect(isStalled(old, stages[1], now)).toBe(false);
    expect(isStalled({ ...old, paused_until: '2026-03-25' }, stages[0], now)).toBe(false);
    expect(daysInStage(old, now)).toBe(8);
  });
  test('a logged activity restarts the idle clock; a planned one does not count (as the core)', () => {
    const old = deal({ id: 1, stage_entered_at: new Date(now - 10 * DAY).toISOString() });
    expect(idleDays(old, now)).toBe(10);
    const called = { ...old, last_activity_at: new Date(now - 2 * DAY).toISOString() };
    expect(idleDays(called, now)).toBe(2);
    expect(isStalled(called, stages[0], now)).toBe(false);
    // An activity older than the stage change leaves the stage change as the last touch.
    expect(idleDays({ ...old, last_activity_at: new Date(now - 30 * DAY).toISOString() }, now)).toBe(10);
  });
  test('a pause ends on its date, in the user\'s time zone', () => {
    const old = deal({ id: 1, stage_entered_at: new Date(now - 8 * DAY).toISOString(), paused_until: '2026-03-20' });
    expect(isStalled(old, stages[0], now)).toBe(true);  // today is 2026-03-20 in UTC: the pause is over
    expect(isStalled(old, stages[0], now - 1, 0)).toBe(false);  // 2026-03-19T23:59:59.999Z
    expect(isStalled(old, stages[0], now - 3600_000, 480)).toBe(true);  // 07:00 on 03-20 in UTC+8
  });
  test('card field text: chosen custom fields with their labels, empty ones left out', () => {
    const defs = [{ key: 'region', label: '区域', type: 'choice' }, { key: 'tags', label: 'Tags', type: 'multi_choice' },
      { key: 'budget', label: '预算', type: 'money' }];
    const d = deal({ id: 1, fields: { region: '华东', tags: ['a', 'b'], budget: 1234500 } });
    const fmt = (minor) => `¥${minor / 100}`;
    expect(cardFieldText(d, ['region', 'tags', 'budget', 'gone'], defs, fmt)).toBe('区域: 华东 · Tags: a, b · 预算: ¥12345');
    expect(cardFieldText(deal({ id: 2 }), ['region'], defs, fmt)).toBe('');
  });
  test('filters combine; text matches title, account and contact case-insensitively', () => {
    const ds = [deal({ id: 1, title: 'Big Order', owner_id: 'u1', source: '官网' }), deal({ id: 2, account: '华为', owner_id: 'u2' }), deal({ id: 3 })];
    expect(filterDeals(ds, { text: 'big' }).map((d) => d.id)).toEqual([1]);
    expect(filterDeals(ds, { text: '华为' }).map((d) => d.id)).toEqual([2]);
    expect(filterDeals(ds, { owner: 'u1', source: '官网' }).map((d) => d.id)).toEqual([1]);
    expect(filterDeals(ds, { owner: '-' }).map((d) => d.id)).toEqual([3]);
    expect(filterDeals(ds, {})).toBe(ds);
  });
  test('missing fields for a stage include custom fields required there', () => {
    const defs = [{ key: 'budget_ok', required_in_stages: ['s2'] }];
    expect(missingFor(deal({ id: 1 }), stages[1], defs)).toEqual(['amount', 'account', 'budget_ok']);
    expect(missingFor(deal({ id: 1, amount: 5, account: 'X', fields: { budget_ok: 'yes' } }), stages[1], defs)).toEqual([]);
  });
  test('virtual window', () => {
    expect(visibleRange(10000, 0, 600, 100, 2)).toEqual({ start: 0, end: 8, before: 0, after: 9992 * 100 });
    expect(visibleRange(10000, 5000, 600, 100, 2)).toEqual({ start: 48, end: 58, before: 4800, after: 9942 * 100 });
    expect(visibleRange(3, 0, 600, 100)).toEqual({ start: 0, end: 3, before: 0, after: 0 });
  });
});

import { nextActivities } from './board-model.js';
test('next activity per deal: earliest due first, undated last, done ignored', () => {
  const next = nextActivities([
    { id: 'a', deal_id: 'd1', due_at: '2026-03-05T00:00:00Z' },
    { id: 'b', deal_id: 'd1', due_at: '2026-03-02T00:00:00Z' },
    { id: 'c', deal_id: 'd1', due_at: '2026-03-01T00:00:00Z', done: true },
    { id: 'd', deal_id: 'd2' },
    { id: 'e', deal_id: 'd2', due_at: '2026-04-01T00:00:00Z' },
    { id: 'f', lead_id: 'l1', due_at: '2026-01-01T00:00:00Z' },
  ]);
  expect([...next].map(([k, v]) => [k, v.id])).toEqual([['d1', 'b'], ['d2', 'e']]);
});

test('custom choice filters, multiple choice included', () => {
  const ds = [deal({ id: 1, fields: { tier: 'A', tags: ['x', 'y'] } }), deal({ id: 2, fields: { tier: 'B', tags: ['y'] } }), deal({ id: 3 })];
  expect(filterDeals(ds, { custom: { tier: 'A' } }).map((d) => d.id)).toEqual([1]);
  expect(filterDeals(ds, { custom: { tags: 'y' } }).map((d) => d.id)).toEqual([1, 2]);
  expect(filterDeals(ds, { custom: { tags: 'y', tier: 'B' } }).map((d) => d.id)).toEqual([2]);
  expect(filterDeals(ds, { custom: { tier: '' } })).toBe(ds);
});
