// Highest value of the last `period` values (Donchian upper channel), O(1) amortized.
import { MonotonicWindow } from './monotonic-window';

export class RollingMax extends MonotonicWindow {
  constructor(period: number) {
    super(period, true);
  }
}
