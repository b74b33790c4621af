import { describe, expect, it } from 'vitest';
import { EventBus } from './bus';
import { createEvent, createSignalEvent } from './event-factories';
import { EventType } from './event-type';
import type { TradingEvent } from './events';
import { strategyFilter } from './filters';
import { MissingFilterError } from './missing-filter-error';
import { WeakSubscriptionManager } from './weak-subscription-manager';

/** Real GC: vite.config.ts runs the test workers with --expose-gc. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('global.gc is missing: run Vitest with execArgv --expose-gc (vite.config.ts test section).');
  gc();
}

/** Macrotasks + full GCs until `done()` or the bound; WeakRef targets survive the job that created the ref. */
async function gcUntil(done: () => boolean, rounds = 50): Promise<number> {
  for (let i = 0; i < rounds; i++) {
    if (done()) return i;
    await new Promise((resolve) => setTimeout(resolve, 5));
    collectGarbage();
  }
  return rounds;
}

function bar(i: number): TradingEvent {
  return createEvent(EventType.BAR, { symbol: 'SPX', timeframe: '1d', open: i, high: i, low: i, close: i, volume: 1 }, {
    eventId: `b${i}`,
    sourceId: 'data',
    timestamp: i,
  });
}

class Strategy {
  bars = 0;
  handleBar(): void {
    this.bars++;
  }
}

/** Subscribes handlers that nothing else references, in their own scope. */
function subscribeEphemeral(mgr: WeakSubscriptionManager, k: number, hits: { n: number }): void {
  for (let i = 0; i < k; i++) mgr.subscribe(EventType.BAR, () => void hits.n++);
}

function subscribeEphemeralStrategies(mgr: WeakSubscriptionManager, k: number): void {
  for (let i = 0; i < k; i++) mgr.subscribeMethod(EventType.BAR, new Strategy(), 'handleBar');
}

describe('WeakSubscriptionManager', () => {
  it('delivers to live handlers, applies filters, and every subscribe returns a disposer', () => {
    const mgr = new WeakSubscriptionManager();
    const got: string[] = [];
    const onBar = (e: TradingEvent) => got.push(`bar:${e.eventId}`);
    const onSignal = (e: TradingEvent) => got.push(`signal:${e.sourceId}`);
    const offBar = mgr.subscribe(EventType.BAR, onBar);
    mgr.subscribe(EventType.SIGNAL, onSignal, strategyFilter('momentum_1'));
    expect(mgr.publish(bar(1))).toBe(1);
    mgr.publish(createSignalEvent({ symbol: 'SPX', direction: 'long', strength: 1, strategyId: 'momentum_1', timestamp: 1, eventId: 's1' }));
    mgr.publish(createSignalEvent({ symbol: 'SPX', direction: 'long', strength: 1, strategyId: 'other', timestamp: 1, eventId: 's2' }));
    offBar();
    offBar();
    mgr.publish(bar(2));
    expect(got).toEqual(['bar:b1', 'signal:momentum_1']);
    expect(mgr.liveCount(EventType.BAR)).toBe(0);
    expect(mgr.liveCount(EventType.SIGNAL)).toBe(1);
  });

  it('enforces the mandatory SIGNAL/FILL filter like the bus', () => {
    const mgr = new WeakSubscriptionManager();
    const h = () => undefined;
    // @ts-expect-error SIGNAL requires a filter at compile time too.
    expect(() => mgr.subscribe(EventType.SIGNAL, h)).toThrow(MissingFilterError);
    expect(() => mgr.subscribe('NOPE' as never, h)).toThrow(/Unknown event type 'NOPE'/);
  });

  it('removes a handler once it is garbage-collected (FinalizationRegistry), and liveCount drops', async () => {
    const mgr = new WeakSubscriptionManager();
    const hits = { n: 0 };
    const kept = () => void hits.n++;
    mgr.subscribe(EventType.BAR, kept);
    subscribeEphemeral(mgr, 10, hits);
    expect(mgr.liveCount(EventType.BAR)).toBe(11);

    const rounds = await gcUntil(() => mgr.liveCount(EventType.BAR) === 1);
    expect(rounds).toBeLessThan(50);
    expect(mgr.liveCount(EventType.BAR)).toBe(1);
    // Removed by the registry itself, not by a publish noticing a dead ref.
    expect(mgr.stats().finalized).toBe(10);
    expect(mgr.stats().swept).toBe(0);
    hits.n = 0;
    mgr.publish(bar(1));
    expect(hits.n).toBe(1);
    expect(kept).toBeTypeOf('function');
  });

  it('removes an owner-method subscription once its owner is collected', async () => {
    const mgr = new WeakSubscriptionManager();
    const survivor = new Strategy();
    mgr.subscribeMethod(EventType.BAR, survivor, 'handleBar');
    subscribeEphemeralStrategies(mgr, 5);
    expect(mgr.liveCount()).toBe(6);
    await gcUntil(() => mgr.liveCount() === 1);
    expect(mgr.liveCount()).toBe(1);
    mgr.publish(bar(1));
    mgr.publish(bar(2));
    expect(survivor.bars).toBe(2);
    expect(() => mgr.subscribeMethod(EventType.BAR, survivor, 'nope' as never)).toThrow(/no method 'nope'/);
  });

  it('forwards from an EventBus and isolates throwing handlers', () => {
    const errors: unknown[] = [];
    const mgr = new WeakSubscriptionManager({ onError: (e) => errors.push(e) });
    const bus = new EventBus('root');
    const off = mgr.connect(bus, [EventType.BAR]);
    const got: number[] = [];
    const bad = () => {
      throw new Error('boom');
    };
    const good = (e: TradingEvent) => got.push(e.timestamp);
    mgr.subscribe(EventType.BAR, bad);
    mgr.subscribe(EventType.BAR, good);
    bus.publish(bar(7));
    off();
    bus.publish(bar(8));
    expect(got).toEqual([7]);
    expect((errors[0] as Error).message).toBe('boom');
    expect(bus.subscriberCount()).toBe(0);
    expect([bad, good]).toHaveLength(2);
  });
});
