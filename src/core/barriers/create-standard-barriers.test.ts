import { describe, expect, it } from 'vitest';
import { createBarEvent, createFillEvent, createOrderEvent, createSignalEvent } from '../event-factories';
import { CompositeBarrier } from './composite-barrier';
import { createStandardBarriers } from './create-standard-barriers';

const T = Date.UTC(2024, 0, 2, 15, 0);
let id = 0;
const signal = (symbol: string, timestamp = T) =>
  createSignalEvent({ symbol, direction: 'long', strength: 1, strategyId: 'ma_1', timestamp, eventId: `s${++id}` });
const bar = (symbol: string, timestamp = T) =>
  createBarEvent(
    { symbol, timeframe: '1m', open: 1, high: 1, low: 1, close: 1, volume: 1 },
    { sourceId: 'data', timestamp, eventId: `b${++id}` },
  );

describe('createStandardBarriers', () => {
  it('combines alignment, order state and timing with AND', () => {
    const barriers = createStandardBarriers({
      containerId: 'portfolio_1',
      symbols: ['AAPL', 'MSFT'],
      preventDuplicates: true,
      maxSignalsPerMinute: 2,
    });
    expect(barriers).toBeInstanceOf(CompositeBarrier);
    expect(barriers.mode).toBe('all');
    expect(barriers.barriers.map((b) => b.name)).toEqual(['DataAlignmentBarrier', 'OrderStateBarrier', 'TimingBarrier']);

    expect(barriers.shouldProceed(bar('AAPL'))).toBe(false);
    expect(barriers.lastReason).toMatch(/DataAlignmentBarrier: waiting for MSFT/);
    expect(barriers.shouldProceed(bar('MSFT'))).toBe(true);

    barriers.shouldProceed(
      createOrderEvent(
        { orderId: 'o-1', symbol: 'AAPL', side: 'buy', quantity: 5, orderType: 'market' },
        { sourceId: 'portfolio_1', containerId: 'portfolio_1', timestamp: T },
      ),
    );
    expect(barriers.shouldProceed(signal('AAPL'))).toBe(false);
    expect(barriers.lastReason).toMatch(/OrderStateBarrier: AAPL has a pending order/);
    expect(barriers.shouldProceed(signal('MSFT'))).toBe(true);
    barriers.shouldProceed(
      createFillEvent(
        { orderId: 'o-1', symbol: 'AAPL', side: 'buy', quantity: 5, price: 10, commission: 0 },
        { sourceId: 'execution', containerId: 'portfolio_1', timestamp: T + 1 },
      ),
    );
    expect(barriers.shouldProceed(signal('AAPL', T + 2))).toBe(true);
    // Two signals let through in this minute (the blocked AAPL one did not count): the third is refused.
    expect(barriers.shouldProceed(signal('GOOGL', T + 3))).toBe(false);
    expect(barriers.lastReason).toMatch(/TimingBarrier: rate limit/);
  });

  it('leaves out what is not asked for', () => {
    const barriers = createStandardBarriers({ containerId: 'p', symbols: [] });
    expect(barriers.barriers.map((b) => b.name)).toEqual(['OrderStateBarrier']);
    const withHours = createStandardBarriers({
      containerId: 'p',
      symbols: ['AAPL'],
      timeframes: ['1m', '5m'],
      preventDuplicates: false,
      tradingHours: { start: '09:30', end: '16:00', timezone: 'America/New_York' },
    });
    expect(withHours.describe()).toMatch(/timeframes 1m, 5m.*preventDuplicates false.*hours 09:30–16:00 America\/New_York/);
    expect(withHours.shouldProceed(signal('AAPL', Date.UTC(2024, 0, 2, 14, 0)))).toBe(false); // 09:00 EST
  });
});
