import { describe, expect, it } from 'vitest';
import { RateOfChange } from './rate-of-change';

describe('RateOfChange', () => {
  it('is x_t / x_{t−period} − 1 once period + 1 values are in', () => {
    const roc = new RateOfChange(2);
    const out = [100, 110, 121, 99, 132].map((x) => roc.update(x));
    // 121/100 − 1 = 0.21; 99/110 − 1 = −0.1; 132/121 − 1
    expect(out[0]).toBeUndefined();
    expect(out[1]).toBeUndefined();
    expect(out[2]).toBeCloseTo(0.21, 12);
    expect(out[3]).toBeCloseTo(-0.1, 12);
    expect(out[4]).toBeCloseTo(132 / 121 - 1, 12);
  });

  it('matches the definition over a long series', () => {
    const xs = Array.from({ length: 500 }, (_, i) => 50 + 10 * Math.sin(i / 9));
    const roc = new RateOfChange(20);
    xs.forEach((x, i) => {
      const v = roc.update(x);
      if (i < 20) expect(v).toBeUndefined();
      else expect(v).toBeCloseTo(x / xs[i - 20]! - 1, 12);
    });
    expect(roc.isReady).toBe(true);
  });
});
