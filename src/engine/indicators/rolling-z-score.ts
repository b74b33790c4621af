// z-score of the latest value against its own rolling window (the window includes
// it): (x − mean) / σ with population σ; 0 when the window is flat (σ = 0).
import { RollingStdDev } from './rolling-std-dev';
import type { StreamingIndicator } from './streaming-indicator';

export class RollingZScore implements StreamingIndicator {
  private readonly sd: RollingStdDev;
  value: number | undefined = undefined;

  constructor(readonly period: number) {
    this.sd = new RollingStdDev(period, 0);
  }

  get isReady(): boolean {
    return this.sd.isReady;
  }

  update(x: number): number | undefined {
    const s = this.sd.update(x);
    if (s === undefined) return undefined;
    this.value = s === 0 ? 0 : (x - this.sd.mean!) / s;
    return this.value;
  }

  reset(): void {
    this.sd.reset();
    this.value = undefined;
  }
}
