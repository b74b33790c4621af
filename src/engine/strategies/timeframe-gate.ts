// Lets a strategy act on one timeframe per symbol when the data holds several:
// a fixed timeframe, or the first one seen. Per bar it is one string comparison.
import type { Bar } from '../bar';

export class TimeframeGate {
  private chosen: string | undefined;

  /** @param timeframe '' = lock onto the first timeframe seen. */
  constructor(timeframe: string) {
    this.chosen = timeframe === '' ? undefined : timeframe;
  }

  /** True when `bar` belongs to the traded timeframe. */
  accepts(bar: Bar): boolean {
    if (this.chosen === undefined) {
      this.chosen = bar.timeframe;
      return true;
    }
    return bar.timeframe === this.chosen;
  }
}
