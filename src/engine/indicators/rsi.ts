// Relative Strength Index with Wilder's smoothing: the first average gain/loss is
// the simple mean of the first `period` changes, then avg = (avg·(period−1) + x)/period.
// It needs period + 1 values. A window with neither gains nor losses reads 50.
import { checkPeriod, type StreamingIndicator } from './streaming-indicator';

export class Rsi implements StreamingIndicator {
  private prev = 0;
  private seen = 0;
  private avgGain = 0;
  private avgLoss = 0;
  value: number | undefined = undefined;

  constructor(readonly period: number = 14) {
    checkPeriod('Rsi', period);
  }

  get isReady(): boolean {
    return this.seen > this.period;
  }

  update(x: number): number | undefined {
    const p = this.period;
    if (this.seen === 0) {
      this.seen = 1;
      this.prev = x;
      return undefined;
    }
    const change = x - this.prev;
    this.prev = x;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (this.seen <= p) {
      // Still collecting the first `period` changes: plain sums, averaged at the end.
      this.avgGain += gain;
      this.avgLoss += loss;
      this.seen++;
      if (this.seen <= p) return undefined;
      this.avgGain /= p;
      this.avgLoss /= p;
    } else {
      this.avgGain = (this.avgGain * (p - 1) + gain) / p;
      this.avgLoss = (this.avgLoss * (p - 1) + loss) / p;
    }
    if (this.avgLoss === 0) this.value = this.avgGain === 0 ? 50 : 100;
    else this.value = 100 - 100 / (1 + this.avgGain / this.avgLoss);
    return this.value;
  }

  reset(): void {
    this.prev = 0;
    this.seen = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.value = undefined;
  }
}
