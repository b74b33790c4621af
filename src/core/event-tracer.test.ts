import { describe, expect, it } from 'vitest';
import { EventBus } from './bus';
import { createEvent } from './event-factories';
import type { EventStorage } from './event-storage';
import { EventTracer } from './event-tracer';
import { EventType } from './event-type';
import type { TradingEvent } from './events';
import { strategyFilter } from './filters';
import { IdGenerator } from './id-generator';
import { MemoryStorage } from './memory-storage';

const ids = new IdGenerator('t');
let clock = 0;

function mk(type: EventType, opts: { corr?: string; source?: string; container?: string; metadata?: Record<string, unknown> } = {}): TradingEvent {
  const payload =
    type === EventType.SIGNAL
      ? { symbol: 'SPX', direction: 'long', strength: 1, strategyId: opts.source ?? 'strategy_1' }
      : { symbol: 'SPX' };
  return createEvent(type, payload as never, {
    ids,
    sourceId: opts.source ?? 'portfolio_1',
    containerId: opts.container,
    timestamp: ++clock,
    correlationId: opts.corr,
    metadata: opts.metadata,
  });
}

/** root ← portfolio_1 ← strategy_1, a tracer attached to all three (so it sees each event up to 3 times). */
function tree(tracer: EventTracer) {
  const root = new EventBus('root');
  const portfolio = root.child('portfolio_1');
  const strategy = portfolio.child('strategy_1');
  for (const b of [root, portfolio, strategy]) b.attachObserver(tracer);
  return { root, portfolio, strategy };
}

/** One trade as the engine publishes it; returns its correlated event count. */
function openTrade(t: ReturnType<typeof tree>, corr: string): number {
  t.strategy.publish(mk(EventType.SIGNAL, { corr, source: 'strategy_1' }));
  t.portfolio.publish(mk(EventType.ORDER, { corr, container: 'portfolio_1' }));
  t.root.publish(mk(EventType.FILL, { corr, container: 'portfolio_1', source: 'execution' }));
  t.portfolio.publish(mk(EventType.POSITION_OPEN, { corr, container: 'portfolio_1' }));
  return 4;
}
function bars(t: ReturnType<typeof tree>, k: number): void {
  for (let i = 0; i < k; i++) t.root.publish(mk(EventType.BAR, { source: 'data' }));
}
function closeTrade(t: ReturnType<typeof tree>, corr: string): void {
  t.portfolio.publish(mk(EventType.POSITION_CLOSE, { corr, container: 'portfolio_1' }));
}

describe('EventTracer — trade_complete', () => {
  it('holds memory flat: 100,000 closed trades leave only the open trades’ events', () => {
    const closedSizes: number[] = [];
    const closedTypes = new Set<string>();
    const tracer = new EventTracer({
      correlationId: 'run_1',
      retentionPolicy: 'trade_complete',
      onTradeClosed: (_id, events) => {
        closedSizes.push(events.length);
        if (closedTypes.size === 0) closedTypes.add(events.map((e) => e.type).join(','));
      },
    });
    const t = tree(tracer);
    let openEvents = 0;
    for (const id of ['open_a', 'open_b', 'open_c']) openEvents += openTrade(t, id);
    const trades = 100_000;
    let barCount = 0;
    for (let i = 0; i < trades; i++) {
      openTrade(t, `trade_${i}`);
      bars(t, 2);
      barCount += 2;
      closeTrade(t, `trade_${i}`);
    }
    expect(tracer.count).toBe(openEvents);
    expect(openEvents).toBe(12);
    expect(new Set(tracer.getEvents().map((e) => e.correlationId))).toEqual(new Set(['open_a', 'open_b', 'open_c']));
    // Peak: the open trades plus the one trade in flight (4 events + its POSITION_CLOSE).
    expect(tracer.peakCount).toBe(openEvents + 5);
    expect(tracer.dropped).toBe(0);
    const s = tracer.stats();
    expect(s.closedTrades).toBe(trades);
    expect(s.uncorrelatedSkipped).toBe(barCount);
    expect(s.seen).toBe(12 + trades * 7);
    expect(closedSizes.length).toBe(trades);
    expect(closedSizes.every((k) => k === 5)).toBe(true);
    expect([...closedTypes]).toEqual(['SIGNAL,ORDER,FILL,POSITION_OPEN,POSITION_CLOSE']);
  });

  it('a POSITION_CLOSE handler can still read the closing trade’s chain', () => {
    const tracer = new EventTracer({ retentionPolicy: 'trade_complete' });
    const t = tree(tracer);
    const seenOpen: (TradingEvent | undefined)[] = [];
    const chains: string[][] = [];
    // Subscribed on the root: it runs after the tracer has already pruned the trade.
    t.root.subscribe(EventType.POSITION_CLOSE, (e) => {
      seenOpen.push(tracer.findCorrelated(e.correlationId!, EventType.POSITION_OPEN));
      chains.push(tracer.getEventsByCorrelation(e.correlationId!).map((x) => x.type));
    });
    openTrade(t, 'x');
    closeTrade(t, 'x');
    expect(chains).toEqual([['SIGNAL', 'ORDER', 'FILL', 'POSITION_OPEN', 'POSITION_CLOSE']]);
    expect(seenOpen[0]?.type).toBe(EventType.POSITION_OPEN);
    expect(seenOpen[0]?.correlationId).toBe('x');
    expect(tracer.count).toBe(0);
  });

  it('prunes on POSITION_CLOSE even when POSITION_CLOSE is not in eventsToTrace', () => {
    const tracer = new EventTracer({ retentionPolicy: 'trade_complete', eventsToTrace: ['SIGNAL', 'ORDER', 'FILL'] });
    const t = tree(tracer);
    for (let i = 0; i < 50; i++) {
      openTrade(t, `t${i}`);
      closeTrade(t, `t${i}`);
    }
    openTrade(t, 'open');
    expect(tracer.getEvents().map((e) => e.type)).toEqual(['SIGNAL', 'ORDER', 'FILL']);
    expect(tracer.stats().closedTrades).toBe(50);
  });

  it('caps trades that never close with maxEvents and counts the eviction', () => {
    const tracer = new EventTracer({ retentionPolicy: 'trade_complete', maxEvents: 40 });
    const t = tree(tracer);
    // Signals whose trade never opens (rejected): correlated, never closed.
    for (let i = 0; i < 100; i++) t.strategy.publish(mk(EventType.SIGNAL, { corr: `orphan_${i}`, source: 'strategy_1' }));
    expect(tracer.count).toBe(40);
    expect(tracer.dropped).toBe(60);
    expect(tracer.getEvents()[0].correlationId).toBe('orphan_60');
  });
});

describe('EventTracer — other policies', () => {
  it('sliding_window never exceeds maxEvents and reports what it dropped', () => {
    const tracer = new EventTracer({ retentionPolicy: 'sliding_window', maxEvents: 100 });
    const t = tree(tracer);
    const published: TradingEvent[] = [];
    for (let i = 0; i < 1000; i++) {
      const e = mk(i % 3 === 0 ? EventType.BAR : EventType.ORDER, { corr: i % 3 === 0 ? undefined : `c${i % 10}` });
      published.push(e);
      (i % 2 === 0 ? t.strategy : t.root).publish(e);
      expect(tracer.count).toBeLessThanOrEqual(100);
    }
    expect(tracer.count).toBe(100);
    expect(tracer.dropped).toBe(900);
    expect(tracer.getEvents()).toEqual(published.slice(-100));
    const lastOrders = published.slice(-100).filter((e) => e.type === EventType.ORDER);
    expect(tracer.query({ type: EventType.ORDER, offset: 10, limit: 5 })).toEqual(lastOrders.slice(10, 15));
    expect(tracer.peakCount).toBe(100);
  });

  it('minimal keeps only the POSITION_OPEN of open positions', () => {
    const tracer = new EventTracer({ retentionPolicy: 'minimal' });
    const t = tree(tracer);
    openTrade(t, 'a');
    openTrade(t, 'b');
    bars(t, 3);
    openTrade(t, 'c');
    closeTrade(t, 'b');
    const kept = tracer.getEvents();
    expect(kept.map((e) => [e.type, e.correlationId])).toEqual([
      ['POSITION_OPEN', 'a'],
      ['POSITION_OPEN', 'c'],
    ]);
    expect(tracer.stats().closedTrades).toBe(1);
    closeTrade(t, 'a');
    closeTrade(t, 'c');
    expect(tracer.count).toBe(0);
  });

  it('full keeps every traced event, beyond maxEvents; none keeps nothing', () => {
    const full = new EventTracer({ retentionPolicy: 'all', maxEvents: 5 });
    const none = new EventTracer({ retentionPolicy: 'none' });
    const t = tree(full);
    t.root.attachObserver(none);
    for (let i = 0; i < 20; i++) openTrade(t, `t${i}`);
    for (let i = 0; i < 20; i++) closeTrade(t, `t${i}`);
    expect(full.retentionPolicy).toBe('full');
    expect(full.count).toBe(100);
    expect(full.dropped).toBe(0);
    expect(none.count).toBe(0);
    expect(none.getEvents()).toEqual([]);
  });

  it('eventsToTrace keeps only the listed types', () => {
    const tracer = new EventTracer({ retentionPolicy: 'full', eventsToTrace: [EventType.SIGNAL, EventType.FILL] });
    const t = tree(tracer);
    openTrade(t, 'a');
    bars(t, 2);
    closeTrade(t, 'a');
    expect(tracer.getEvents().map((e) => e.type)).toEqual(['SIGNAL', 'FILL']);
    expect(tracer.stats().traced).toBe(2);
    expect(() => new EventTracer({ eventsToTrace: ['SIGNALS' as EventType] })).toThrow(/unknown event type 'SIGNALS'/);
  });

  it('containerId traces only events owned or produced by that container', () => {
    const tracer = new EventTracer({ retentionPolicy: 'full', containerId: 'portfolio_1' });
    const t = tree(tracer);
    t.root.publish(mk(EventType.ORDER, { container: 'portfolio_1', source: 'execution' }));
    t.root.publish(mk(EventType.ORDER, { container: 'portfolio_2', source: 'execution' }));
    t.portfolio.publish(mk(EventType.PORTFOLIO_UPDATE, { source: 'portfolio_1' }));
    t.root.publish(mk(EventType.BAR, { source: 'data' }));
    expect(tracer.getEvents().map((e) => [e.type, e.containerId ?? e.sourceId])).toEqual([
      ['ORDER', 'portfolio_1'],
      ['PORTFOLIO_UPDATE', 'portfolio_1'],
    ]);
  });
});

describe('EventTracer — sequence, correlation, metadata', () => {
  it('sequence strictly increases across child/parent buses, with nested publishes, each event traced once', () => {
    const tracer = new EventTracer({ retentionPolicy: 'full' });
    const t = tree(tracer);
    // The portfolio reacts to a signal by publishing an order (nested inside the signal's publish).
    t.portfolio.subscribe(
      EventType.SIGNAL,
      (s) => t.portfolio.publish(mk(EventType.ORDER, { corr: s.correlationId, container: 'portfolio_1' })),
      strategyFilter('strategy_1'),
    );
    t.root.subscribe(EventType.ORDER, (o) => t.root.publish(mk(EventType.FILL, { corr: o.correlationId, source: 'execution' })));
    let published = 0;
    for (let i = 0; i < 200; i++) {
      t.strategy.publish(mk(EventType.SIGNAL, { corr: `c${i}`, source: 'strategy_1' }));
      if (i % 5 === 0) t.root.publish(mk(EventType.BAR, { source: 'data' }));
      published += i % 5 === 0 ? 4 : 3;
    }
    const events = tracer.getEvents();
    expect(events.length).toBe(published);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(published);
    for (let i = 1; i < events.length; i++) expect(events[i].sequence!).toBeGreaterThan(events[i - 1].sequence!);
    // The nested order and fill carry the signal's correlation.
    expect(tracer.getEventsByCorrelation('c7').map((e) => e.type)).toEqual(['SIGNAL', 'ORDER', 'FILL']);
    expect(tracer.stats().revisits).toBeGreaterThan(0);
  });

  it('one tracer over two separate bus trees traces both, once each, and counts the overlap', () => {
    const tracer = new EventTracer({ retentionPolicy: 'full' });
    const a = tree(tracer);
    const b = tree(tracer);
    for (let i = 0; i < 20; i++) {
      a.strategy.publish(mk(EventType.SIGNAL, { corr: `a${i}`, source: 'strategy_1' }));
      b.strategy.publish(mk(EventType.SIGNAL, { corr: `b${i}`, source: 'strategy_1' }));
    }
    const events = tracer.getEvents();
    expect(events.length).toBe(40);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(40);
    expect(tracer.stats().outOfOrder).toBeGreaterThan(0);
  });

  it('recognises a revisit after deep nesting (a handler publishing 200 events first)', () => {
    const tracer = new EventTracer({ retentionPolicy: 'full' });
    const t = tree(tracer);
    t.portfolio.subscribe(
      EventType.SIGNAL,
      (sig) => {
        for (let i = 0; i < 200; i++) t.portfolio.publish(mk(EventType.ORDER, { corr: sig.correlationId, container: 'portfolio_1' }));
      },
      strategyFilter('strategy_1'),
    );
    t.strategy.publish(mk(EventType.SIGNAL, { corr: 'deep', source: 'strategy_1' }));
    expect(tracer.count).toBe(201);
    expect(tracer.stats().outOfOrder).toBe(0);
  });

  it('a standalone tracer stamps strictly increasing sequences', () => {
    const tracer = new EventTracer({ retentionPolicy: 'full' });
    const events = [mk(EventType.BAR), mk(EventType.BAR), mk(EventType.ORDER, { corr: 'a' })];
    for (const e of events) tracer.trace(e);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(tracer.count).toBe(3);
  });

  it('records the origin bus, container and trace id without writing into shared metadata objects', () => {
    const tracer = new EventTracer({ correlationId: 'backtest_20241210', retentionPolicy: 'full' });
    const t = tree(tracer);
    const shared = { note: 'same object for every event' };
    const a = mk(EventType.SIGNAL, { corr: 'x', source: 'strategy_1', metadata: shared });
    const b = mk(EventType.ORDER, { corr: 'x', container: 'portfolio_1', metadata: shared });
    t.strategy.publish(a);
    t.portfolio.publish(b);
    expect(shared).toEqual({ note: 'same object for every event' });
    expect(a.metadata).toEqual({ note: 'same object for every event', busId: 'strategy_1', containerId: 'strategy_1', traceId: 'backtest_20241210' });
    expect(b.metadata).toMatchObject({ busId: 'portfolio_1', containerId: 'portfolio_1' });
    expect(a.correlationId).toBe('x');
    expect(b.causationId).toBeUndefined();
  });

  it('events of one bus and container share one frozen metadata record (no allocation per event)', () => {
    const tracer = new EventTracer({ correlationId: 'run', retentionPolicy: 'full' });
    const t = tree(tracer);
    const a = mk(EventType.ORDER, { corr: 'a', container: 'portfolio_1' });
    const b = mk(EventType.ORDER, { corr: 'b', container: 'portfolio_1' });
    const c = mk(EventType.BAR, { source: 'data' });
    t.portfolio.publish(a);
    t.portfolio.publish(b);
    t.root.publish(c);
    expect(a.metadata).toBe(b.metadata);
    expect(Object.isFrozen(a.metadata)).toBe(true);
    expect(c.metadata).toEqual({ busId: 'root', containerId: 'data', traceId: 'run' });
    const plain = new EventTracer({ retentionPolicy: 'full', annotate: false });
    const d = mk(EventType.BAR);
    plain.trace(d);
    expect(d.metadata).toBeUndefined();
  });

  it('keeps correlationId and causationId; pruneCorrelated removes one trade', () => {
    const tracer = new EventTracer({ retentionPolicy: 'full' });
    const sig = mk(EventType.SIGNAL, { corr: 'a', source: 'strategy_1' });
    const order = mk(EventType.ORDER, { corr: 'a' });
    order.causationId = sig.eventId;
    const other = mk(EventType.ORDER, { corr: 'b' });
    for (const e of [sig, order, other]) tracer.trace(e);
    expect(tracer.findCorrelated('a', EventType.ORDER)?.causationId).toBe(sig.eventId);
    expect(tracer.findCorrelated('a', EventType.FILL)).toBeUndefined();
    expect(tracer.getEventsByCorrelation('a')).toEqual([sig, order]);
    expect(tracer.pruneCorrelated('a')).toBe(2);
    expect(tracer.getEventsByCorrelation('a')).toEqual([]);
    expect(tracer.getEvents()).toEqual([other]);
    expect(tracer.pruneCorrelated('missing')).toBe(0);
  });
});

describe('EventTracer — storage', () => {
  it('uses a given MemoryStorage as its in-memory view', () => {
    const storage = new MemoryStorage({ capacity: 3 });
    const tracer = new EventTracer({ retentionPolicy: 'full', storage });
    for (let i = 0; i < 5; i++) tracer.trace(mk(EventType.BAR));
    expect(storage.count()).toBe(3);
    expect(tracer.dropped).toBe(2);
  });

  it('feeds an async backend in batches without blocking and surfaces its errors', async () => {
    const written: TradingEvent[][] = [];
    const releases: (() => void)[] = [];
    let fail = false;
    const backend: EventStorage = {
      append: () => Promise.reject(new Error('single appends are not used when appendBatch exists')),
      appendBatch: (events) =>
        new Promise<void>((resolve, reject) => {
          releases.push(() => (fail ? reject(new Error('quota exceeded')) : (written.push([...events]), resolve())));
        }),
      getByCorrelation: async () => [],
      query: async () => [],
      removeCorrelation: async () => 0,
      count: async () => written.flat().length,
      clear: async () => undefined,
    };
    const errors: string[] = [];
    const tracer = new EventTracer({
      retentionPolicy: 'full',
      storage: backend,
      batchSize: 10,
      maxEvents: 50,
      onStorageError: (e, batch) => errors.push(`${(e as Error).message}:${batch.length}`),
    });
    for (let i = 0; i < 25; i++) tracer.trace(mk(EventType.BAR));
    // Two full batches handed over, nothing awaited yet; memory answers synchronously.
    expect(releases.length).toBe(2);
    expect(tracer.count).toBe(25);
    const flushed = tracer.flush();
    expect(releases.length).toBe(3);
    releases.forEach((r) => r());
    await flushed;
    expect(written.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(await backend.count()).toBe(25);

    fail = true;
    for (let i = 0; i < 10; i++) tracer.trace(mk(EventType.BAR));
    const second = tracer.flush();
    releases.at(-1)!();
    await second;
    expect(errors).toEqual(['quota exceeded:10']);
    expect(tracer.stats().storageErrors).toBe(1);
    // full with a backend: memory is a window of maxEvents over the archive.
    expect(tracer.count).toBe(35);
    for (let i = 0; i < 30; i++) tracer.trace(mk(EventType.BAR));
    expect(tracer.count).toBe(50);
    expect(tracer.dropped).toBe(15);
  });

  it('hands a synchronous backend batches of its preferred size, unless told a size', () => {
    const batches: number[] = [];
    const backend: EventStorage = {
      preferredBatchSize: 3,
      append: () => undefined,
      appendBatch: (events) => void batches.push(events.length),
      getByCorrelation: () => [],
      query: () => [],
      removeCorrelation: () => 0,
      count: () => 0,
      clear: () => undefined,
    };
    const preferred = new EventTracer({ retentionPolicy: 'full', storage: backend });
    for (let i = 0; i < 7; i++) preferred.trace(mk(EventType.BAR));
    expect(batches).toEqual([3, 3]);
    batches.length = 0;
    const told = new EventTracer({ retentionPolicy: 'full', storage: backend, batchSize: 5 });
    for (let i = 0; i < 7; i++) told.trace(mk(EventType.BAR));
    expect(batches).toEqual([5]);
  });

  it('without onStorageError a failed write makes flush() reject', async () => {
    const backend: EventStorage = {
      append: () => Promise.reject(new Error('disk full')),
      getByCorrelation: () => [],
      query: () => [],
      removeCorrelation: () => 0,
      count: () => 0,
      clear: () => undefined,
    };
    const tracer = new EventTracer({ retentionPolicy: 'full', storage: backend });
    tracer.trace(mk(EventType.BAR));
    await expect(tracer.flush()).rejects.toThrow('disk full');
    expect(tracer.stats().storageErrors).toBe(1);
    await expect(tracer.flush()).resolves.toBeUndefined();
  });

  it('an onTradeClosed hook that throws is reported and the trade is still pruned', () => {
    const errors: unknown[] = [];
    const tracer = new EventTracer({
      onTradeClosed: () => {
        throw new Error('archive down');
      },
      onStorageError: (e) => errors.push(e),
    });
    const t = tree(tracer);
    openTrade(t, 'a');
    closeTrade(t, 'a');
    expect(tracer.count).toBe(0);
    expect((errors[0] as Error).message).toBe('archive down');
  });
});

describe('EventTracer archive backend keeps the complete record', () => {
  function recordingBackend(): { backend: EventStorage; written: TradingEvent[] } {
    const written: TradingEvent[] = [];
    const backend: EventStorage = {
      append: (e) => void written.push(e),
      appendBatch: (events) => void written.push(...events),
      getByCorrelation: () => [],
      query: () => [],
      removeCorrelation: () => 0,
      count: () => written.length,
      clear: () => undefined,
    };
    return { backend, written };
  }

  for (const policy of ['trade_complete', 'minimal'] as const) {
    it(`${policy} with a disk backend: memory bounded by open trades, every traced event on disk`, async () => {
      const { backend, written } = recordingBackend();
      const tracer = new EventTracer({ retentionPolicy: policy, storage: backend, batchSize: 4 });
      const types: EventType[] = [];
      for (let i = 0; i < 20; i++) {
        const corr = `t${i}`;
        const trade = [mk(EventType.SIGNAL, { corr }), mk(EventType.ORDER, { corr }), mk(EventType.FILL, { corr }), mk(EventType.POSITION_OPEN, { corr })];
        const update = mk(EventType.PORTFOLIO_UPDATE);
        const close = mk(EventType.POSITION_CLOSE, { corr });
        for (const e of [...trade, update, close]) {
          types.push(e.type);
          tracer.trace(e);
        }
      }
      await tracer.flush();
      // Nothing of the 20 closed trades (nor the uncorrelated updates) stays in memory…
      expect(tracer.count).toBe(0);
      expect(tracer.peakCount).toBe(policy === 'minimal' ? 1 : 5); // one trade's events at most
      // …and the archive holds all 120 events, in order, PORTFOLIO_UPDATEs included.
      expect(written.map((e) => e.type)).toEqual(types);
      expect(written.filter((e) => e.type === EventType.PORTFOLIO_UPDATE)).toHaveLength(20);
      expect(tracer.stats().archivedOnly).toBe(policy === 'minimal' ? 100 : 20);
    });
  }

  it('without a backend, trade_complete still skips uncorrelated events (memory only)', () => {
    const tracer = new EventTracer({ retentionPolicy: 'trade_complete' });
    tracer.trace(mk(EventType.PORTFOLIO_UPDATE));
    expect(tracer.count).toBe(0);
    expect(tracer.stats().uncorrelatedSkipped).toBe(1);
    expect(tracer.stats().archivedOnly).toBe(0);
  });
});
