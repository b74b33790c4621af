// Helpers over columnar BarSeries: building one from Bar objects (tests, small generators),
// reading one bar back as an object (charts, tests), time slicing as zero-copy views, and
// counting. Hot paths read the columns directly instead.
import type { Bar, BarColumns, BarSeries, Dataset } from './bar';

export const BAR_FIELDS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;
export type BarField = (typeof BAR_FIELDS)[number];

/** A series from bar objects (their symbol/timeframe fields are ignored: the series names them). */
export function barSeriesFromBars(symbol: string, timeframe: string, bars: readonly Omit<Bar, 'symbol' | 'timeframe'>[]): BarSeries {
  const n = bars.length;
  const s: BarSeries = {
    symbol,
    timeframe,
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    s.time[i] = b.timestamp;
    s.open[i] = b.open;
    s.high[i] = b.high;
    s.low[i] = b.low;
    s.close[i] = b.close;
    s.volume[i] = b.volume;
  }
  return s;
}

/** A series over existing columns (no copy). */
export function barSeriesOf(symbol: string, timeframe: string, columns: BarColumns): BarSeries {
  return { symbol, timeframe, time: columns.time, open: columns.open, high: columns.high, low: columns.low, close: columns.close, volume: columns.volume };
}

/** Bar i of a series as a fresh object. */
export function barAt(series: BarSeries, i: number): Bar {
  return {
    timestamp: series.time[i]!,
    symbol: series.symbol,
    timeframe: series.timeframe,
    open: series.open[i]!,
    high: series.high[i]!,
    low: series.low[i]!,
    close: series.close[i]!,
    volume: series.volume[i]!,
  };
}

/** Every bar of a series as objects: for small series only (charts of a window, tests). */
export function barsOf(series: BarSeries): Bar[] {
  const out = new Array<Bar>(series.time.length);
  for (let i = 0; i < out.length; i++) out[i] = barAt(series, i);
  return out;
}

/** Number of bars of a series. */
export function seriesLength(series: BarSeries): number {
  return series.time.length;
}

/** Total bars over a dataset's series. */
export function datasetBarCount(dataset: Pick<Dataset, 'series'>): number {
  let n = 0;
  for (const s of dataset.series) n += s.time.length;
  return n;
}

/** First index whose time is ≥ t (length when none): times are strictly increasing. */
export function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bars [from, to) of a series as views on the same buffers (no copy). */
export function sliceSeries(series: BarSeries, from: number, to: number): BarSeries {
  return {
    symbol: series.symbol,
    timeframe: series.timeframe,
    time: series.time.subarray(from, to),
    open: series.open.subarray(from, to),
    high: series.high.subarray(from, to),
    low: series.low.subarray(from, to),
    close: series.close.subarray(from, to),
    volume: series.volume.subarray(from, to),
  };
}

/** Bars with startTime ≤ time < endTime (or ≤ endTime when `inclusiveEnd`), as views. */
export function sliceSeriesByTime(series: BarSeries, startTime: number, endTime: number, inclusiveEnd = false): BarSeries {
  const from = lowerBound(series.time, startTime);
  const to = inclusiveEnd ? upperBound(series.time, endTime) : lowerBound(series.time, endTime);
  return from === 0 && to === series.time.length ? series : sliceSeries(series, from, Math.max(from, to));
}

/** First index whose time is > t. */
function upperBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
