import { describe, it, expect } from 'vitest';
import { AppStore } from './store.js';

// A stand-in engine client: counts pipeline.list reads and names the pipelines after the number
// of writes so far, so a test can tell whether the last change was seen.
function fakeDb() {
  const listeners = { change: [], status: [] };
  const db = {
    writes: 0,
    reads: 0,
    on(event, fn) { listeners[event].push(fn); },
    change() { db.writes++; for (const fn of listeners.change) fn({ ops: ['deal.update'] }); },
    async call(op) {
      await new Promise((r) => setTimeout(r, 5));
      if (op === 'pipeline.list') {
        db.reads++;
        return { items: [{ id: 'p', name: `after ${db.writes} writes` }] };
      }
      if (op === 'setting.get') return { value: null };
      return { items: [] };
    },
  };
  return db;
}

describe('the app store', () => {
  it('coalesces a burst of change events into at most two refreshes and sees the last change', async () => {
    const store = new AppStore();
    const db = fakeDb();
    await store.attach(db);
    expect(db.reads).toBe(1);
    for (let i = 0; i < 20; i++) db.change();
    await store.refreshSoon();
    expect(db.reads).toBeLessThanOrEqual(3);  // the one under way, then one more
    expect(store.pipelines[0].name).toBe('after 20 writes');
  });

  it('refreshes again for a change that comes after a refresh ended', async () => {
    const store = new AppStore();
    const db = fakeDb();
    await store.attach(db);
    db.change();
    await store.refreshSoon();
    db.change();
    await store.refreshSoon();
    expect(store.pipelines[0].name).toBe('after 2 writes');
  });
});
