// Lowest value of the last `period` values (Donchian lower channel), O(1) amortized.
import { MonotonicWindow } from './monotonic-window';

export class RollingMin extends MonotonicWindow {
  constructor(period: number) {
    super(period, false);
  }
}
