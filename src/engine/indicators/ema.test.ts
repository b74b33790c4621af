import { describe, expect, it } from 'vitest';
import { Ema } from './ema';

describe('Ema', () => {
  it('seeds with the SMA of the first period values, then smooths with α = 2/(period+1)', () => {
    const ema = new Ema(3); // α = 0.5
    const out = [2, 4, 6, 8, 4].map((x) => ema.update(x));
    // seed = (2+4+6)/3 = 4; then 4 + 0.5·(8−4) = 6; then 6 + 0.5·(4−6) = 5
    expect(out).toEqual([undefined, undefined, 4, 6, 5]);
  });

  it('matches the recursive definition computed independently', () => {
    const xs = Array.from({ length: 300 }, (_, i) => 100 + 10 * Math.sin(i / 7) + (i % 5));
    const period = 10;
    const alpha = 2 / 11;
    let ref = xs.slice(0, period).reduce((a, b) => a + b, 0) / period;
    const ema = new Ema(period);
    xs.forEach((x, i) => {
      const v = ema.update(x);
      if (i < period - 1) expect(v).toBeUndefined();
      else {
        if (i >= period) ref = alpha * x + (1 - alpha) * ref;
        expect(v).toBeCloseTo(ref, 10);
      }
    });
    expect(ema.isReady).toBe(true);
  });
});
