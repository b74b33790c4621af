// Growing columns for bars read one at a time (CSV rows, generated minutes): six
// Float64Arrays grown by 1.5× (less slack than doubling, so a streaming import stays
// within a few times the file size), cut to the exact length when finished.
import type { BarSeries } from '../bar';

const GROWTH = 1.5;
/** Capacity up to this multiple of the length is kept (views) rather than copied away. */
const MAX_SLACK = 1.1;

export class BarColumnsBuilder {
  length = 0;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;

  /** `capacity`: expected bars (a hint; grows past it). */
  constructor(capacity = 1024) {
    const n = Math.max(16, Math.floor(capacity));
    this.time = new Float64Array(n);
    this.open = new Float64Array(n);
    this.high = new Float64Array(n);
    this.low = new Float64Array(n);
    this.close = new Float64Array(n);
    this.volume = new Float64Array(n);
  }

  push(time: number, open: number, high: number, low: number, close: number, volume: number): void {
    const i = this.length;
    if (i === this.time.length) this.grow(Math.ceil(i * GROWTH) + 16);
    this.time[i] = time;
    this.open[i] = open;
    this.high[i] = high;
    this.low[i] = low;
    this.close[i] = close;
    this.volume[i] = volume;
    this.length = i + 1;
  }

  /**
   * The series with exact-length columns: views on the same buffers when at most 10 % of them
   * is slack (a streaming import sized from the file: no second copy at its peak), else a
   * trimmed copy, so a bar held never costs more than 48 × 1.1 bytes.
   */
  finish(symbol: string, timeframe: string): BarSeries {
    const n = this.length;
    const fit = (a: Float64Array): Float64Array => (a.length === n ? a : a.length <= n * MAX_SLACK ? a.subarray(0, n) : a.slice(0, n));
    const series: BarSeries = {
      symbol,
      timeframe,
      time: fit(this.time),
      open: fit(this.open),
      high: fit(this.high),
      low: fit(this.low),
      close: fit(this.close),
      volume: fit(this.volume),
    };
    // Release the oversized buffers now rather than when the builder goes.
    this.time = this.open = this.high = this.low = this.close = this.volume = new Float64Array(0);
    this.length = 0;
    return series;
  }

  /** Bytes held by the columns (capacity, not length). */
  get byteLength(): number {
    return this.time.byteLength * 6;
  }

  private grow(capacity: number): void {
    const grown = (a: Float64Array): Float64Array => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.time = grown(this.time);
    this.open = grown(this.open);
    this.high = grown(this.high);
    this.low = grown(this.low);
    this.close = grown(this.close);
    this.volume = grown(this.volume);
  }
}
