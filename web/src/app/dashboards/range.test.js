import { expect, test } from 'vitest';
import { defaultRange, rangeArgs } from './loudou-dashboards.js';

test('default ranges: a year back, or this month and the next five for a forecast', () => {
  const now = new Date('2026-03-15T10:00:00Z');
  expect(defaultRange('past', now)).toEqual({ from: '2025-04-01', to: '2026-03-15' });
  expect(defaultRange('future', now)).toEqual({ from: '2026-03-01', to: '2026-08-31' });
});

test('a picked end day is included: the core gets the next midnight as the open end', () => {
  expect(rangeArgs('2026-01-01', '2026-01-31')).toEqual({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' });
  expect(rangeArgs('', '')).toEqual({});
});
