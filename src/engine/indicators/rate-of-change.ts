// Rate of change (momentum) as a fraction: x_t / x_{t−period} − 1 (0.05 = +5 %),
// from a ring buffer of the last period + 1 values. A zero past value gives NaN.
import { checkPeriod, type StreamingIndicator } from './streaming-indicator';

export class RateOfChange implements StreamingIndicator {
  private readonly buf: Float64Array;
  private count = 0;
  private index = 0;
  value: number | undefined = undefined;

  constructor(readonly period: number) {
    checkPeriod('RateOfChange', period);
    this.buf = new Float64Array(period + 1);
  }

  get isReady(): boolean {
    return this.count > this.period;
  }

  update(x: number): number | undefined {
    const cap = this.period + 1;
    this.buf[this.index] = x;
    this.index = this.index + 1 === cap ? 0 : this.index + 1;
    if (this.count < cap) this.count++;
    if (this.count < cap) return undefined;
    // After the write, `index` points at the oldest value: x_{t−period}.
    const past = this.buf[this.index]!;
    this.value = past === 0 ? NaN : x / past - 1;
    return this.value;
  }

  reset(): void {
    this.buf.fill(0);
    this.count = 0;
    this.index = 0;
    this.value = undefined;
  }
}
