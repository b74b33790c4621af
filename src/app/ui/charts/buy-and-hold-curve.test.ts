import { describe, expect, it } from 'vitest';
import { buyAndHoldCurve } from './buy-and-hold-curve';

describe('buyAndHoldCurve', () => {
  it('holds the capital in one symbol from the first mark', () => {
    const s = { time: [0, 1, 2, 3], close: [100, 110, 90, 120] };
    expect(buyAndHoldCurve([s], 1000, [1, 2, 3])).toEqual([
      [1, 1000],
      [2, (1000 * 90) / 110],
      [3, (1000 * 120) / 110],
    ]);
  });

  it('splits the capital equally and carries a symbol without a bar at that time', () => {
    const a = { time: [0, 1, 2], close: [10, 20, 30] };
    const b = { time: [0, 2], close: [50, 25] };
    const curve = buyAndHoldCurve([a, b], 1000, [0, 1, 2]);
    expect(curve[0]).toEqual([0, 1000]);
    // a doubled, b has no bar at 1: still 50.
    expect(curve[1]).toEqual([1, 500 * 2 + 500]);
    expect(curve[2]).toEqual([2, 500 * 3 + 250]);
  });

  it('ends at initial × (1 + buy-and-hold return)', () => {
    const s = { time: [0, 1, 2], close: [40, 44, 50] };
    const curve = buyAndHoldCurve([s], 100_000, [0, 1, 2]);
    expect(curve.at(-1)![1]).toBeCloseTo(100_000 * (50 / 40));
  });

  it('is empty without marks or data', () => {
    expect(buyAndHoldCurve([], 1000, [1])).toEqual([]);
    expect(buyAndHoldCurve([{ time: [0], close: [1] }], 1000, [])).toEqual([]);
  });
});
