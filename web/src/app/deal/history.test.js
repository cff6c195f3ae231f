import { expect, test } from 'vitest';
import { timeline, activityState, hasNextStep } from './history.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const deal = {
  stage_events: [
    { seq: 1, kind: 'create', stage_id: 'S1', at: '2026-01-01T00:00:00Z' },
    { seq: 2, kind: 'move', from_stage_id: 'S1', stage_id: 'S2', at: '2026-02-01T00:00:00Z' },
  ],
  activities: [
    { id: 'call', type: 'call', done_at: '2026-01-15T00:00:00Z', due_at: null, created_at: '2026-01-15T00:00:00Z' },
    { id: 'late', type: 'task', done_at: null, due_at: '2026-02-20T00:00:00Z', created_at: '2026-02-10T00:00:00Z' },
    { id: 'next', type: 'meeting', done_at: null, due_at: '2026-03-05T00:00:00Z', created_at: '2026-02-11T00:00:00Z' },
  ],
};

test('stage events and follow-ups merge newest first, planned ones leading', () => {
  const ids = timeline(deal, NOW).map((x) => x.activity?.id ?? x.event.kind);
  expect(ids).toEqual(['next', 'late', 'move', 'call', 'create']);
});

test('a follow-up is done, overdue or open at now', () => {
  expect(deal.activities.map((a) => activityState(a, NOW))).toEqual(['done', 'overdue', 'open']);
  expect(timeline(deal, NOW).find((x) => x.activity?.id === 'late').state).toBe('overdue');
});

test('the next step is an open follow-up due from now on, as the core counts it', () => {
  expect(hasNextStep(deal, NOW)).toBe(true);
  expect(hasNextStep(deal, Date.parse('2026-03-06T00:00:00Z'))).toBe(false);
  expect(hasNextStep({ activities: [] }, NOW)).toBe(false);
});
