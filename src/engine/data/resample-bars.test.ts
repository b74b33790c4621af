import { describe, expect, it } from 'vitest';
import type { Bar, BarSeries } from '../bar';
import { resampleBars } from './resample-bars';
import { barSeriesFromBars, barsOf } from '../bar-series';

const T0 = Date.UTC(2024, 0, 2, 9, 30); // Tuesday 09:30 UTC

function minute(offset: number, open: number, high: number, low: number, close: number, volume: number): Bar {
  return { timestamp: T0 + offset * 60_000, symbol: 'X', timeframe: '1m', open, high, low, close, volume };
}

// 09:30 … 09:41 with 09:33 and 09:36–09:39 missing.
const ONE_MINUTE: BarSeries = barSeriesFromBars('X', '1m', [
    minute(0, 10, 11, 9.5, 10.5, 100), // 09:30
    minute(1, 10.5, 12, 10.4, 11.8, 200), // 09:31
    minute(2, 11.8, 11.9, 11, 11.2, 50), // 09:32
    minute(4, 11.2, 11.3, 9, 9.1, 300), // 09:34
    minute(5, 9.1, 9.6, 9.05, 9.5, 10), // 09:35
    minute(10, 9.7, 9.9, 9.6, 9.8, 20), // 09:40
    minute(11, 9.8, 10.2, 9.7, 10.1, 30), // 09:41
]);

describe('resampleBars', () => {
  it('builds 5m bars: open first, high max, low min, close last, volume sum; partial buckets kept, empty ones skipped', () => {
    const r = resampleBars(ONE_MINUTE, '5m');
    expect(r.timeframe).toBe('5m');
    expect(barsOf(r)).toEqual([
      // 09:30 bucket = 09:30..09:34 (09:33 missing)
      { timestamp: T0, symbol: 'X', timeframe: '5m', open: 10, high: 12, low: 9, close: 9.1, volume: 650 },
      // 09:35 bucket holds only 09:35 (09:36–09:39 missing)
      { timestamp: T0 + 5 * 60_000, symbol: 'X', timeframe: '5m', open: 9.1, high: 9.6, low: 9.05, close: 9.5, volume: 10 },
      // 09:40 bucket
      { timestamp: T0 + 10 * 60_000, symbol: 'X', timeframe: '5m', open: 9.7, high: 10.2, low: 9.6, close: 10.1, volume: 50 },
    ]);
  });

  it('floors hours on UTC: a 09:30 session start lands in the 09:00 bar', () => {
    const r = resampleBars(ONE_MINUTE, '1h');
    expect(barsOf(r)).toEqual([{ timestamp: Date.UTC(2024, 0, 2, 9), symbol: 'X', timeframe: '1h', open: 10, high: 12, low: 9, close: 10.1, volume: 710 }]);
  });

  it('builds daily and monthly bars from daily ones', () => {
    const day = (d: number, o: number, h: number, l: number, c: number): Bar => ({
      timestamp: Date.UTC(2024, 0, d),
      symbol: 'X',
      timeframe: '1d',
      open: o,
      high: h,
      low: l,
      close: c,
      volume: 1,
    });
    const daily: BarSeries = barSeriesFromBars('X', '1d', [day(30, 1, 2, 0.5, 1.5), day(31, 1.5, 3, 1.4, 2.5), { ...day(1, 2.5, 2.6, 2, 2.1), timestamp: Date.UTC(2024, 1, 1) }]);
    const monthly = resampleBars(daily, '1mo');
    expect(barsOf(monthly).map((b) => [b.timestamp, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2024, 0, 1), 1, 3, 0.5, 2.5, 2],
      [Date.UTC(2024, 1, 1), 2.5, 2.6, 2, 2.1, 1],
    ]);
    // 2024-01-29 is a Monday: the week holds all three days.
    expect(barsOf(resampleBars(daily, '1w')).map((b) => [b.timestamp, b.close, b.volume])).toEqual([[Date.UTC(2024, 0, 29), 2.1, 3]]);
  });

  it('does not touch the source bars and is a no-op at the same timeframe', () => {
    const copy = JSON.stringify(ONE_MINUTE);
    const same = resampleBars(ONE_MINUTE, '1m');
    expect(barsOf(same)).toEqual(barsOf(ONE_MINUTE));
    expect(JSON.stringify(ONE_MINUTE)).toBe(copy);
  });

  it('refuses targets that are not whole multiples of the source', () => {
    const fiveMin = resampleBars(ONE_MINUTE, '5m');
    expect(() => resampleBars(fiveMin, '1m')).toThrow(/whole multiple/);
    expect(() => resampleBars(fiveMin, '7m')).toThrow(/whole multiple/);
    expect(() => resampleBars(barSeriesFromBars('X', '1mo', []), '1d')).toThrow(/month bars/);
    expect(() => resampleBars(ONE_MINUTE, 'x')).toThrow(/Invalid timeframe/);
  });
});
