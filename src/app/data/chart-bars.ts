// What the page holds of a dataset for the Overview's price chart: a dataset small enough
// to draw in full is kept as it is (so bundled, ordinary synthetic and imported datasets look
// exactly as they always did); in a bigger one every series longer than CHART_CANDLE_LIMIT
// is thinned to at most that many candles, each the OHLCV of consecutive bars (first open,
// highest high, lowest low, last close, summed volume), so a candle never shows a price the
// market did not trade. The thinning runs where the bars already are (the worker that
// backtested them), so the page never holds the full columns of a big dataset; only what it
// draws crosses, in one buffer.
import type { BarSeries, Dataset } from '../../engine/bar';
import { packDataset, unpackDataset, type PackedDataset } from '../../engine/data/packed-dataset';

/** The price chart draws candles up to this many bars of one symbol (a sampled close line above). */
export const CHART_CANDLE_LIMIT = 2500;

/**
 * A dataset of up to this many bars (all series together) is kept whole for the chart and
 * drawn as before (candles up to CHART_CANDLE_LIMIT bars per symbol, a sampled close line
 * above); past it, its series are thinned to candles. 1,000,000 bars: 48 MB of columns,
 * e.g. 2.5 years of one symbol's minutes or 3 symbols × 256 sessions (the big-series test).
 */
export const CHART_FULL_BARS = 1_000_000;

/** One symbol's bars as charted: whole, or thinned (`barsPerCandle` > 1). */
export interface ChartSeries extends BarSeries {
  /** Consecutive bars aggregated into each candle (1: the series is whole). */
  barsPerCandle: number;
  /** Bars of the series before thinning. */
  totalBars: number;
}

/** What the page holds of a dataset for its price chart. */
export interface ChartDataset {
  id: string;
  name: string;
  source: string;
  series: ChartSeries[];
  /** Some series is thinned: the buy & hold line and the indicators need the full bars (in a worker). */
  thinned: boolean;
}

export interface ChartBarsLimits {
  /** Bars of the whole dataset up to which nothing is thinned (default CHART_FULL_BARS). */
  fullBars?: number;
  /** Most candles per thinned series (default CHART_CANDLE_LIMIT). */
  candles?: number;
}

/**
 * `series` as candles: the same columns (no copy) when it has at most `candles` bars, else
 * at most `candles` candles of ⌈n / candles⌉ consecutive bars each (the last may hold fewer),
 * each at its first bar's time.
 */
export function thinSeries(series: BarSeries, candles = CHART_CANDLE_LIMIT): ChartSeries {
  const n = series.time.length;
  const most = Math.max(1, Math.floor(candles));
  if (n <= most) return { ...series, barsPerCandle: 1, totalBars: n };
  const k = Math.ceil(n / most);
  const m = Math.ceil(n / k);
  const out: ChartSeries = {
    symbol: series.symbol,
    timeframe: series.timeframe,
    time: new Float64Array(m),
    open: new Float64Array(m),
    high: new Float64Array(m),
    low: new Float64Array(m),
    close: new Float64Array(m),
    volume: new Float64Array(m),
    barsPerCandle: k,
    totalBars: n,
  };
  const { time, open, high, low, close, volume } = series;
  for (let c = 0, i = 0; c < m; c++) {
    const end = Math.min(n, i + k);
    let hi = high[i]!;
    let lo = low[i]!;
    let vol = 0;
    out.time[c] = time[i]!;
    out.open[c] = open[i]!;
    for (let j = i; j < end; j++) {
      const h = high[j]!;
      const l = low[j]!;
      if (h > hi) hi = h;
      if (l < lo) lo = l;
      vol += volume[j]!;
    }
    out.high[c] = hi;
    out.low[c] = lo;
    out.close[c] = close[end - 1]!;
    out.volume[c] = vol;
    i = end;
  }
  return out;
}

/**
 * Rows of a series of `n` bars that a thinned chart samples a line at: each candle's last
 * bar (so a value drawn is exactly the one at that bar's time); every row when `barsPerCandle` is 1.
 */
export function candleEndRows(n: number, barsPerCandle: number): number[] {
  const k = Math.max(1, Math.floor(barsPerCandle));
  const rows: number[] = [];
  for (let end = k; end < n + k; end += k) rows.push(Math.min(end, n) - 1);
  return rows;
}

/**
 * candleEndRows with a zoomed-in window drawn finer (withDetail): the coarse candles' last rows
 * before row `window.start`, the window's candle ends (its `barsPerCandle`) over rows
 * [start, end), then the coarse ones from `end` on.
 */
export function detailEndRows(n: number, barsPerCandle: number, window: { start: number; end: number; barsPerCandle: number }): number[] {
  const coarse = candleEndRows(n, barsPerCandle);
  const fine = candleEndRows(window.end - window.start, window.barsPerCandle).map((r) => r + window.start);
  return [...coarse.filter((r) => r < window.start), ...fine, ...coarse.filter((r) => r >= window.end)];
}

/** `dataset` as charted: whole (the same columns) up to `fullBars` bars in all, else every series thinned (thinSeries). */
export function chartDataset(dataset: Dataset, limits: ChartBarsLimits = {}): ChartDataset {
  let total = 0;
  for (const s of dataset.series) total += s.time.length;
  const whole = total <= (limits.fullBars ?? CHART_FULL_BARS);
  const series = dataset.series.map((s) => (whole ? { ...s, barsPerCandle: 1, totalBars: s.time.length } : thinSeries(s, limits.candles)));
  return { id: dataset.id, name: dataset.name, source: dataset.source, series, thinned: series.some((s) => s.barsPerCandle > 1) };
}

/**
 * A thinned series with a zoomed-in window drawn finer: `coarse`'s candles that end before
 * `detail` starts, then `detail`'s candles, then `coarse`'s that start after it ends (a coarse
 * candle overlapping the window is left out: its bars are in `detail`). `barsPerCandle` is the
 * window's; what is in view is the window.
 */
export function withDetail(coarse: ChartSeries, detail: ChartSeries): ChartSeries {
  const m = detail.time.length;
  if (m === 0) return coarse;
  const first = detail.time[0]!;
  const last = detail.time[m - 1]!;
  const n = coarse.time.length;
  // Coarse candle c covers [time[c], time[c + 1]): it is wholly before when time[c + 1] <= first.
  let before = 0;
  while (before < n && (before + 1 < n ? coarse.time[before + 1]! : Infinity) <= first) before++;
  let after = n;
  while (after > before && coarse.time[after - 1]! > last) after--;
  const size = before + m + (n - after);
  const out: ChartSeries = {
    symbol: coarse.symbol,
    timeframe: coarse.timeframe,
    time: new Float64Array(size),
    open: new Float64Array(size),
    high: new Float64Array(size),
    low: new Float64Array(size),
    close: new Float64Array(size),
    volume: new Float64Array(size),
    barsPerCandle: detail.barsPerCandle,
    totalBars: coarse.totalBars,
  };
  for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
    out[f].set(coarse[f].subarray(0, before), 0);
    out[f].set(detail[f], before);
    out[f].set(coarse[f].subarray(after), before + m);
  }
  return out;
}

/** A ChartDataset in one buffer, to be transferred (a worker's answer: its own columns stay with it). */
export interface PackedChartDataset {
  packed: PackedDataset;
  barsPerCandle: number[];
  totalBars: number[];
}

/** Copies the chart's columns into one fresh ArrayBuffer (list `packed.buffer` as the transfer). */
export function packChartDataset(chart: ChartDataset): PackedChartDataset {
  return { packed: packDataset(chart, false), barsPerCandle: chart.series.map((s) => s.barsPerCandle), totalBars: chart.series.map((s) => s.totalBars) };
}

/** The ChartDataset over a packed buffer (views, no copy). */
export function unpackChartDataset(p: PackedChartDataset): ChartDataset {
  const d = unpackDataset(p.packed);
  const series = d.series.map((s, i) => ({ ...s, barsPerCandle: p.barsPerCandle[i] ?? 1, totalBars: p.totalBars[i] ?? s.time.length }));
  return { id: d.id, name: d.name, source: d.source, series, thinned: series.some((s) => s.barsPerCandle > 1) };
}
