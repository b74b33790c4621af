import { describe, expect, it } from 'vitest';
import { EventBus } from './bus';
import { createEvent, createPositionCloseEvent } from './event-factories';
import { EventType } from './event-type';
import type { PositionClosePayload, TradingEvent } from './events';
import type { ClosedTrade } from './metrics-snapshot';
import { MetricsObserver } from './metrics-observer';
import { StreamingMetrics } from './streaming-metrics';

let n = 0;
function close(pnl: number, tradeId: string, containerId = 'portfolio_1', extra: Partial<PositionClosePayload> = {}) {
  return createPositionCloseEvent(
    {
      symbol: 'AAPL',
      side: 'long',
      quantity: 10,
      entryPrice: 100,
      exitPrice: 100 + pnl / 10,
      pnl,
      entryTime: 1_000,
      exitTime: 2_000,
      reason: 'signal',
      ...extra,
    },
    { sourceId: containerId, containerId, correlationId: tradeId, timestamp: 2_000, eventId: `e${++n}`, metadata: { strategyId: 'ma_1' } },
  );
}

function portfolio(timestamp: number, equity: number, openPositions: number, containerId = 'portfolio_1') {
  return createEvent(
    EventType.PORTFOLIO_UPDATE,
    { cash: equity, equity, positionsValue: 0, openPositions },
    { sourceId: containerId, containerId, timestamp, eventId: `e${++n}` },
  );
}

class RecordingPruner {
  readonly calls: string[] = [];
  pruneCorrelated(id: string): number {
    this.calls.push(id);
    return 0;
  }
}

describe('MetricsObserver', () => {
  it('feeds trades and equity into the calculator and builds ClosedTrades', () => {
    const trades: ClosedTrade[] = [];
    const obs = new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 1000 }), onTrade: (t) => trades.push(t) });
    const bus = new EventBus('portfolio_1');
    bus.attachObserver(obs);
    bus.publish(portfolio(1, 1000, 1));
    bus.publish(portfolio(2, 1050, 0));
    bus.publish(close(50, 't-1', 'portfolio_1', { commission: 2 }));
    const s = obs.snapshot();
    expect(s.totalTrades).toBe(1);
    expect(s.totalPnl).toBe(50);
    expect(s.finalEquity).toBe(1050);
    expect(s.exposure).toBe(0.5);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      id: 't-1',
      containerId: 'portfolio_1',
      strategyId: 'ma_1',
      symbol: 'AAPL',
      side: 'long',
      pnl: 50,
      commission: 2,
      entryTime: 1_000,
      exitTime: 2_000,
      reason: 'signal',
    });
    // pnl / (entryPrice × quantity) = 50 / 1000
    expect(trades[0].returnPct).toBeCloseTo(0.05, 12);
  });

  it('counts each event once across a child → parent bus chain, even with nested publishes', () => {
    const obs = new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 1000 }) });
    const root = new EventBus('root');
    const portfolioBus = root.child('portfolio_1');
    const leaf = portfolioBus.child('strategy_1');
    for (const b of [root, portfolioBus, leaf]) b.attachObserver(obs);
    // A handler on the middle bus publishes an equity update while the close is still travelling up.
    portfolioBus.subscribe(EventType.POSITION_CLOSE, (e) => {
      portfolioBus.publish(portfolio(e.timestamp, 1000 + e.payload.pnl, 0));
    });
    leaf.publish(close(-30, 't-1'));
    leaf.publish(close(20, 't-2'));
    const s = obs.snapshot();
    expect(s.totalTrades).toBe(2);
    expect(s.totalPnl).toBe(-10);
    expect(s.equityUpdates).toBe(2);
    // 2 closes × 3 buses + 2 updates × 2 buses = 10 calls, 4 distinct events.
    expect(obs.stats().events).toBe(4);
    expect(obs.stats().duplicates).toBe(6);
  });

  it('counts events of two bus trees (interleaved sequences) once each, and unsequenced repeats once', () => {
    const obs = new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 1000 }), dedupeWindow: 8 });
    const a = new EventBus('a');
    const b = new EventBus('b');
    a.attachObserver(obs);
    b.attachObserver(obs);
    // Tree a runs ahead: b's events arrive with lower sequence numbers but are new.
    for (let i = 0; i < 5; i++) a.publish(portfolio(i, 1000 + i, 0));
    const fromB = [close(10, 'b-1'), close(-4, 'b-2')];
    for (const e of fromB) b.publish(e);
    // The same event objects crossing again (e.g. a second observer path) are repeats.
    for (const e of fromB) obs.onPublish(e);
    expect(obs.stats()).toMatchObject({ events: 7, trades: 2, duplicates: 2 });
    expect(obs.snapshot().totalPnl).toBe(6);
    // Events without a sequence (observer used outside a bus) are deduplicated by id.
    const loose = portfolio(9, 1006, 0);
    obs.onPublish(loose);
    obs.onPublish(loose);
    expect(obs.stats()).toMatchObject({ events: 8, duplicates: 3 });
  });

  it('counts only its container when containerId is given', () => {
    const obs = new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 1000 }), containerId: 'portfolio_2' });
    const bus = new EventBus('root');
    bus.attachObserver(obs);
    bus.publish(close(10, 'a', 'portfolio_1'));
    bus.publish(close(-5, 'b', 'portfolio_2'));
    bus.publish(portfolio(1, 995, 0, 'portfolio_2'));
    bus.publish(portfolio(1, 2000, 0, 'portfolio_1'));
    const s = obs.snapshot();
    expect(s.totalTrades).toBe(1);
    expect(s.totalPnl).toBe(-5);
    expect(s.finalEquity).toBe(995);
  });

  it('prunes the closed trade from the tracer under trade_complete and minimal only', () => {
    const pruner = new RecordingPruner();
    const bus = new EventBus('p');
    bus.attachObserver(new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 1 }), tracer: pruner }));
    bus.publish(close(1, 'trade-7', 'p'));
    bus.publish(close(2, 'trade-8', 'p'));
    bus.publish(portfolio(5, 4, 0, 'p'));
    expect(pruner.calls).toEqual(['trade-7', 'trade-8']);

    const kept = new RecordingPruner();
    const bus2 = new EventBus('p');
    bus2.attachObserver(
      new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 1 }), tracer: kept, retentionPolicy: 'full' }),
    );
    bus2.publish(close(1, 'trade-9', 'p'));
    expect(kept.calls).toEqual([]);

    for (const [policy, expected] of [
      ['minimal', ['trade-10']],
      ['sliding_window', []],
      ['all', []],
      ['none', []],
    ] as const) {
      const pr = new RecordingPruner();
      const b = new EventBus('p');
      b.attachObserver(new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 1 }), tracer: pr, retentionPolicy: policy }));
      b.publish(close(1, 'trade-10', 'p'));
      expect(pr.calls).toEqual(expected);
    }
  });

  it('prunes the events a real tracer-like store holds for the trade', () => {
    // A minimal correlation store standing in for the tracer: records on publish, prunes on request.
    const store = new Map<string, TradingEvent[]>();
    const recorder = {
      onPublish(e: TradingEvent) {
        if (e.correlationId === undefined) return;
        store.set(e.correlationId, [...(store.get(e.correlationId) ?? []), e]);
      },
      pruneCorrelated(id: string) {
        return store.delete(id);
      },
    };
    const bus = new EventBus('p');
    bus.attachObserver(recorder); // tracer first, then metrics
    bus.attachObserver(new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 100 }), tracer: recorder }));
    bus.publish(
      createEvent(EventType.POSITION_OPEN, { symbol: 'AAPL', side: 'long', quantity: 1, entryPrice: 10 }, { sourceId: 'p', correlationId: 'x', timestamp: 1 }),
    );
    bus.publish(
      createEvent(EventType.POSITION_OPEN, { symbol: 'MSFT', side: 'long', quantity: 1, entryPrice: 10 }, { sourceId: 'p', correlationId: 'y', timestamp: 1 }),
    );
    expect(store.size).toBe(2);
    bus.publish(close(3, 'x', 'p'));
    expect([...store.keys()]).toEqual(['y']);
  });

  it('reports a bad payload instead of throwing out of publish', () => {
    const obs = new MetricsObserver({ calculator: new StreamingMetrics({ initialCapital: 100 }) });
    const bus = new EventBus('p');
    bus.attachObserver(obs);
    expect(() => bus.publish(portfolio(1, Number.NaN, 0, 'p'))).not.toThrow();
    expect(obs.stats().rejected).toBe(1);
    expect(obs.stats().lastError).toMatch(/PORTFOLIO_UPDATE .*equity must be a finite number/);
    expect(obs.snapshot().equityUpdates).toBe(0);
  });

  it('rejects a missing calculator with a clear error', () => {
    expect(() => new MetricsObserver({} as never)).toThrow(/needs a calculator/);
  });
});
