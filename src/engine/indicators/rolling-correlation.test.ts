import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../data/seeded-random';
import { RollingCorrelation } from './rolling-correlation';

function naive(xs: readonly number[], ys: readonly number[]) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  return { mx, my, beta: sxy / sxx, corr: sxy / Math.sqrt(sxx * syy) };
}

describe('RollingCorrelation', () => {
  it('gives β and ρ of an exact line, and alpha as the intercept', () => {
    const rc = new RollingCorrelation(4);
    [1, 2, 3, 4].forEach((x) => rc.update(x, 3 + 2 * x));
    expect(rc.beta).toBeCloseTo(2, 12);
    expect(rc.alpha).toBeCloseTo(3, 12);
    expect(rc.correlation).toBeCloseTo(1, 12);
    // The residual of an exact fit is flat: z = 0.
    expect(rc.spreadZScore(4, 11, rc.beta!)).toBe(0);
  });

  it('matches naive window statistics on log prices over many bars', () => {
    const r = new SeededRandom(4);
    let a = Math.log(100);
    let b = Math.log(50);
    const xs: number[] = [];
    const ys: number[] = [];
    const rc = new RollingCorrelation(30);
    for (let i = 0; i < 5000; i++) {
      const common = r.nextNormal();
      b += 0.01 * common;
      a += 0.012 * common + 0.005 * r.nextNormal();
      xs.push(b);
      ys.push(a);
      const c = rc.update(b, a);
      if (i < 29) {
        expect(c).toBeUndefined();
        continue;
      }
      const w = naive(xs.slice(i - 29), ys.slice(i - 29));
      expect(c).toBeCloseTo(w.corr, 8);
      expect(rc.beta).toBeCloseTo(w.beta, 7);
      expect(rc.meanX).toBeCloseTo(w.mx, 10);
      // Spread z-score with the window's own β against the naive residuals.
      const res = xs.slice(i - 29).map((x, k) => ys[i - 29 + k]! - w.beta * x);
      const rm = res.reduce((s, v) => s + v, 0) / 30;
      const rs = Math.sqrt(res.reduce((s, v) => s + (v - rm) ** 2, 0) / 30);
      expect(rc.spreadZScore(b, a, rc.beta!)).toBeCloseTo((res.at(-1)! - rm) / rs, 5);
    }
  });

  it('stays accurate when raw values wander far from where they started', () => {
    const r = new SeededRandom(6);
    const rc = new RollingCorrelation(20);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const x = 100 + i * 5 + r.nextNormal(); // ends near 1e6, window spread ~ ±50
      const y = 2 * x + 3 * r.nextNormal();
      xs.push(x);
      ys.push(y);
      rc.update(x, y);
    }
    const w = naive(xs.slice(-20), ys.slice(-20));
    expect(rc.beta).toBeCloseTo(w.beta, 8);
    expect(rc.correlation).toBeCloseTo(w.corr, 10);
    expect(rc.meanY).toBeCloseTo(w.my, 6);
  });

  it('is undefined while warming up or when x is flat', () => {
    const rc = new RollingCorrelation(3);
    expect(rc.update(1, 1)).toBeUndefined();
    rc.update(1, 2);
    expect(rc.update(1, 3)).toBeUndefined();
    expect(rc.beta).toBeUndefined();
    expect(() => new RollingCorrelation(1)).toThrow(/≥ 2/);
  });
});
