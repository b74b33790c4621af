import { describe, expect, it } from 'vitest';
import { Rsi } from './rsi';

// The 14-period example of Wilder's RSI worked in StockCharts' ChartSchool article
// "Relative Strength Index (RSI)" (the closes of its spreadsheet, 4 decimals, and the RSI values it publishes, 2 decimals).
const CLOSES = [
  44.3389, 44.0902, 44.1497, 43.6124, 44.2778, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328, 45.614, 46.282, 46.282, 46.0028, 46.0328,
  46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515, 45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
];
const PUBLISHED = [70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.3, 33.08, 37.77];

/** Wilder's RSI recomputed from scratch over the whole prefix (no streaming state). */
function naiveRsi(xs: readonly number[], end: number, p: number): number {
  let g = 0;
  let l = 0;
  for (let i = 1; i <= p; i++) {
    const c = xs[i]! - xs[i - 1]!;
    g += Math.max(c, 0);
    l += Math.max(-c, 0);
  }
  g /= p;
  l /= p;
  for (let i = p + 1; i <= end; i++) {
    const c = xs[i]! - xs[i - 1]!;
    g = (g * (p - 1) + Math.max(c, 0)) / p;
    l = (l * (p - 1) + Math.max(-c, 0)) / p;
  }
  return l === 0 ? 100 : 100 - 100 / (1 + g / l);
}

describe('Rsi', () => {
  it("reproduces the published 14-period values of the classic example (Wilder's smoothing)", () => {
    const rsi = new Rsi(14);
    const out = CLOSES.map((x) => rsi.update(x));
    expect(out.slice(0, 14)).toEqual(Array(14).fill(undefined));
    const got = out.slice(14) as number[];
    expect(got).toHaveLength(PUBLISHED.length);
    got.forEach((v, i) => expect(Math.abs(v - PUBLISHED[i]!)).toBeLessThanOrEqual(0.005 + 1e-9));
  });

  it('matches a from-scratch recomputation at every bar', () => {
    const xs = Array.from({ length: 200 }, (_, i) => 100 + 8 * Math.sin(i / 5) + 3 * Math.cos(i / 2.3));
    const rsi = new Rsi(9);
    xs.forEach((x, i) => {
      const v = rsi.update(x);
      if (i < 9) expect(v).toBeUndefined();
      else expect(v).toBeCloseTo(naiveRsi(xs, i, 9), 9);
    });
  });

  it('is 100 on only gains and 50 on a flat series', () => {
    const up = new Rsi(3);
    [1, 2, 3, 4, 5].forEach((x) => up.update(x));
    expect(up.value).toBe(100);
    const flat = new Rsi(3);
    [1, 1, 1, 1].forEach((x) => flat.update(x));
    expect(flat.value).toBe(50);
  });
});
