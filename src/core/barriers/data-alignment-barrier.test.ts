import { describe, expect, it } from 'vitest';
import { createBarEvent, createEvent } from '../event-factories';
import { EventType } from '../event-type';
import { DataAlignmentBarrier } from './data-alignment-barrier';

const T0 = Date.UTC(2024, 0, 2, 14, 30); // 14:30 UTC, on a 5m boundary
const MIN = 60_000;
let id = 0;

function bar(symbol: string, timeframe: string, timestamp: number) {
  return createBarEvent(
    { symbol, timeframe, open: 1, high: 1, low: 1, close: 1, volume: 1 },
    { sourceId: 'data', timestamp, eventId: `b${++id}` },
  );
}

describe('DataAlignmentBarrier', () => {
  it('releases a bar time once, on the bar that completes every symbol', () => {
    const b = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT', 'GOOGL'], requiredTimeframes: ['1m'] });
    expect(b.shouldProceed(bar('AAPL', '1m', T0))).toBe(false);
    expect(b.lastReason).toMatch(/waiting for MSFT 1m, GOOGL 1m at 2024-01-02T14:30:00.000Z/);
    expect(b.shouldProceed(bar('GOOGL', '1m', T0))).toBe(false);
    expect(b.lastReason).toMatch(/waiting for MSFT 1m at/);
    expect(b.shouldProceed(bar('MSFT', '1m', T0))).toBe(true);
    expect(b.lastReason).toBeUndefined();
    // A second copy of a bar already counted does not release the time again.
    expect(b.shouldProceed(bar('AAPL', '1m', T0))).toBe(false);
    expect(b.lastReason).toMatch(/already released/);
    expect(b.stats().released).toBe(1);
  });

  it('waits for the 5m bars only on 5m boundaries', () => {
    const b = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT'], requiredTimeframes: ['1m', '5m'] });
    // 14:30 is a 5m boundary: needs AAPL/MSFT × 1m/5m.
    expect(b.shouldProceed(bar('AAPL', '1m', T0))).toBe(false);
    expect(b.shouldProceed(bar('MSFT', '1m', T0))).toBe(false);
    expect(b.lastReason).toMatch(/AAPL 5m, MSFT 5m/);
    expect(b.shouldProceed(bar('AAPL', '5m', T0))).toBe(false);
    expect(b.shouldProceed(bar('MSFT', '5m', T0))).toBe(true);
    // 14:31 … 14:34: only the 1m bars are due.
    for (let k = 1; k <= 4; k++) {
      expect(b.shouldProceed(bar('MSFT', '1m', T0 + k * MIN))).toBe(false);
      expect(b.shouldProceed(bar('AAPL', '1m', T0 + k * MIN))).toBe(true);
    }
    // 14:35 again needs the 5m bars.
    expect(b.shouldProceed(bar('MSFT', '1m', T0 + 5 * MIN))).toBe(false);
    expect(b.shouldProceed(bar('AAPL', '1m', T0 + 5 * MIN))).toBe(false);
    expect(b.shouldProceed(bar('AAPL', '5m', T0 + 5 * MIN))).toBe(false);
    expect(b.shouldProceed(bar('MSFT', '5m', T0 + 5 * MIN))).toBe(true);
    expect(b.stats()).toMatchObject({ released: 6, incompleteGroups: 0 });
  });

  it('treats an off-boundary bar as due at its time', () => {
    // Daily bars stamped 05:00 UTC are not on the 00:00 UTC day boundary.
    const day = Date.UTC(2024, 0, 2, 5, 0);
    const b = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT'], requiredTimeframes: ['1d'] });
    expect(b.shouldProceed(bar('AAPL', '1d', day))).toBe(false);
    expect(b.lastReason).toMatch(/waiting for MSFT 1d/);
    expect(b.shouldProceed(bar('MSFT', '1d', day))).toBe(true);
  });

  it('drops an incomplete group when a later bar time starts, and blocks late bars', () => {
    const b = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT'], requiredTimeframes: ['1m'] });
    expect(b.shouldProceed(bar('AAPL', '1m', T0))).toBe(false); // MSFT never delivers 14:30
    expect(b.shouldProceed(bar('AAPL', '1m', T0 + MIN))).toBe(false);
    expect(b.stats().incompleteGroups).toBe(1);
    expect(b.shouldProceed(bar('MSFT', '1m', T0))).toBe(false);
    expect(b.lastReason).toMatch(/late bar MSFT 1m at 2024-01-02T14:30:00.000Z/);
    expect(b.shouldProceed(bar('MSFT', '1m', T0 + MIN))).toBe(true);
    expect(b.stats()).toMatchObject({ released: 1, incompleteGroups: 1, lateBars: 1 });
  });

  it('uses bar time, not arrival order or wall clock, and repeated bars of one symbol do not count twice', () => {
    const b = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT'], requiredTimeframes: ['1m'] });
    expect(b.shouldProceed(bar('AAPL', '1m', T0))).toBe(false);
    expect(b.shouldProceed(bar('AAPL', '1m', T0))).toBe(false);
    expect(b.lastReason).toMatch(/waiting for MSFT 1m/);
    expect(b.shouldProceed(bar('MSFT', '1m', T0))).toBe(true);
  });

  it('aligns by symbol only when no timeframe is required', () => {
    const b = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT'] });
    expect(b.shouldProceed(bar('MSFT', '1d', T0))).toBe(false);
    expect(b.lastReason).toMatch(/waiting for AAPL at/);
    expect(b.shouldProceed(bar('AAPL', '1d', T0))).toBe(true);
  });

  it('lets non-BAR events and bars it does not require through', () => {
    const b = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT'], requiredTimeframes: ['1m'] });
    const signal = createEvent(
      EventType.SIGNAL,
      { symbol: 'AAPL', direction: 'long', strength: 1, strategyId: 's' },
      { sourceId: 's', timestamp: T0 },
    );
    expect(b.shouldProceed(signal)).toBe(true);
    expect(b.shouldProceed(bar('TSLA', '1m', T0))).toBe(true);
    expect(b.shouldProceed(bar('AAPL', '1h', T0))).toBe(true);
    expect(b.describe()).toMatch(/no bar yet/);
  });

  it('resets and describes its state', () => {
    const b = new DataAlignmentBarrier({ requiredSymbols: ['AAPL', 'MSFT'], requiredTimeframes: ['1m'] });
    b.shouldProceed(bar('AAPL', '1m', T0));
    expect(b.describe()).toMatch(/symbols AAPL, MSFT; timeframes 1m\): group 2024-01-02T14:30:00.000Z: 1 bar\(s\) arrived, waiting/);
    b.reset();
    expect(b.shouldProceed(bar('MSFT', '1m', T0 - MIN))).toBe(false); // not late any more
    expect(b.lastReason).toMatch(/waiting for AAPL 1m/);
  });

  it('rejects bad configuration with a clear message', () => {
    expect(() => new DataAlignmentBarrier({ requiredSymbols: [] })).toThrow(/at least one symbol/);
    expect(() => new DataAlignmentBarrier({ requiredSymbols: ['A'], requiredTimeframes: ['1M'] })).toThrow(
      /Unknown timeframe '1M'.*no fixed length/,
    );
    expect(() => new DataAlignmentBarrier({ requiredSymbols: ['A'], requiredTimeframes: ['fast'] })).toThrow(/Unknown timeframe 'fast'/);
  });
});
