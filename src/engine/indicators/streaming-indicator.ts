// The shape every streaming indicator shares: fed one value per bar in O(1), it
// answers undefined until its window is full, so strategies never act on a
// half-warmed value.

export interface StreamingIndicator {
  /** Feeds the next value (finite) and returns the indicator's value, or undefined while warming up. */
  update(value: number): number | undefined;
  /** The last value returned by update. */
  readonly value: number | undefined;
  /** True once enough values were seen for `value` to be defined. */
  readonly isReady: boolean;
  /** Forgets everything, as if newly constructed (no reallocation). */
  reset(): void;
}

/** Throws a RangeError unless `period` is an integer ≥ min — indicator periods are programmer input, checked once. */
export function checkPeriod(name: string, period: number, min = 1): void {
  if (!Number.isInteger(period) || period < min) throw new RangeError(`${name} period must be an integer ≥ ${min}, got ${period}.`);
}
