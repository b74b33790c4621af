// Derives coarser bars from finer ones (1m → 5m/1h/1d/1mo …) in one pass:
// open = first, high = max, low = min, close = last, volume = sum, bucketed by the
// bar's open time floored to the target timeframe on UTC boundaries.
// Partial buckets: a bucket is built from whatever source bars fall in it (missing
// minutes, a session that starts at 09:30 inside the 09:00 hour, a half day) and is
// still stamped with the bucket start; a bucket with no source bar yields no bar —
// nothing is forward-filled or invented across gaps.
import type { BarSeries } from '../bar';
import { floorToTimeframe, parseTimeframe, type Timeframe } from './timeframe';
import { TimeframeError } from './timeframe-error';

/** Resamples a series to `timeframe`; throws TimeframeError when the target is not a whole multiple of the source. */
export function resampleBars(series: BarSeries, timeframe: string): BarSeries {
  const source = parseTimeframe(series.timeframe);
  const target = parseTimeframe(timeframe);
  checkCompatible(source, target);
  const n = series.time.length;
  // At most one output bar per input bar; trimmed to the bars built.
  const out = { time: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) };
  const { time, open, high, low, close, volume } = series;
  let k = -1;
  for (let i = 0; i < n; i++) {
    const start = floorToTimeframe(time[i]!, target);
    if (k >= 0 && out.time[k] === start) {
      if (high[i]! > out.high[k]!) out.high[k] = high[i]!;
      if (low[i]! < out.low[k]!) out.low[k] = low[i]!;
      out.close[k] = close[i]!;
      out.volume[k]! += volume[i]!;
    } else {
      k++;
      out.time[k] = start;
      out.open[k] = open[i]!;
      out.high[k] = high[i]!;
      out.low[k] = low[i]!;
      out.close[k] = close[i]!;
      out.volume[k] = volume[i]!;
    }
  }
  const m = k + 1;
  return {
    symbol: series.symbol,
    timeframe: target.text,
    time: out.time.slice(0, m),
    open: out.open.slice(0, m),
    high: out.high.slice(0, m),
    low: out.low.slice(0, m),
    close: out.close.slice(0, m),
    volume: out.volume.slice(0, m),
  };
}

function checkCompatible(source: Timeframe, target: Timeframe): void {
  const why = `Cannot resample ${source.text} bars to ${target.text}`;
  if (source.calendar) {
    if (!target.calendar || target.count % source.count !== 0) {
      throw new TimeframeError(target.text, `${why}: month bars only resample to whole multiples of their months (e.g. '3mo', '12mo').`);
    }
    return;
  }
  if (target.calendar) {
    if (86_400_000 % source.ms !== 0) throw new TimeframeError(target.text, `${why}: the source timeframe must divide a day.`);
    return;
  }
  if (target.ms < source.ms || target.ms % source.ms !== 0) {
    throw new TimeframeError(target.text, `${why}: the target must be a whole multiple of the source timeframe (e.g. 1m → 5m, 1h, 1d).`);
  }
}
