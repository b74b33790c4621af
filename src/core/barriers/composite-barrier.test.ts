import { describe, expect, it } from 'vitest';
import { createBarEvent, createOrderEvent, createSignalEvent } from '../event-factories';
import type { TradingEvent } from '../events';
import type { Barrier } from './barrier';
import { CompositeBarrier } from './composite-barrier';
import { DataAlignmentBarrier } from './data-alignment-barrier';
import { OrderStateBarrier } from './order-state-barrier';
import { TimingBarrier } from './timing-barrier';

const S = 1000;
let id = 0;
const signal = (symbol: string, timestamp: number) =>
  createSignalEvent({ symbol, direction: 'long', strength: 1, strategyId: 'ma_1', timestamp, eventId: `s${++id}` });
const order = (orderId: string, symbol: string) =>
  createOrderEvent(
    { orderId, symbol, side: 'buy', quantity: 1, orderType: 'market' },
    { sourceId: 'portfolio_1', containerId: 'portfolio_1', timestamp: 0, eventId: `o${++id}` },
  );
const bar = (symbol: string, timestamp: number) =>
  createBarEvent(
    { symbol, timeframe: '1m', open: 1, high: 1, low: 1, close: 1, volume: 1 },
    { sourceId: 'data', timestamp, eventId: `b${++id}` },
  );

/** A custom barrier with only shouldProceed, as a user might write one. */
class SymbolBlocker implements Barrier {
  readonly name = 'SymbolBlocker';
  lastReason: string | undefined;
  seen = 0;
  constructor(private readonly symbol: string) {}
  shouldProceed(event: TradingEvent): boolean {
    this.seen++;
    const blocked = (event.payload as { symbol?: string }).symbol === this.symbol;
    this.lastReason = blocked ? `${this.symbol} is blocked` : undefined;
    return !blocked;
  }
  describe(): string {
    return `SymbolBlocker(${this.symbol})`;
  }
}

describe("CompositeBarrier 'all'", () => {
  it('does not let the timing barrier count a signal another barrier blocked', () => {
    const timing = new TimingBarrier({ maxSignalsPerMinute: 1 });
    const orders = new OrderStateBarrier({ containerId: 'portfolio_1', preventDuplicates: true });
    const all = new CompositeBarrier([timing, orders], 'all');
    all.shouldProceed(order('o-1', 'AAPL'));
    expect(all.shouldProceed(signal('AAPL', 0))).toBe(false); // pending order
    expect(timing.signalsInWindow(0)).toBe(0);
    expect(all.shouldProceed(signal('MSFT', S))).toBe(true); // the rate budget is intact
    expect(all.shouldProceed(signal('GOOGL', 2 * S))).toBe(false);
    expect(all.lastReason).toMatch(/^TimingBarrier: rate limit: 1 signals/);
  });

  it('shows why a naive AND of shouldProceed calls gets the count wrong', () => {
    const timing = new TimingBarrier({ maxSignalsPerMinute: 1 });
    const orders = new OrderStateBarrier({ containerId: 'portfolio_1' });
    const naiveAnd = (e: TradingEvent) => timing.shouldProceed(e) && orders.shouldProceed(e);
    naiveAnd(order('o-1', 'AAPL'));
    expect(naiveAnd(signal('AAPL', 0))).toBe(false);
    // The blocked AAPL signal consumed the budget: MSFT is wrongly refused.
    expect(naiveAnd(signal('MSFT', S))).toBe(false);
  });

  it('lists every blocker in its reason', () => {
    const timing = new TimingBarrier({ tradingHours: { start: '09:30', end: '16:00' } });
    const orders = new OrderStateBarrier({ containerId: 'portfolio_1' });
    const all = new CompositeBarrier([orders, timing]);
    all.shouldProceed(order('o-1', 'AAPL'));
    expect(all.shouldProceed(signal('AAPL', Date.UTC(2024, 0, 2, 3)))).toBe(false);
    expect(all.lastReason).toMatch(/^OrderStateBarrier: AAPL has a pending order .*; TimingBarrier: signal at 03:00 UTC/);
    expect(all.describe()).toMatch(/^CompositeBarrier\(all\) \[OrderStateBarrier\(portfolio_1.* \| TimingBarrier\(hours 09:30–16:00 UTC\)/);
  });

  it('lets observing barriers learn from events the composite blocks', () => {
    const align = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT'], requiredTimeframes: ['1m'] });
    const all = new CompositeBarrier([align, new SymbolBlocker('MSFT')]);
    expect(all.shouldProceed(bar('MSFT', 0))).toBe(false); // blocked by the custom barrier, but it arrived
    expect(all.shouldProceed(bar('AAPL', 0))).toBe(true); // completes 00:00 for the alignment barrier
  });

  it('propagates the outer outcome into nested composites', () => {
    const timing = new TimingBarrier({ maxSignalsPerMinute: 1 });
    const inner = new CompositeBarrier([timing], 'all');
    const outer = new CompositeBarrier([inner, new SymbolBlocker('AAPL')], 'all');
    expect(outer.shouldProceed(signal('AAPL', 0))).toBe(false);
    expect(timing.signalsInWindow(0)).toBe(0);
    expect(outer.shouldProceed(signal('MSFT', S))).toBe(true);
    expect(timing.signalsInWindow(S)).toBe(1);
  });

  it('names an unnamed custom barrier by its position', () => {
    const unnamed: Barrier = {
      lastReason: 'closed',
      shouldProceed: () => false,
      describe: () => 'always closed',
    };
    const all = new CompositeBarrier([new SymbolBlocker('X'), unnamed]);
    expect(all.shouldProceed(signal('A', 0))).toBe(false);
    expect(all.lastReason).toBe('barriers[1]: closed');
  });

  it('checks custom barriers on every event and proceeds when empty', () => {
    const custom = new SymbolBlocker('X');
    const all = new CompositeBarrier([new SymbolBlocker('AAPL'), custom]);
    all.shouldProceed(signal('AAPL', 0));
    all.shouldProceed(signal('MSFT', 0));
    expect(custom.seen).toBe(2);
    expect(new CompositeBarrier([], 'all').shouldProceed(signal('A', 0))).toBe(true);
    expect(new CompositeBarrier([], 'any').shouldProceed(signal('A', 0))).toBe(true);
  });
});

describe("CompositeBarrier 'any'", () => {
  it('proceeds when one barrier lets the event through and explains when none does', () => {
    const any = new CompositeBarrier([new SymbolBlocker('AAPL'), new SymbolBlocker('MSFT')], 'any');
    expect(any.shouldProceed(signal('AAPL', 0))).toBe(true);
    const none = new CompositeBarrier([new SymbolBlocker('AAPL'), new TimingBarrier({ tradingHours: { start: '09:30', end: '16:00' } })], 'any');
    expect(none.shouldProceed(signal('AAPL', 0))).toBe(false);
    expect(none.lastReason).toMatch(/^no barrier let it through: SymbolBlocker: AAPL is blocked; TimingBarrier: signal at 00:00 UTC/);
  });

  it('counts a signal the composite let through even if the timing barrier alone would not have', () => {
    const timing = new TimingBarrier({ maxSignalsPerMinute: 1 });
    const any = new CompositeBarrier([timing, new SymbolBlocker('AAPL')], 'any');
    expect(any.shouldProceed(signal('MSFT', 0))).toBe(true);
    expect(any.shouldProceed(signal('MSFT', S))).toBe(true); // timing says no, the blocker says yes
    expect(timing.signalsInWindow(S)).toBe(1); // still bounded by the limit
    expect(any.shouldProceed(signal('AAPL', 2 * S))).toBe(false); // both say no
    expect(timing.describe()).toMatch(/2 signal\(s\) let through/);
  });

  it('resets every child', () => {
    const timing = new TimingBarrier({ maxSignalsPerMinute: 1 });
    const c = new CompositeBarrier([timing], 'any');
    c.shouldProceed(signal('A', 0));
    expect(c.shouldProceed(signal('A', S))).toBe(false);
    c.reset();
    expect(c.shouldProceed(signal('A', 2 * S))).toBe(true);
  });

  it('rejects a bad mode or a non-barrier', () => {
    expect(() => new CompositeBarrier([], 'both' as never)).toThrow(/'all' or 'any'/);
    expect(() => new CompositeBarrier([{} as never])).toThrow(/barriers\[0\] is not a barrier/);
  });
});
