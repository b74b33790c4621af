import 'fake-indexeddb/auto';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../core/bus';
import type { EventQuery } from '../../core/event-storage';
import { EventTracer } from '../../core/event-tracer';
import type { TradingEvent } from '../../core/events';
import { IndexedDbStorage } from './indexed-db-storage';
import { StorageQuotaError } from './storage-quota-error';
import { StudioDb } from './studio-db';

let dbCounter = 0;
const open: StudioDb[] = [];
function freshDb(): StudioDb {
  const db = new StudioDb(`idb-storage-test-${++dbCounter}`);
  open.push(db);
  return db;
}
afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
  vi.restoreAllMocks();
});

const TYPES = ['BAR', 'SIGNAL', 'ORDER', 'FILL', 'POSITION_OPEN', 'POSITION_CLOSE'] as const;
/** A run's worth of events: bars with trades of 4 correlated events in between. */
function makeEvents(n: number, start = 1): TradingEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const seq = start + k;
    const i = seq - 1;
    const type = TYPES[i % TYPES.length]!;
    return {
      eventId: `run-${seq}`,
      type,
      timestamp: 1_700_000_000_000 + seq * 60_000,
      sourceId: i % 2 ? 'portfolio_1' : 'strategy_1',
      containerId: i % 3 ? 'portfolio_1' : 'root',
      ...(type === 'BAR' ? {} : { correlationId: `trade_${Math.floor(i / 12)}` }),
      sequence: seq,
      payload: { symbol: i % 4 ? 'SPY' : 'QQQ', close: 100 + Math.sin(i), noise: (i * 7919).toString(36) },
    } as unknown as TradingEvent;
  });
}

/** The same query answered by hand, independently of the storage. */
function expected(events: TradingEvent[], q: EventQuery): TradingEvent[] {
  const types = q.type === undefined ? undefined : typeof q.type === 'string' ? [q.type] : [...q.type];
  const hits = events.filter(
    (e) =>
      (!types || types.includes(e.type)) &&
      (q.correlationId === undefined || e.correlationId === q.correlationId) &&
      (q.fromSequence === undefined || e.sequence! >= q.fromSequence) &&
      (q.toSequence === undefined || e.sequence! <= q.toSequence) &&
      (q.from === undefined || e.timestamp >= q.from) &&
      (q.to === undefined || e.timestamp <= q.to) &&
      (q.containerId === undefined || e.containerId === q.containerId) &&
      (q.symbol === undefined || (e.payload as { symbol?: string }).symbol === q.symbol),
  );
  const off = q.offset ?? 0;
  return hits.slice(off, q.limit === undefined ? undefined : off + q.limit);
}

describe('IndexedDbStorage batching', () => {
  it('writes one transaction per batchSize events and one per appendBatch', async () => {
    const db = freshDb();
    const bulkAdd = vi.spyOn(db.events, 'bulkAdd');
    const storage = new IndexedDbStorage({ db, runId: 'r1', containerId: 'portfolio_1', batchSize: 100 });
    const events = makeEvents(250);
    for (const e of events) storage.append(e);
    await storage.flush();
    // 100 + 100 + the 50 left over, flushed by flush().
    expect(bulkAdd).toHaveBeenCalledTimes(3);
    expect(bulkAdd.mock.calls.map((c) => (c[0] as unknown[]).length)).toEqual([100, 100, 50]);
    expect(storage.stats.transactions).toBe(3);

    await storage.appendBatch(makeEvents(700, 251));
    expect(bulkAdd).toHaveBeenCalledTimes(4);
    expect(storage.stats.transactions).toBe(4);
    expect(await storage.count()).toBe(950);
    expect((await storage.query()).map((e) => e.eventId)).toEqual([...events, ...makeEvents(700, 251)].map((e) => e.eventId));
  });

  it('hands back a promise for back-pressure when too many batches are in flight', async () => {
    const db = freshDb();
    const storage = new IndexedDbStorage({ db, runId: 'r1', containerId: 'c', batchSize: 10, maxPendingBatches: 2 });
    const returned = makeEvents(100).map((e) => storage.append(e));
    expect(returned.some((r) => r instanceof Promise)).toBe(true);
    await storage.flush();
    expect(await storage.count()).toBe(100);
  });
});

describe.each([false, true])('IndexedDbStorage (compression: %s)', (compression) => {
  it('reads back exactly what was appended, across segments', async () => {
    const db = freshDb();
    const events = makeEvents(600);
    // ~8 KB segments force several of them.
    const storage = new IndexedDbStorage({ db, runId: 'r1', containerId: 'c1', compression, maxFileSizeMb: 8 / 1024, batchSize: 50 });
    for (const e of events) storage.append(e);
    await storage.flush();
    expect(await storage.query()).toEqual(events);

    const segments = await db.segments.where('runId').equals('r1').sortBy('segmentNo');
    expect(segments.length).toBeGreaterThan(2);
    expect(segments.map((s) => s.segmentNo)).toEqual(segments.map((_, i) => i));
    expect(segments.reduce((n, s) => n + s.eventCount, 0)).toBe(600);
    for (const [i, s] of segments.entries()) {
      expect(s.compressed).toBe(compression);
      // A segment only exceeds the limit when a single chunk/event alone is larger.
      expect(s.byteSize).toBeLessThanOrEqual(8 * 1024);
      if (i > 0) expect(s.minSeq).toBe(segments[i - 1]!.maxSeq + 1);
    }
    expect(storage.stats.segments).toBe(segments.length);
  });

  it('answers queries by correlation, type, sequence and time range, symbol and paging', async () => {
    const db = freshDb();
    const events = makeEvents(480);
    const storage = new IndexedDbStorage({ db, runId: 'r1', containerId: 'c1', compression, batchSize: 64 });
    await storage.appendBatch(events.slice(0, 200));
    for (const e of events.slice(200)) storage.append(e);
    // Another container of the same run and another run must never leak in.
    const other = new IndexedDbStorage({ db, runId: 'r1', containerId: 'c2', compression });
    await other.appendBatch(makeEvents(50));
    const otherRun = new IndexedDbStorage({ db, runId: 'r2', containerId: 'c1', compression });
    await otherRun.appendBatch(makeEvents(50));

    const queries: EventQuery[] = [
      {},
      { correlationId: 'trade_7' },
      { type: 'FILL' },
      { type: ['SIGNAL', 'POSITION_CLOSE'] },
      { fromSequence: 100, toSequence: 180 },
      { fromSequence: 100, toSequence: 180, limit: 7, offset: 3 },
      { limit: 25 },
      { offset: 470 },
      // Pages past whole chunks (skipped by their eventCount when compressed), at and across boundaries.
      { offset: 199, limit: 3 },
      { offset: 200, limit: 64 },
      { offset: 263, limit: 2 },
      { offset: 300, limit: 100 },
      { offset: 479, limit: 5 },
      { offset: 480, limit: 5 },
      { fromSequence: 100, offset: 150, limit: 20 },
      { type: 'ORDER', fromSequence: 50, toSequence: 300, limit: 5, offset: 2 },
      { from: events[10]!.timestamp, to: events[40]!.timestamp },
      { symbol: 'QQQ', type: 'BAR' },
      { containerId: 'root', correlationId: 'trade_3' },
      { correlationId: 'no_such_trade' },
    ];
    for (const q of queries) expect(await storage.query(q), JSON.stringify(q)).toEqual(expected(events, q));
    expect(await storage.getByCorrelation('trade_12')).toEqual(expected(events, { correlationId: 'trade_12' }));
    expect(await storage.count()).toBe(480);
    expect(await storage.query({ limit: 0 })).toEqual([]);
    await expect(storage.query({ limit: -1 })).rejects.toThrow(/query\.limit must be a non-negative integer/);
    await expect(storage.query({ offset: 1.5 })).rejects.toThrow(/query\.offset must be a non-negative integer/);
  });

  it('removes a correlation everywhere and keeps the rest', async () => {
    const db = freshDb();
    const events = makeEvents(300);
    const storage = new IndexedDbStorage({ db, runId: 'r1', containerId: 'c1', compression, batchSize: 40 });
    await storage.appendBatch(events);
    const victims = events.filter((e) => e.correlationId === 'trade_5').length;
    expect(victims).toBeGreaterThan(0);
    expect(await storage.removeCorrelation('trade_5')).toBe(victims);
    expect(await storage.removeCorrelation('trade_5')).toBe(0);
    expect(await storage.getByCorrelation('trade_5')).toEqual([]);
    const rest = events.filter((e) => e.correlationId !== 'trade_5');
    expect(await storage.query()).toEqual(rest);
    expect(await storage.count()).toBe(rest.length);
    const segments = await db.segments.where('runId').equals('r1').toArray();
    expect(segments.reduce((n, s) => n + s.eventCount, 0)).toBe(rest.length);
  });

  it('continues an existing (run, container) where it left off', async () => {
    const db = freshDb();
    const first = new IndexedDbStorage({ db, runId: 'r1', containerId: 'c1', compression, maxFileSizeMb: 4 / 1024 });
    await first.appendBatch(makeEvents(100));
    const segmentsBefore = first.stats.segments;
    const second = new IndexedDbStorage({ db, runId: 'r1', containerId: 'c1', compression, maxFileSizeMb: 4 / 1024 });
    expect(await second.count()).toBe(100);
    await second.appendBatch(makeEvents(100, 101));
    expect(await second.query()).toEqual(makeEvents(200));
    const segNos = (await db.segments.where('runId').equals('r1').toArray()).map((s) => s.segmentNo);
    expect(new Set(segNos).size).toBe(segNos.length);
    expect(segNos.length).toBeGreaterThan(segmentsBefore);
  });

  it('exports one gzip of JSON lines that a standard gunzip reads', async () => {
    const db = freshDb();
    const events = makeEvents(250);
    const storage = new IndexedDbStorage({ db, runId: 'r1', containerId: 'c1', compression, batchSize: 60 });
    for (const e of events) storage.append(e);
    const gz = await storage.toJsonlGz();
    const lines = gunzipSync(gz).toString('utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as TradingEvent)).toEqual(events);
  });

  it('clears only its own (run, container)', async () => {
    const db = freshDb();
    const a = new IndexedDbStorage({ db, runId: 'r1', containerId: 'a', compression });
    const b = new IndexedDbStorage({ db, runId: 'r1', containerId: 'b', compression });
    await a.appendBatch(makeEvents(30));
    await b.appendBatch(makeEvents(20));
    await a.clear();
    expect(await a.count()).toBe(0);
    expect(await a.query()).toEqual([]);
    expect(await b.query()).toEqual(makeEvents(20));
    await a.appendBatch(makeEvents(5));
    expect(await a.query()).toEqual(makeEvents(5));
  });
});

describe('IndexedDbStorage across containers', () => {
  it('finds one trade across every container of a run, each event once', async () => {
    const db = freshDb();
    const events = makeEvents(240);
    // root keeps everything (plain rows), the portfolio its own events (gzip chunks), both see some of the same events.
    await new IndexedDbStorage({ db, runId: 'r1', containerId: 'root' }).appendBatch(events);
    await new IndexedDbStorage({ db, runId: 'r1', containerId: 'portfolio_1', compression: true }).appendBatch(events.filter((e) => e.containerId === 'portfolio_1'));
    await new IndexedDbStorage({ db, runId: 'r2', containerId: 'root' }).appendBatch(makeEvents(50, 1000));
    const chain = await IndexedDbStorage.runCorrelation(db, 'r1', 'trade_4');
    expect(chain).toEqual(events.filter((e) => e.correlationId === 'trade_4'));
  });
});

describe('IndexedDbStorage compression', () => {
  it('stores gzip chunks much smaller than the JSON they hold', async () => {
    const db = freshDb();
    const events = makeEvents(2000);
    const plain = new IndexedDbStorage({ db, runId: 'plain', containerId: 'c', compression: false });
    const packed = new IndexedDbStorage({ db, runId: 'packed', containerId: 'c', compression: true });
    await plain.appendBatch(events);
    await packed.appendBatch(events);
    const chunks = await db.chunks.where('runId').equals('packed').toArray();
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) expect([c.data[0], c.data[1]]).toEqual([0x1f, 0x8b]);
    const jsonBytes = events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)) + 1, 0);
    expect(plain.stats.bytesStored).toBe(jsonBytes);
    expect(packed.stats.bytesStored).toBe(chunks.reduce((n, c) => n + c.data.length, 0));
    expect(packed.stats.bytesStored).toBeLessThan(jsonBytes / 3);
    expect(await packed.query()).toEqual(events);
  });
});

describe('IndexedDbStorage quota errors', () => {
  it.each([false, true])('keeps every earlier segment and reports a StorageQuotaError (compression: %s)', async (compression) => {
    const db = freshDb();
    const table = compression ? db.chunks : db.events;
    const original = table.bulkAdd.bind(table) as (...args: unknown[]) => unknown;
    let calls = 0;
    vi.spyOn(table, 'bulkAdd').mockImplementation(((...args: unknown[]) => {
      if (++calls > 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original(...args);
    }) as typeof table.bulkAdd);
    const onError = vi.fn();
    const storage = new IndexedDbStorage({ db, runId: 'r1', containerId: 'portfolio_1', compression, batchSize: 25, maxFileSizeMb: 2 / 1024, onError });
    const events = makeEvents(150);
    for (const e of events) storage.append(e);
    const error = await storage.flush().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageQuotaError);
    const quota = error as StorageQuotaError;
    expect(quota.kept.events).toBe(75);
    expect(quota.kept.lastSequence).toBe(75);
    expect(quota.notStored).toBe(75);
    expect(quota.message).toMatch(/quota exceeded.*Kept 75 events.*75 event\(s\) were not stored/);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(quota);

    // What was stored is intact and readable, by this storage and by a fresh one.
    expect(await storage.query()).toEqual(events.slice(0, 75));
    const segments = await db.segments.where('runId').equals('r1').toArray();
    expect(segments.length).toBe(quota.kept.segments);
    expect(segments.length).toBeGreaterThan(1);
    expect(segments.reduce((n, s) => n + s.eventCount, 0)).toBe(75);
    const reopened = new IndexedDbStorage({ db, runId: 'r1', containerId: 'portfolio_1' });
    expect(await reopened.query()).toEqual(events.slice(0, 75));

    // Later appends are counted as dropped, never silently lost.
    storage.append(makeEvents(1, 151)[0]!);
    expect(storage.stats.dropped).toBe(76);
    expect(quota.notStored).toBe(76);
    await expect(storage.appendBatch(makeEvents(3, 152))).rejects.toBe(quota);
  });
});

describe('IndexedDbStorage behind an EventTracer', () => {
  it('archives every event a full-retention tracer keeps, and reports a quota failure through flush', async () => {
    const db = freshDb();
    const storage = new IndexedDbStorage({ db, runId: 'r1', containerId: 'signal_analyzer', compression: true });
    const tracer = new EventTracer({ retentionPolicy: 'full', storage, batchSize: 100 });
    const bus = new EventBus('root');
    bus.attachObserver(tracer);
    const events = makeEvents(1000).map((e) => ({ ...e, sequence: undefined }));
    for (const e of events) bus.publish(e);
    await tracer.flush();
    const stored = await storage.query();
    expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    // The bus stamped sequences; they survive the round trip in order.
    expect(stored.every((e, i) => i === 0 || e.sequence! > stored[i - 1]!.sequence!)).toBe(true);
    expect(storage.stats.transactions).toBe(10);

    vi.spyOn(db.chunks, 'bulkAdd').mockImplementation((() => {
      throw new DOMException('quota', 'QuotaExceededError');
    }) as typeof db.chunks.bulkAdd);
    for (const e of makeEvents(100, 2001).map((x) => ({ ...x, sequence: undefined }))) bus.publish(e);
    await expect(tracer.flush()).rejects.toBeInstanceOf(StorageQuotaError);
    expect(await storage.count()).toBe(1000);
  });
});
