// The run's bar stream: the dataset's columnar series selected by the config's data block
// (symbols, timeframes, start/end) merged — as index arrays, never copied bars — in the order of (bar close time,
// symbol order, timeframe order) — NautilusTrader's (ts, priority, seq) idea — so
// every run over the same data sees the same sequence of bars. With one timeframe the
// close-time order is the timestamp order.
import type { DataConfig } from '../core/config/studio-config';
import type { Bar, BarSeries, Dataset } from './bar';
import { sliceSeriesByTime } from './bar-series';
import { parseTimeframe } from './data/timeframe';

/**
 * The merged stream over columnar series: position k is row `rowOf[k]` of series
 * `series[seriesOf[k]]` (6 bytes per bar on top of the columns; nothing with one series,
 * where position k is row k). Bars are read by position; `barAt` builds the one object a
 * step publishes.
 */
export class BarStream {
  readonly length: number;
  /** The selected series (time-sliced views), in priority order. */
  readonly series: readonly BarSeries[];
  /** Stream position → index into `series`; undefined with one series. */
  readonly seriesOf: Uint16Array | undefined;
  /** Stream position → row of its series; undefined with one series (row = position). */
  readonly rowOf: Uint32Array | undefined;
  /**
   * Close time of each bar (timestamp + timeframe length): the merge order and the time
   * slices. A 5m bar stamped 09:30 closes at 09:35, so it comes after the 1m bars up to
   * 09:34, never beside the 09:30 one (its close would be a look-ahead). Undefined with one
   * timeframe, where the close-time order is the timestamp order.
   */
  readonly closeTimes: Float64Array | undefined;
  /** The finest timeframe of each symbol: the bars execution fills against. */
  readonly fillTimeframes: Map<string, string>;
  /** Symbols in priority order. */
  readonly symbols: string[];
  /** Timeframes in priority order (finest first unless the config orders them). */
  readonly timeframes: string[];

  constructor(parts: Omit<BarStream, 'length' | 'timeAt' | 'closeAt' | 'symbolAt' | 'timeframeAt' | 'seriesAt' | 'rowAt' | 'barAt'>) {
    this.series = parts.series;
    this.seriesOf = parts.seriesOf;
    this.rowOf = parts.rowOf;
    this.closeTimes = parts.closeTimes;
    this.fillTimeframes = parts.fillTimeframes;
    this.symbols = parts.symbols;
    this.timeframes = parts.timeframes;
    this.length = parts.rowOf !== undefined ? parts.rowOf.length : (parts.series[0]?.time.length ?? 0);
  }

  /** The series of stream position i. */
  seriesAt(i: number): BarSeries {
    return this.seriesOf === undefined ? this.series[0]! : this.series[this.seriesOf[i]!]!;
  }

  /** The row (in its series) of stream position i. */
  rowAt(i: number): number {
    return this.rowOf === undefined ? i : this.rowOf[i]!;
  }

  timeAt(i: number): number {
    return this.seriesAt(i).time[this.rowAt(i)]!;
  }

  closeAt(i: number): number {
    return this.seriesAt(i).close[this.rowAt(i)]!;
  }

  symbolAt(i: number): string {
    return this.seriesAt(i).symbol;
  }

  timeframeAt(i: number): string {
    return this.seriesAt(i).timeframe;
  }

  /** Bar at position i as a fresh object (the BAR event's payload). */
  barAt(i: number): Bar {
    const s = this.seriesAt(i);
    const r = this.rowAt(i);
    return { timestamp: s.time[r]!, symbol: s.symbol, timeframe: s.timeframe, open: s.open[r]!, high: s.high[r]!, low: s.low[r]!, close: s.close[r]!, volume: s.volume[r]! };
  }
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
  let series: BarSeries[] = dataset.series.filter((s) => s.time.length > 0);
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
  // Date bounds cut views on the same buffers: no copy per run.
  const bounded = Number.isFinite(from) || Number.isFinite(to);
  const ordered = sorted.map((x) => (bounded ? sliceSeriesByTime(x.s, from, to, true) : x.s)).filter((s) => s.time.length > 0);
  if (ordered.length === 0) {
    throw new DataSelectionError('data.start', `no bars between ${data?.start ?? 'the start'} and ${data?.end ?? 'the end'} in dataset '${dataset.id}'.`);
  }
  const lengths = ordered.map((s) => (timeframes.length > 1 ? tfMs(s.timeframe) : 0));

  // One series: its own columns, no index arrays.
  const merged = ordered.length === 1 ? undefined : mergeOrdered(ordered, lengths);
  let closeTimes: Float64Array | undefined;
  if (timeframes.length > 1) {
    const n = merged === undefined ? ordered[0]!.time.length : merged.rowOf.length;
    closeTimes = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const si = merged === undefined ? 0 : merged.seriesOf[k]!;
      const r = merged === undefined ? k : merged.rowOf[k]!;
      closeTimes[k] = ordered[si]!.time[r]! + lengths[si]!;
    }
  }
  const fillTimeframes = new Map<string, string>();
  for (const s of series) {
    const current = fillTimeframes.get(s.symbol);
    if (current === undefined || tfMs(s.timeframe) < tfMs(current)) fillTimeframes.set(s.symbol, s.timeframe);
  }
  return new BarStream({
    series: ordered,
    seriesOf: merged?.seriesOf,
    rowOf: merged?.rowOf,
    closeTimes,
    fillTimeframes,
    symbols: symbols.filter((s) => series.some((x) => x.symbol === s)),
    timeframes,
  });
}

/** k-way merge by close time (time + length) of series in priority order: ties go to the earlier series. */
function mergeOrdered(lists: readonly BarSeries[], lengths: readonly number[]): { seriesOf: Uint16Array; rowOf: Uint32Array } {
  let total = 0;
  for (const l of lists) total += l.time.length;
  const seriesOf = new Uint16Array(total);
  const rowOf = new Uint32Array(total);
  const heads = new Array<number>(lists.length).fill(0);
  for (let k = 0; k < total; k++) {
    let best = -1;
    let bestTs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < lists.length; i++) {
      const h = heads[i]!;
      const time = lists[i]!.time;
      if (h < time.length && time[h]! + lengths[i]! < bestTs) {
        bestTs = time[h]! + lengths[i]!;
        best = i;
      }
    }
    seriesOf[k] = best;
    rowOf[k] = heads[best]!++;
  }
  return { seriesOf, rowOf };
}
