// Simple moving average over a ring buffer with a running sum; the sum is rebuilt
// from the buffer once per `period` updates so floating-point drift cannot
// accumulate over millions of bars (O(1) amortized, no allocation after construction).
import { checkPeriod, type StreamingIndicator } from './streaming-indicator';

export class Sma implements StreamingIndicator {
  private readonly buf: Float64Array;
  private sum = 0;
  private count = 0;
  private index = 0;
  private sinceResum = 0;
  value: number | undefined = undefined;

  constructor(readonly period: number) {
    checkPeriod('Sma', period);
    this.buf = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(x: number): number | undefined {
    const p = this.period;
    if (this.count < p) {
      this.count++;
      this.sum += x;
    } else {
      this.sum += x - this.buf[this.index]!;
    }
    this.buf[this.index] = x;
    this.index = this.index + 1 === p ? 0 : this.index + 1;
    if (++this.sinceResum >= p && this.count >= p) {
      this.sinceResum = 0;
      let s = 0;
      for (let i = 0; i < p; i++) s += this.buf[i]!;
      this.sum = s;
    }
    this.value = this.count >= p ? this.sum / p : undefined;
    return this.value;
  }

  reset(): void {
    this.buf.fill(0);
    this.sum = 0;
    this.count = 0;
    this.index = 0;
    this.sinceResum = 0;
    this.value = undefined;
  }
}
