import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexedDbStorage } from '../app/storage/indexed-db-storage';
import { StudioDb } from '../app/storage/studio-db';
import { isPromise, type EventQuery, type EventStorage } from './event-storage';
import type { TradingEvent } from './events';
import { HierarchicalStorage } from './hierarchical-storage';
import { MemoryStorage } from './memory-storage';

const TYPES = ['BAR', 'SIGNAL', 'ORDER', 'FILL', 'POSITION_OPEN', 'POSITION_CLOSE'] as const;
function makeEvents(n: number, start = 1): TradingEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const seq = start + k;
    const i = seq - 1;
    const type = TYPES[i % TYPES.length]!;
    return {
      eventId: `e${seq}`,
      type,
      timestamp: 1_000_000 + seq * 1000,
      sourceId: 'portfolio_1',
      containerId: 'portfolio_1',
      // Trades of 30 events: a trade straddles the hot/cold boundary.
      ...(type === 'BAR' ? {} : { correlationId: `t${Math.floor(i / 30)}` }),
      sequence: seq,
      payload: { symbol: i % 2 ? 'SPY' : 'QQQ' },
    } as unknown as TradingEvent;
  });
}

function expected(events: TradingEvent[], q: EventQuery): TradingEvent[] {
  const types = q.type === undefined ? undefined : typeof q.type === 'string' ? [q.type] : [...q.type];
  const hits = events.filter(
    (e) =>
      (!types || types.includes(e.type)) &&
      (q.correlationId === undefined || e.correlationId === q.correlationId) &&
      (q.fromSequence === undefined || e.sequence! >= q.fromSequence) &&
      (q.toSequence === undefined || e.sequence! <= q.toSequence) &&
      (q.symbol === undefined || (e.payload as { symbol?: string }).symbol === q.symbol),
  );
  const off = q.offset ?? 0;
  return hits.slice(off, q.limit === undefined ? undefined : off + q.limit);
}

/** A cold tier that answers asynchronously, like IndexedDB or files, with an optional write delay. */
class AsyncStorage implements EventStorage {
  readonly inner = new MemoryStorage();
  appendBatches = 0;
  constructor(private readonly delayMs = 0) {}
  private later<T>(f: () => T, ms = 0): Promise<T> {
    return new Promise((r) => setTimeout(() => r(f()), ms));
  }
  append(event: TradingEvent): Promise<void> {
    return this.later(() => this.inner.append(event), this.delayMs);
  }
  appendBatch(events: readonly TradingEvent[]): Promise<void> {
    this.appendBatches++;
    return this.later(() => this.inner.appendBatch(events), this.delayMs);
  }
  getByCorrelation(id: string): Promise<TradingEvent[]> {
    return this.later(() => this.inner.getByCorrelation(id));
  }
  query(q?: EventQuery): Promise<TradingEvent[]> {
    return this.later(() => this.inner.query(q));
  }
  removeCorrelation(id: string): Promise<number> {
    return this.later(() => this.inner.removeCorrelation(id));
  }
  count(): Promise<number> {
    return this.later(() => this.inner.count());
  }
  clear(): Promise<void> {
    return this.later(() => this.inner.clear());
  }
}

describe('HierarchicalStorage', () => {
  it('answers synchronously while everything fits in the hot tier', () => {
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold: new AsyncStorage(), hotLimit: 100 });
    const events = makeEvents(80);
    for (const e of events) expect(storage.append(e)).toBeUndefined();
    const all = storage.query();
    expect(isPromise(all)).toBe(false);
    expect(all).toEqual(events);
    expect(storage.count()).toBe(80);
    expect(storage.getByCorrelation('t1')).toEqual(expected(events, { correlationId: 't1' }));
  });

  it('spills the oldest events in batches past hotLimit and reads both tiers back in sequence order', async () => {
    const cold = new AsyncStorage();
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 100, spillBatch: 50 });
    const events = makeEvents(1000);
    for (const e of events) storage.append(e);
    await storage.flush();
    expect(storage.stats.hot).toBeLessThanOrEqual(100);
    expect(storage.stats.hot).toBeGreaterThan(50);
    expect(cold.inner.count()).toBe(1000 - storage.stats.hot);
    expect(cold.appendBatches).toBe(storage.stats.spills);
    expect(storage.stats.spilledEvents).toBe(cold.inner.count());
    // The cold tier got the oldest events, the hot tier keeps the newest.
    expect(cold.inner.query()).toEqual(events.slice(0, cold.inner.count()));
    expect(await storage.count()).toBe(1000);

    const queries: EventQuery[] = [
      {},
      { correlationId: 't31' }, // straddles: ev 931..960 with ~100 hot
      { correlationId: 't2' },
      { type: 'FILL' },
      { type: ['SIGNAL', 'POSITION_CLOSE'], symbol: 'SPY' },
      { fromSequence: 880, toSequence: 960 },
      { limit: 20, offset: 890 },
      { type: 'ORDER', limit: 5, offset: 150 },
      { offset: 995 },
    ];
    for (const q of queries) expect(await storage.query(q), JSON.stringify(q)).toEqual(expected(events, q));
    expect(await storage.getByCorrelation('t31')).toEqual(expected(events, { correlationId: 't31' }));
  });

  it('removes a correlation from both tiers and counts it once', async () => {
    const cold = new AsyncStorage();
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 64 });
    const events = makeEvents(400);
    await storage.appendBatch(events);
    await storage.flush();
    // A trade with events in both tiers.
    const ids = [...new Set(events.map((e) => e.correlationId).filter((c): c is string => c !== undefined))];
    const id = ids.find((c) => {
      const inCold = cold.inner.getByCorrelation(c).length;
      return inCold > 0 && inCold < events.filter((e) => e.correlationId === c).length;
    });
    expect(id).toBeDefined();
    const straddling = events.filter((e) => e.correlationId === id);
    expect(await storage.removeCorrelation(id!)).toBe(straddling.length);
    expect(await storage.getByCorrelation(id!)).toEqual([]);
    expect(cold.inner.getByCorrelation(id!)).toEqual([]);
    expect(await storage.query()).toEqual(events.filter((e) => e.correlationId !== id));
    expect(await storage.count()).toBe(400 - straddling.length);
  });

  it('keeps events readable while a spill is still being written, without duplicates', async () => {
    const cold = new AsyncStorage(30);
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 10, spillBatch: 8 });
    const events = makeEvents(25);
    for (const e of events) void storage.append(e);
    expect(storage.stats.inFlight).toBeGreaterThan(0);
    expect(await storage.query()).toEqual(events);
    await storage.flush();
    expect(storage.stats.inFlight).toBe(0);
    expect(await storage.query()).toEqual(events);
  });

  it('reports a failing cold tier on flush and keeps the unspilled batch readable', async () => {
    const cold = new AsyncStorage();
    vi.spyOn(cold, 'appendBatch').mockRejectedValue(new Error('disk full'));
    const onError = vi.fn();
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 10, onError });
    const events = makeEvents(30);
    for (const e of events) void storage.append(e);
    await expect(storage.flush()).rejects.toThrow('disk full');
    expect(onError).toHaveBeenCalledTimes(1);
    expect(await storage.query()).toEqual(events);
    expect(await storage.count()).toBe(30);
  });

  it('clears both tiers', async () => {
    const cold = new AsyncStorage();
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 10 });
    await storage.appendBatch(makeEvents(50));
    await storage.clear();
    expect(await storage.count()).toBe(0);
    expect(cold.inner.count()).toBe(0);
    expect(await storage.query()).toEqual([]);
  });

  it('writes a synchronous cold tier at once: memory stays within hotLimit although the caller never yields', () => {
    const cold = new MemoryStorage();
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 40, spillBatch: 15 });
    const events = makeEvents(1000);
    // One big batch and single appends, never awaiting: a backtest chunk drives the tracer like this.
    expect(storage.appendBatch(events.slice(0, 700))).toBeUndefined();
    for (const e of events.slice(700)) expect(storage.append(e)).toBeUndefined();
    expect(storage.stats.peak).toBeLessThanOrEqual(40);
    expect(storage.stats.inFlight).toBe(0);
    // The cold tier holds exactly what left memory, oldest first, before any await.
    expect(cold.query()).toEqual(events.slice(0, storage.stats.spilledEvents));
    expect(storage.stats.spilledEvents + storage.stats.hot).toBe(1000);
    expect(storage.query()).toEqual(events);
  });

  it('spillAll moves the hot tier behind the spilled events, so the cold store holds the whole record once', async () => {
    for (const cold of [new MemoryStorage(), new AsyncStorage(5)]) {
      const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 25 });
      const events = makeEvents(333);
      for (const e of events) void storage.append(e);
      await storage.spillAll();
      expect(storage.stats.hot).toBe(0);
      expect(storage.stats.inFlight).toBe(0);
      const all = cold instanceof MemoryStorage ? cold.query() : cold.inner.query();
      expect(all).toEqual(events);
      expect(await storage.query()).toEqual(events);
      expect(await storage.count()).toBe(333);
    }
  });

  it('rejects a hotLimit that cannot hold anything', () => {
    expect(() => new HierarchicalStorage({ hot: new MemoryStorage(), cold: new AsyncStorage(), hotLimit: 0 })).toThrow(/hotLimit must be a positive integer/);
  });
});

describe('HierarchicalStorage over IndexedDB', () => {
  const dbs: StudioDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.delete();
  });

  it('uses IndexedDbStorage (compressed) as the cold tier transparently', async () => {
    const db = new StudioDb('hierarchical-idb-test');
    dbs.push(db);
    const cold = new IndexedDbStorage({ db, runId: 'run1', containerId: 'analysis', compression: true, batchSize: 200 });
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 500 });
    const events = makeEvents(3000);
    for (const e of events) storage.append(e);
    await storage.flush();
    expect(await cold.count()).toBe(3000 - storage.stats.hot);
    expect(await storage.query()).toEqual(events);
    expect(await storage.query({ correlationId: 't70', type: 'FILL' })).toEqual(expected(events, { correlationId: 't70', type: 'FILL' }));
    expect(await storage.removeCorrelation('t99')).toBe(events.filter((e) => e.correlationId === 't99').length);
    expect(await storage.count()).toBe(events.filter((e) => e.correlationId !== 't99').length);
  });
});
