import { expect, test } from 'vitest';
import { restoreRequests } from './history.js';

test('a deleted deal is rebuilt with its history in order', () => {
  const deal = {
    id: 'D1', pipeline_id: 'P', stage_id: 'S2', status: 'open', title: 'X', amount: 500, currency: 'CNY',
    owner_id: null, account: 'A', fields: { k: 1 }, created_at: '2026-01-01T00:00:00Z', paused_until: null,
    stage_events: [
      { seq: 3, kind: 'lost', stage_id: 'S2', from_stage_id: 'S2', at: '2026-01-03T00:00:00Z', reason: 'price' },
      { seq: 1, kind: 'create', stage_id: 'S1', at: '2026-01-01T00:00:00Z' },
      { seq: 2, kind: 'move', from_stage_id: 'S1', stage_id: 'S2', at: '2026-01-02T00:00:00Z' },
      { seq: 4, kind: 'reopen', from_stage_id: 'S2', stage_id: 'S2', at: '2026-01-04T00:00:00Z' },
    ],
  };
  const r = restoreRequests(deal);
  expect(r.map((x) => x.op)).toEqual(['deal.create', 'deal.move', 'deal.lose', 'deal.reopen']);
  expect(r[0].args).toEqual({ id: 'D1', pipeline_id: 'P', stage_id: 'S1', at: '2026-01-01T00:00:00Z', title: 'X', amount: 500, currency: 'CNY', account: 'A', fields: { k: 1 } });
  expect(r[2].args).toEqual({ id: 'D1', reason: 'price', at: '2026-01-03T00:00:00Z' });
});
