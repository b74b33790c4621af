// Bollinger Bands: middle = SMA(period), upper/lower = middle ± numStd · σ with the
// population σ of the same window (Bollinger's own definition), plus %b and
// bandwidth. One RollingStdDev supplies both mean and σ, so it is O(1) per value.
import { RollingStdDev } from './rolling-std-dev';
import type { StreamingIndicator } from './streaming-indicator';

export class BollingerBands implements StreamingIndicator {
  private readonly sd: RollingStdDev;
  /** Middle band (the SMA); also what update returns. */
  value: number | undefined = undefined;
  upper: number | undefined = undefined;
  lower: number | undefined = undefined;
  /** (x − lower) / (upper − lower): 0 at the lower band, 1 at the upper; 0.5 when the bands collapse (σ = 0). */
  percentB: number | undefined = undefined;
  /** (upper − lower) / middle. */
  bandwidth: number | undefined = undefined;

  constructor(
    readonly period: number = 20,
    readonly numStd: number = 2,
  ) {
    if (!(numStd > 0) || !Number.isFinite(numStd)) throw new RangeError(`BollingerBands numStd must be a positive number, got ${numStd}.`);
    this.sd = new RollingStdDev(period, 0);
  }

  get isReady(): boolean {
    return this.sd.isReady;
  }

  get middle(): number | undefined {
    return this.value;
  }

  update(x: number): number | undefined {
    const s = this.sd.update(x);
    if (s === undefined) return undefined;
    const mid = this.sd.mean!;
    const up = mid + this.numStd * s;
    const lo = mid - this.numStd * s;
    this.value = mid;
    this.upper = up;
    this.lower = lo;
    this.percentB = up === lo ? 0.5 : (x - lo) / (up - lo);
    this.bandwidth = mid === 0 ? undefined : (up - lo) / mid;
    return mid;
  }

  reset(): void {
    this.sd.reset();
    this.value = this.upper = this.lower = this.percentB = this.bandwidth = undefined;
  }
}
