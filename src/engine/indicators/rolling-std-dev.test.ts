import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../data/seeded-random';
import { RollingStdDev } from './rolling-std-dev';

function twoPass(xs: readonly number[], end: number, p: number, ddof: number): number {
  const w = xs.slice(end - p + 1, end + 1);
  const m = w.reduce((a, b) => a + b, 0) / p;
  return Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / (p - ddof));
}

describe('RollingStdDev', () => {
  it('gives the textbook population σ of 2,4,4,4,5,5,7,9 (= 2) and the sample σ', () => {
    const pop = new RollingStdDev(8);
    const sample = new RollingStdDev(8, 1);
    let v: number | undefined;
    let s: number | undefined;
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) {
      v = pop.update(x);
      s = sample.update(x);
    }
    expect(v).toBeCloseTo(2, 12);
    expect(pop.mean).toBe(5);
    expect(s).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('matches a two-pass recomputation on every bar of a random series', () => {
    const r = new SeededRandom(3);
    const xs = Array.from({ length: 5000 }, () => 50 + 5 * r.nextNormal());
    const sd = new RollingStdDev(20, 1);
    xs.forEach((x, i) => {
      const v = sd.update(x);
      if (i < 19) expect(v).toBeUndefined();
      else expect(v).toBeCloseTo(twoPass(xs, i, 20, 1), 9);
    });
  });

  it('stays accurate on huge offsets with tiny variance over a million updates', () => {
    // Σx² − (Σx)²/n would lose every digit here (1e18 vs variance 1e-4).
    const r = new SeededRandom(8);
    const sd = new RollingStdDev(30);
    const xs: number[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      const x = 1e9 + 0.01 * r.nextNormal();
      xs.push(x);
      sd.update(x);
    }
    const want = twoPass(xs, xs.length - 1, 30, 0);
    expect(Math.abs(sd.value! - want) / want).toBeLessThan(1e-4);
  });

  it('is 0 on a constant series', () => {
    const sd = new RollingStdDev(5);
    for (let i = 0; i < 50; i++) sd.update(42.42);
    expect(sd.value).toBe(0);
  });
});
