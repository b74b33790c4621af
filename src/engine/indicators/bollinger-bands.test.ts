import { describe, expect, it } from 'vitest';
import { BollingerBands } from './bollinger-bands';

describe('BollingerBands', () => {
  it('gives middle ± k·σ (population), %b and bandwidth (hand values)', () => {
    const bb = new BollingerBands(8, 2);
    let mid: number | undefined;
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) mid = bb.update(x);
    // mean 5, σ 2 ⇒ bands 1 and 9; last close 9 sits on the upper band.
    expect(mid).toBe(5);
    expect(bb.middle).toBe(5);
    expect(bb.upper).toBeCloseTo(9, 12);
    expect(bb.lower).toBeCloseTo(1, 12);
    expect(bb.percentB).toBeCloseTo(1, 12);
    expect(bb.bandwidth).toBeCloseTo(8 / 5, 12);
  });

  it('matches a naive window computation on every bar', () => {
    const xs = Array.from({ length: 400 }, (_, i) => 20 + Math.sin(i / 3) * 2 + (i % 7) * 0.1);
    const bb = new BollingerBands(20, 2.5);
    xs.forEach((x, i) => {
      const mid = bb.update(x);
      if (i < 19) {
        expect(mid).toBeUndefined();
        return;
      }
      const w = xs.slice(i - 19, i + 1);
      const m = w.reduce((a, b) => a + b, 0) / 20;
      const s = Math.sqrt(w.reduce((a, b) => a + (b - m) ** 2, 0) / 20);
      expect(mid).toBeCloseTo(m, 10);
      expect(bb.upper).toBeCloseTo(m + 2.5 * s, 10);
      expect(bb.lower).toBeCloseTo(m - 2.5 * s, 10);
      expect(bb.percentB).toBeCloseTo((x - (m - 2.5 * s)) / (5 * s), 8);
    });
  });

  it('reads %b 0.5 when the bands collapse, and rejects a bad numStd', () => {
    const bb = new BollingerBands(3, 2);
    [5, 5, 5].forEach((x) => bb.update(x));
    expect(bb.percentB).toBe(0.5);
    expect(() => new BollingerBands(20, 0)).toThrow(/numStd/);
  });
});
