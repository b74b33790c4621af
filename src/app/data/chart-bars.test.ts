// The price chart's bars: small series are charted as they are (same columns, so the chart
// looks as it always did); big ones become truthful candles of consecutive bars; and what
// a worker packs for the page unpacks to the same series.
import { describe, expect, it } from 'vitest';
import { barSeriesFromBars } from '../../engine/bar-series';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import { CHART_CANDLE_LIMIT, CHART_FULL_BARS, candleEndRows, chartDataset, detailEndRows, packChartDataset, thinSeries, unpackChartDataset, withDetail } from './chart-bars';

const MIN = 60_000;
function series(n: number) {
  return barSeriesFromBars(
    'AAA',
    '1m',
    Array.from({ length: n }, (_, i) => ({ timestamp: i * MIN, open: 100 + i, high: 101 + i + (i % 3), low: 99 + i - (i % 4), close: 100.5 + i, volume: 10 + i })),
  );
}

describe('thinSeries', () => {
  it('keeps a series of at most `candles` bars as it is: the same columns, one bar per candle', () => {
    const s = series(50);
    const c = thinSeries(s, 50);
    expect(c.barsPerCandle).toBe(1);
    expect(c.totalBars).toBe(50);
    for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(c[f]).toBe(s[f]);
  });

  it('aggregates a longer one: first open, highest high, lowest low, last close, summed volume, first time', () => {
    const s = series(23);
    const c = thinSeries(s, 5);
    // ⌈23 / 5⌉ = 5 bars per candle → 5 candles, the last of 3 bars.
    expect(c.barsPerCandle).toBe(5);
    expect(c.totalBars).toBe(23);
    expect(c.time.length).toBe(5);
    const starts = [0, 5, 10, 15, 20];
    starts.forEach((start, k) => {
      const end = Math.min(23, start + 5);
      const idx = Array.from({ length: end - start }, (_, j) => start + j);
      expect(c.time[k]).toBe(s.time[start]);
      expect(c.open[k]).toBe(s.open[start]);
      expect(c.high[k]).toBe(Math.max(...idx.map((i) => s.high[i]!)));
      expect(c.low[k]).toBe(Math.min(...idx.map((i) => s.low[i]!)));
      expect(c.close[k]).toBe(s.close[end - 1]);
      expect(c.volume[k]).toBe(idx.reduce((v, i) => v + s.volume[i]!, 0));
    });
  });

  it('never makes more candles than the chart draws, and every bar lands in exactly one candle', () => {
    for (const n of [2501, 5000, 7919, 500_370]) {
      const s = series(n);
      const c = thinSeries(s);
      expect(c.time.length).toBeLessThanOrEqual(CHART_CANDLE_LIMIT);
      expect(c.volume.reduce((a, v) => a + v, 0)).toBe(s.volume.reduce((a, v) => a + v, 0));
      expect(c.close[c.close.length - 1]).toBe(s.close[n - 1]);
      expect(c.open[0]).toBe(s.open[0]);
    }
  });
});

describe('chartDataset', () => {
  it('keeps ordinary synthetic data whole (default limits): the same columns, nothing thinned', () => {
    const d = generateSyntheticBars({ seed: 3, days: 20 });
    const c = chartDataset(d);
    expect(c.thinned).toBe(false);
    c.series.forEach((s, i) => {
      expect(s.close).toBe(d.series[i]!.close);
      expect(s.barsPerCandle).toBe(1);
    });
  });

  it('keeps a dataset of up to CHART_FULL_BARS bars whole, and thins every long series of a bigger one', () => {
    const d = { id: 'd', name: 'D', source: 'test', series: [series(6000), { ...series(1200), symbol: 'BBB' }] };
    expect(chartDataset(d, { fullBars: 7200 }).thinned).toBe(false);
    const c = chartDataset(d, { fullBars: 7199 });
    expect(c.thinned).toBe(true);
    expect(c.series.map((s) => [s.symbol, s.barsPerCandle, s.time.length])).toEqual([
      ['AAA', 3, 2000],
      ['BBB', 1, 1200],
    ]);
    expect(CHART_FULL_BARS).toBeGreaterThanOrEqual(3 * 256 * 390);
  });
});

describe('packChartDataset', () => {
  it('crosses as one buffer and unpacks to the same candles and the same thinning', () => {
    const d = { id: 'd', name: 'D', source: 'test', series: [series(30), { ...series(4), symbol: 'BBB' }] };
    const chart = chartDataset(d, { fullBars: 10, candles: 4 });
    expect(chart.thinned).toBe(true);
    const packed = packChartDataset(chart);
    const copy = unpackChartDataset(structuredClone(packed, { transfer: [packed.packed.buffer as ArrayBuffer] }));
    expect(copy.thinned).toBe(true);
    expect(copy.series.map((s) => [s.symbol, s.barsPerCandle, s.totalBars])).toEqual([
      ['AAA', 8, 30],
      ['BBB', 1, 4],
    ]);
    copy.series.forEach((s, i) => {
      for (const f of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) expect(Array.from(s[f])).toEqual(Array.from(chart.series[i]![f]));
    });
  });
});

describe('candleEndRows', () => {
  it("names each candle's last bar, the short last candle included", () => {
    expect(candleEndRows(23, 5)).toEqual([4, 9, 14, 19, 22]);
    expect(candleEndRows(20, 5)).toEqual([4, 9, 14, 19]);
    expect(candleEndRows(3, 1)).toEqual([0, 1, 2]);
    const s = thinSeries(series(7919));
    expect(candleEndRows(7919, s.barsPerCandle)).toHaveLength(s.time.length);
  });
});

describe('detailEndRows', () => {
  it('samples coarse candle ends outside a window and the window’s finer candle ends inside it', () => {
    // 100 bars in candles of 10; window rows 23..56 in candles of 2 (the last of 1).
    expect(detailEndRows(100, 10, { start: 23, end: 57, barsPerCandle: 2 })).toEqual([
      9, 19, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56, 59, 69, 79, 89, 99,
    ]);
  });
});

describe('withDetail', () => {
  it('draws a zoomed window finer between the coarse candles wholly before and after it', () => {
    const s = series(100);
    const coarse = thinSeries(s, 10); // 10 candles of 10 bars: times 0, 10, … 90 minutes
    // Window: bars 23..56 (a candle per 2 bars).
    const slice = { ...s, time: s.time.subarray(23, 57), open: s.open.subarray(23, 57), high: s.high.subarray(23, 57), low: s.low.subarray(23, 57), close: s.close.subarray(23, 57), volume: s.volume.subarray(23, 57) };
    const detail = thinSeries(slice, 17);
    const merged = withDetail(coarse, detail);
    expect(merged.barsPerCandle).toBe(2);
    expect(merged.totalBars).toBe(100);
    // Coarse candles 0 and 10 end before bar 23 (candle 20 overlaps it); 60, 70, 80, 90 start after bar 56 (50 overlaps).
    expect(Array.from(merged.time).map((t) => t / MIN)).toEqual([0, 10, ...Array.from(detail.time).map((t) => t / MIN), 60, 70, 80, 90]);
    expect(merged.close[1]).toBe(coarse.close[1]);
    expect(merged.high[2]).toBe(detail.high[0]);
    expect(merged.volume[merged.volume.length - 1]).toBe(coarse.volume[9]);
    // Times stay strictly increasing.
    for (let i = 1; i < merged.time.length; i++) expect(merged.time[i]!).toBeGreaterThan(merged.time[i - 1]!);
  });
});
