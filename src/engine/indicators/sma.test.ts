import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../data/seeded-random';
import { Sma } from './sma';

function naiveSma(xs: readonly number[], i: number, p: number): number | undefined {
  if (i + 1 < p) return undefined;
  let s = 0;
  for (let k = i - p + 1; k <= i; k++) s += xs[k]!;
  return s / p;
}

describe('Sma', () => {
  it('is undefined until warmed up, then the window mean (hand values)', () => {
    const sma = new Sma(3);
    expect([1, 2, 3, 4, 10].map((x) => sma.update(x))).toEqual([undefined, undefined, 2, 3, 17 / 3]);
    expect(sma.isReady).toBe(true);
    expect(sma.value).toBeCloseTo(17 / 3, 12);
  });

  it('matches a naive full-window recomputation over a long random walk', () => {
    const r = new SeededRandom(11);
    const xs: number[] = [];
    let p = 1000;
    for (let i = 0; i < 20_000; i++) xs.push((p *= Math.exp(0.01 * r.nextNormal())));
    const sma = new Sma(50);
    xs.forEach((x, i) => {
      const v = sma.update(x);
      const want = naiveSma(xs, i, 50);
      if (want === undefined) expect(v).toBeUndefined();
      else expect(Math.abs(v! - want)).toBeLessThan(1e-9 * want);
    });
  });

  it('does not drift on large values with tiny changes', () => {
    const sma = new Sma(7);
    const xs = Array.from({ length: 100_000 }, (_, i) => 1e9 + ((i * 7919) % 13) * 1e-3);
    xs.forEach((x) => sma.update(x));
    expect(Math.abs(sma.value! - naiveSma(xs, xs.length - 1, 7)!)).toBeLessThan(1e-6);
  });

  it('resets and rejects bad periods', () => {
    const sma = new Sma(2);
    sma.update(5);
    sma.update(7);
    sma.reset();
    expect(sma.isReady).toBe(false);
    expect(sma.update(1)).toBeUndefined();
    expect(sma.update(3)).toBe(2);
    expect(() => new Sma(0)).toThrow(/integer ≥ 1/);
    expect(() => new Sma(2.5)).toThrow(RangeError);
  });
});
