// Derives coarser bars from finer ones (1m → 5m/1h/1d/1mo …) in one pass:
// open = first, high = max, low = min, close = last, volume = sum, bucketed by the
// bar's open time floored to the target timeframe on UTC boundaries.
// Partial buckets: a bucket is built from whatever source bars fall in it (missing
// minutes, a session that starts at 09:30 inside the 09:00 hour, a half day) and is
// still stamped with the bucket start; a bucket with no source bar yields no bar —
// nothing is forward-filled or invented across gaps.
import type { Bar, BarSeries } from '../bar';
import { floorToTimeframe, parseTimeframe, type Timeframe } from './timeframe';
import { TimeframeError } from './timeframe-error';

/** Resamples a series to `timeframe`; throws TimeframeError when the target is not a whole multiple of the source. */
export function resampleBars(series: BarSeries, timeframe: string): BarSeries {
  const source = parseTimeframe(series.timeframe);
  const target = parseTimeframe(timeframe);
  checkCompatible(source, target);
  const text = target.text;
  const out: Bar[] = [];
  let current: Bar | undefined;
  for (const b of series.bars) {
    const start = floorToTimeframe(b.timestamp, target);
    if (current !== undefined && current.timestamp === start) {
      if (b.high > current.high) current.high = b.high;
      if (b.low < current.low) current.low = b.low;
      current.close = b.close;
      current.volume += b.volume;
    } else {
      current = { timestamp: start, symbol: series.symbol, timeframe: text, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume };
      out.push(current);
    }
  }
  return { symbol: series.symbol, timeframe: text, bars: out };
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
