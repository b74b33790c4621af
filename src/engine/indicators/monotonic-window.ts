// Sliding-window extreme by a monotonic deque kept in preallocated ring buffers:
// every value is pushed and popped at most once, so max/min over the last `period`
// values costs O(1) amortized per update with no allocation (Donchian channels).
import { checkPeriod, type StreamingIndicator } from './streaming-indicator';

export class MonotonicWindow implements StreamingIndicator {
  private readonly values: Float64Array;
  private readonly positions: Float64Array;
  private head = 0;
  private size = 0;
  private seen = 0;
  value: number | undefined = undefined;

  /** @param keepMax true: rolling maximum; false: rolling minimum. */
  constructor(
    readonly period: number,
    private readonly keepMax: boolean,
  ) {
    checkPeriod(keepMax ? 'RollingMax' : 'RollingMin', period);
    this.values = new Float64Array(period);
    this.positions = new Float64Array(period);
  }

  get isReady(): boolean {
    return this.seen >= this.period;
  }

  update(x: number): number | undefined {
    const cap = this.period;
    const pos = this.seen++;
    // Drop from the back every value the new one dominates (it outlives them).
    while (this.size > 0) {
      const back = (this.head + this.size - 1) % cap;
      const v = this.values[back]!;
      if (this.keepMax ? v <= x : v >= x) this.size--;
      else break;
    }
    // Drop from the front what fell out of the window.
    if (this.size > 0 && this.positions[this.head]! <= pos - cap) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.size--;
    }
    const slot = (this.head + this.size) % cap;
    this.values[slot] = x;
    this.positions[slot] = pos;
    this.size++;
    this.value = this.seen >= cap ? this.values[this.head]! : undefined;
    return this.value;
  }

  reset(): void {
    this.head = 0;
    this.size = 0;
    this.seen = 0;
    this.value = undefined;
  }
}
