// Exponential moving average, α = 2 / (period + 1), seeded with the SMA of the
// first `period` values (as TradingView's ta.ema and most textbooks), so its
// first value is defined at the same bar as the SMA's.
import { checkPeriod, type StreamingIndicator } from './streaming-indicator';

export class Ema implements StreamingIndicator {
  readonly alpha: number;
  private count = 0;
  private seedSum = 0;
  value: number | undefined = undefined;

  constructor(readonly period: number) {
    checkPeriod('Ema', period);
    this.alpha = 2 / (period + 1);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number | undefined {
    if (this.count < this.period) {
      this.count++;
      this.seedSum += x;
      if (this.count === this.period) this.value = this.seedSum / this.period;
      return this.value;
    }
    this.value = this.value! + this.alpha * (x - this.value!);
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.value = undefined;
  }
}
