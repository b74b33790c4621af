import { describe, expect, it } from 'vitest';
import { RollingZScore } from './rolling-z-score';

describe('RollingZScore', () => {
  it('is (x − mean)/σ of the window that includes x', () => {
    const z = new RollingZScore(8);
    let v: number | undefined;
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) v = z.update(x);
    expect(v).toBeCloseTo((9 - 5) / 2, 12); // mean 5, σ 2
    expect(z.update(5)).toBeCloseTo((5 - 43 / 8) / Math.sqrt([4, 4, 4, 5, 5, 7, 9, 5].reduce((a, b) => a + (b - 43 / 8) ** 2, 0) / 8), 12);
  });

  it('is 0 on a flat window', () => {
    const z = new RollingZScore(3);
    [1, 1, 1].forEach((x) => z.update(x));
    expect(z.value).toBe(0);
  });
});
