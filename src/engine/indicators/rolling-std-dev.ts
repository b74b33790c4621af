// Rolling standard deviation by Welford's update with removal: adding the new value
// and removing the oldest keeps (mean, M2) exact up to rounding without the
// catastrophic cancellation of Σx² − (Σx)²/n on large prices; a two-pass recompute
// from the ring buffer once per `period` updates bounds any residual drift.
import { checkPeriod, type StreamingIndicator } from './streaming-indicator';

export class RollingStdDev implements StreamingIndicator {
  private readonly buf: Float64Array;
  private count = 0;
  private index = 0;
  private sinceRecompute = 0;
  private m = 0;
  private m2 = 0;
  value: number | undefined = undefined;

  /**
   * @param period window length
   * @param ddof delta degrees of freedom: 0 = population (Bollinger's convention, default), 1 = sample
   */
  constructor(
    readonly period: number,
    readonly ddof: 0 | 1 = 0,
  ) {
    checkPeriod('RollingStdDev', period, ddof + 1);
    this.buf = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  /** Mean of the current window (defined once ready). */
  get mean(): number | undefined {
    return this.count >= this.period ? this.m : undefined;
  }

  /** Variance of the current window (defined once ready). */
  get variance(): number | undefined {
    return this.count >= this.period ? Math.max(0, this.m2) / (this.period - this.ddof) : undefined;
  }

  update(x: number): number | undefined {
    const p = this.period;
    if (this.count < p) {
      this.count++;
      const d = x - this.m;
      this.m += d / this.count;
      this.m2 += d * (x - this.m);
    } else {
      const old = this.buf[this.index]!;
      const oldMean = this.m;
      this.m = oldMean + (x - old) / p;
      this.m2 += (x - old) * (x - this.m + old - oldMean);
    }
    this.buf[this.index] = x;
    this.index = this.index + 1 === p ? 0 : this.index + 1;
    if (++this.sinceRecompute >= p && this.count >= p) {
      this.sinceRecompute = 0;
      this.recompute();
    }
    this.value = this.count >= p ? Math.sqrt(Math.max(0, this.m2) / (p - this.ddof)) : undefined;
    return this.value;
  }

  private recompute(): void {
    const p = this.period;
    let s = 0;
    for (let i = 0; i < p; i++) s += this.buf[i]!;
    const mean = s / p;
    let m2 = 0;
    for (let i = 0; i < p; i++) {
      const d = this.buf[i]! - mean;
      m2 += d * d;
    }
    this.m = mean;
    this.m2 = m2;
  }

  reset(): void {
    this.buf.fill(0);
    this.count = 0;
    this.index = 0;
    this.sinceRecompute = 0;
    this.m = 0;
    this.m2 = 0;
    this.value = undefined;
  }
}
