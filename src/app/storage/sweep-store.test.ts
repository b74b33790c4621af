import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioDb } from './studio-db';
import { SweepStore } from './sweep-store';

interface Table {
  configText: string;
  points: { index: number; metrics: { profitFactor: number; sharpeRatio: number } }[];
}

const dbs: StudioDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

describe('SweepStore', () => {
  it('keeps the last sweep exactly (infinite metrics included) and replaces it with the next', async () => {
    const db = new StudioDb('sweep-store-test');
    dbs.push(db);
    let clock = 1_000;
    const store = new SweepStore<Table>(db, { now: () => clock });
    expect(await store.loadLast()).toBeUndefined();
    const first: Table = { configText: 'name: a\n', points: [{ index: 0, metrics: { profitFactor: Infinity, sharpeRatio: Number.NaN } }] };
    await store.saveLast(first);
    const back = await store.loadLast();
    expect(back).toEqual({ sweep: first, savedAt: 1_000 });
    expect(back!.sweep.points[0]!.metrics.profitFactor).toBe(Infinity);

    clock = 2_000;
    const second: Table = { configText: 'name: b\n', points: [] };
    await store.saveLast(second);
    expect(await store.loadLast()).toEqual({ sweep: second, savedAt: 2_000 });
    expect(await db.sweeps.count()).toBe(1);
    await store.clear();
    expect(await store.loadLast()).toBeUndefined();
  });
});
