// The run's bar stream: the dataset's series selected by the config's data block
// (symbols, timeframes, start/end) merged into one array ordered by (bar close time,
// symbol order, timeframe order) — NautilusTrader's (ts, priority, seq) idea — so
// every run over the same data sees the same sequence of bars. With one timeframe the
// close-time order is the timestamp order.
import type { DataConfig } from '../core/config/studio-config';
import type { Bar, BarSeries, Dataset } from './bar';
import { parseTimeframe } from './data/timeframe';

export interface BarStream {
  bars: Bar[];
  /**
   * Close time of each bar (timestamp + timeframe length): the merge order and the time
   * slices. A 5m bar stamped 09:30 closes at 09:35, so it comes after the 1m bars up to
   * 09:34, never beside the 09:30 one (its close would be a look-ahead). Undefined with one
   * timeframe, where the close-time order is the timestamp order.
   */
  closeTimes: Float64Array | undefined;
  /** The finest timeframe of each symbol: the bars execution fills against. */
  fillTimeframes: Map<string, string>;
  /** Symbols in priority order. */
  symbols: string[];
  /** Timeframes in priority order (finest first unless the config orders them). */
  timeframes: string[];
}

/** A data block that selects nothing, or names what the dataset lacks. */
export class DataSelectionError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'DataSelectionError';
    this.path = path;
  }
}

const DAY = 86_400_000;

function parseDate(text: string, path: string, endOfDay: boolean): number {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new DataSelectionError(path, `'${text}' is not a date; write an ISO date like 2004-01-31.`);
  // A bare date as `end` includes that whole day.
  return endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? t + DAY - 1 : t;
}

function tfMs(tf: string): number {
  try {
    return parseTimeframe(tf).ms;
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

export function buildBarStream(data: DataConfig | undefined, dataset: Dataset): BarStream {
  let series: BarSeries[] = dataset.series.filter((s) => s.bars.length > 0);
  if (series.length === 0) throw new DataSelectionError('data', `dataset '${dataset.id}' holds no bars.`);

  const available = [...new Set(series.map((s) => s.symbol))];
  let symbols = available;
  if (data?.symbols !== undefined && data.symbols.length > 0) {
    const missing = data.symbols.filter((s) => !available.includes(s));
    if (missing.length > 0) {
      throw new DataSelectionError(
        'data.symbols',
        `${missing.map((m) => `'${m}'`).join(', ')} not in dataset '${dataset.id}' (it has ${available.join(', ')}).`,
      );
    }
    symbols = [...new Set(data.symbols)];
    series = series.filter((s) => symbols.includes(s.symbol));
  }

  // Timeframes filter only when the dataset has some of them: a CSV given on the command
  // line runs on its own timeframe rather than on nothing.
  let timeframes = [...new Set(series.map((s) => s.timeframe))].sort((a, b) => tfMs(a) - tfMs(b));
  if (data?.timeframes !== undefined && data.timeframes.length > 0) {
    const wanted = data.timeframes.filter((t) => timeframes.includes(t));
    if (wanted.length > 0) {
      timeframes = [...new Set(wanted)];
      series = series.filter((s) => timeframes.includes(s.timeframe));
    }
  }

  const from = data?.start !== undefined ? parseDate(data.start, 'data.start', false) : Number.NEGATIVE_INFINITY;
  const to = data?.end !== undefined ? parseDate(data.end, 'data.end', true) : Number.POSITIVE_INFINITY;
  if (from > to) throw new DataSelectionError('data.start', `start ${data?.start} is after end ${data?.end}.`);

  const symbolRank = new Map(symbols.map((s, i) => [s, i]));
  const tfRank = new Map(timeframes.map((t, i) => [t, i]));
  const sorted = series
    .map((s) => ({ s, rank: symbolRank.get(s.symbol)! * 1024 + tfRank.get(s.timeframe)! }))
    .sort((a, b) => a.rank - b.rank);
  const ordered = sorted.map((x) => (Number.isFinite(from) || Number.isFinite(to) ? x.s.bars.filter((b) => b.timestamp >= from && b.timestamp <= to) : x.s.bars));
  const lengths = sorted.map((x) => (timeframes.length > 1 ? tfMs(x.s.timeframe) : 0));

  // One series: its own array (the engine only reads it), no copy per run.
  const bars = ordered.length === 1 ? ordered[0] : mergeOrdered(ordered, lengths);
  if (bars.length === 0) {
    throw new DataSelectionError('data.start', `no bars between ${data?.start ?? 'the start'} and ${data?.end ?? 'the end'} in dataset '${dataset.id}'.`);
  }
  let closeTimes: Float64Array | undefined;
  if (timeframes.length > 1) {
    const tfLength = new Map(timeframes.map((t) => [t, tfMs(t)]));
    closeTimes = new Float64Array(bars.length);
    for (let i = 0; i < bars.length; i++) closeTimes[i] = bars[i].timestamp + tfLength.get(bars[i].timeframe)!;
  }
  const fillTimeframes = new Map<string, string>();
  for (const s of series) {
    const current = fillTimeframes.get(s.symbol);
    if (current === undefined || tfMs(s.timeframe) < tfMs(current)) fillTimeframes.set(s.symbol, s.timeframe);
  }
  return { bars, closeTimes, fillTimeframes, symbols: symbols.filter((s) => series.some((x) => x.symbol === s)), timeframes };
}

/** k-way merge by close time (timestamp + length) of series in priority order: ties go to the earlier series. */
function mergeOrdered(lists: Bar[][], lengths: readonly number[]): Bar[] {
  const total = lists.reduce((n, l) => n + l.length, 0);
  const out = new Array<Bar>(total);
  const heads = new Array<number>(lists.length).fill(0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    let bestTs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < lists.length; i++) {
      const h = heads[i];
      if (h < lists[i].length && lists[i][h].timestamp + lengths[i] < bestTs) {
        bestTs = lists[i][h].timestamp + lengths[i];
        best = i;
      }
    }
    out[k] = lists[best][heads[best]++];
  }
  return out;
}
