// Makes the timeframes a config asks for exist: for each symbol, a requested
// timeframe the dataset lacks is resampled from that symbol's coarsest series that
// divides it (1m → 5m, 1h → 1d), so a run on '1h' never silently runs on minutes.
import type { BarSeries, Dataset } from '../bar';
import { resampleBars } from './resample-bars';
import { parseTimeframe, type Timeframe } from './timeframe';
import { TimeframeError } from './timeframe-error';

/**
 * The dataset plus derived series for every (symbol, requested timeframe) it lacks.
 * Throws TimeframeError when a requested timeframe is invalid or cannot be built
 * from any series of a symbol (e.g. '1m' from daily bars). Source series are shared, not copied.
 */
export function deriveTimeframes(dataset: Dataset, timeframes: readonly string[]): Dataset {
  const wanted = timeframes.map((t) => parseTimeframe(t));
  const bySymbol = new Map<string, BarSeries[]>();
  for (const s of dataset.series) {
    const list = bySymbol.get(s.symbol);
    if (list) list.push(s);
    else bySymbol.set(s.symbol, [s]);
  }
  const added: BarSeries[] = [];
  for (const [symbol, list] of bySymbol) {
    for (const target of wanted) {
      if (list.some((s) => s.timeframe === target.text)) continue;
      const source = bestSource(list, target);
      if (source === undefined) {
        throw new TimeframeError(
          target.text,
          `Cannot derive ${target.text} bars of ${symbol} from its ${list.map((s) => s.timeframe).join(', ')} bars: a timeframe can only be built from a finer one that divides it.`,
        );
      }
      added.push(resampleBars(source, target.text));
    }
  }
  return added.length === 0 ? dataset : { ...dataset, series: [...dataset.series, ...added] };
}

function divides(source: Timeframe, target: Timeframe): boolean {
  if (source.calendar) return target.calendar && target.count % source.count === 0;
  if (target.calendar) return 86_400_000 % source.ms === 0;
  return target.ms > source.ms && target.ms % source.ms === 0;
}

/** The coarsest series whose timeframe divides the target (fewest bars to walk). */
function bestSource(list: readonly BarSeries[], target: Timeframe): BarSeries | undefined {
  let best: BarSeries | undefined;
  let bestMs = -1;
  for (const s of list) {
    let tf: Timeframe;
    try {
      tf = parseTimeframe(s.timeframe);
    } catch {
      continue;
    }
    if (divides(tf, target) && tf.ms > bestMs) {
      best = s;
      bestMs = tf.ms;
    }
  }
  return best;
}
