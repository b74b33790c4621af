import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../data/seeded-random';
import { RollingMax } from './rolling-max';
import { RollingMin } from './rolling-min';

describe('RollingMax / RollingMin', () => {
  it('track the window extremes (hand values)', () => {
    const max = new RollingMax(3);
    const min = new RollingMin(3);
    const xs = [5, 1, 4, 2, 3, 3, 0, 6];
    // windows: [5,1,4] [1,4,2] [4,2,3] [2,3,3] [3,3,0] [3,0,6]
    expect(xs.map((x) => max.update(x))).toEqual([undefined, undefined, 5, 4, 4, 3, 3, 6]);
    expect(xs.map((x) => min.update(x))).toEqual([undefined, undefined, 1, 1, 2, 2, 0, 0]);
  });

  it('match a naive window scan on random data with ties, for several periods', () => {
    const r = new SeededRandom(21);
    const xs = Array.from({ length: 3000 }, () => Math.floor(r.next() * 20));
    for (const p of [1, 2, 5, 17, 64]) {
      const max = new RollingMax(p);
      const min = new RollingMin(p);
      xs.forEach((x, i) => {
        const hi = max.update(x);
        const lo = min.update(x);
        if (i + 1 < p) {
          expect(hi).toBeUndefined();
          expect(lo).toBeUndefined();
        } else {
          const w = xs.slice(i - p + 1, i + 1);
          expect(hi).toBe(Math.max(...w));
          expect(lo).toBe(Math.min(...w));
        }
      });
    }
  });

  it('handle a strictly decreasing then increasing run (deque fills completely)', () => {
    const max = new RollingMax(4);
    const xs = [9, 8, 7, 6, 5, 4, 10, 11];
    expect(xs.map((x) => max.update(x))).toEqual([undefined, undefined, undefined, 9, 8, 7, 10, 11]);
    max.reset();
    expect(max.isReady).toBe(false);
  });
});
