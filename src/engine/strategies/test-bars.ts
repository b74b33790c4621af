// Hand-written bar series for strategy tests and examples: closes or [high, low,
// close] rows become daily bars from 2024-01-01 UTC.
import type { Bar } from '../bar';

export const TEST_DAY = 86_400_000;
export const TEST_T0 = Date.UTC(2024, 0, 1);

/** Daily bars whose open = high = low = close. */
export function barsFromCloses(symbol: string, closes: readonly number[], timeframe = '1d', step = TEST_DAY): Bar[] {
  return closes.map((c, i) => ({ timestamp: TEST_T0 + i * step, symbol, timeframe, open: c, high: c, low: c, close: c, volume: 1 }));
}

/** Daily bars from [high, low, close] rows (open = close of the row). */
export function barsFromHlc(symbol: string, rows: readonly (readonly [number, number, number])[]): Bar[] {
  return rows.map(([high, low, close], i) => ({ timestamp: TEST_T0 + i * TEST_DAY, symbol, timeframe: '1d', open: close, high, low, close, volume: 1 }));
}
