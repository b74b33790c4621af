import { describe, expect, it } from 'vitest';
import type { Bar } from '../bar';
import { SeededRandom } from '../data/seeded-random';
import { pairsStrategy } from './pairs-strategy';
import { RecordingContext } from './recording-context';
import { TEST_DAY, TEST_T0 } from './test-bars';

function bar(symbol: string, i: number, close: number): Bar {
  return { timestamp: TEST_T0 + i * TEST_DAY, symbol, timeframe: '1d', open: close, high: close, low: close, close, volume: 1 };
}

/** A and B bars per time, A first (or B first), skipping times listed for each symbol. */
function pairBars(a: readonly number[], b: readonly number[], opts: { bFirst?: boolean; skipA?: number[]; skipB?: number[] } = {}): Bar[] {
  const out: Bar[] = [];
  for (let i = 0; i < a.length; i++) {
    const ba = opts.skipA?.includes(i) ? [] : [bar('A', i, a[i]!)];
    const bb = opts.skipB?.includes(i) ? [] : [bar('B', i, b[i]!)];
    out.push(...(opts.bFirst ? [...bb, ...ba] : [...ba, ...bb]));
  }
  return out;
}

function signals(bars: Bar[], raw: Record<string, unknown>) {
  const s = pairsStrategy.create('p1', ['A', 'B'], pairsStrategy.parseParams(raw));
  return new RecordingContext().run(s, bars).map((x) => [(x.timestamp - TEST_T0) / TEST_DAY, x.symbol, x.direction]);
}

// hedge_ratio 1 and B = 100 flat, so spread = ln A − ln B = s_t exactly; lookback 3, population σ,
// window includes the bar; entry 1.2, exit 0.5:
// t  window (s)           z of the last      action
// 2  0, 0, 0              0 (flat window)    stays flat
// 3  0, 0, 0.1            +1.414             short spread: A short, B long
// 4  0, 0.1, 0.1          +0.707             hold
// 5  0.1, 0.1, 0          −1.414             long spread: A long, B short
// 6  0.1, 0, −0.1         −1.225             hold (already long)
// 7  0, −0.1, −0.1        −0.707             hold
// 8  −0.1, −0.1, 0        +1.414             short spread
// 9  −0.1, 0, −0.05       0                  exit: both flat
const S = [0, 0, 0, 0.1, 0.1, 0, -0.1, -0.1, 0, -0.05];
const A = S.map((s) => 100 * Math.exp(s));
const B = S.map(() => 100);
const PARAMS = { lookback: 3, entry_z: 1.2, exit_z: 0.5, hedge_ratio: 1 };
const EXPECTED = [
  [3, 'A', 'short'],
  [3, 'B', 'long'],
  [5, 'A', 'long'],
  [5, 'B', 'short'],
  [8, 'A', 'short'],
  [8, 'B', 'long'],
  [9, 'A', 'flat'],
  [9, 'B', 'flat'],
];

describe('pairs', () => {
  it('enters on |z| > entry_z with opposite legs and exits both on |z| < exit_z (fixed hedge ratio)', () => {
    expect(signals(pairBars(A, B), PARAMS)).toEqual(EXPECTED);
  });

  it('gives the same signals whichever symbol of a time arrives first', () => {
    expect(signals(pairBars(A, B, { bFirst: true }), PARAMS)).toEqual(EXPECTED);
  });

  it('acts only on times both symbols have: a lone bar is buffered, never paired with another time', () => {
    // Dropping A at t=4 and B at t=7 must equal running on the series without t=4 and t=7 at all.
    const got = signals(pairBars(A, B, { skipA: [4], skipB: [7] }), PARAMS);
    const keep = S.map((_, i) => i).filter((i) => i !== 4 && i !== 7);
    const reduced = signals(
      keep.flatMap((i) => [bar('A', i, A[i]!), bar('B', i, B[i]!)]),
      PARAMS,
    );
    expect(got).toEqual(reduced);
    expect(signals(A.map((c, i) => bar('A', i, c)), PARAMS)).toEqual([]); // B never arrives: nothing
  });

  it('with rolling OLS β matches a naive per-window regression and z-score', () => {
    const r = new SeededRandom(17);
    let lb = Math.log(50);
    let s = 0;
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 600; i++) {
      lb += 0.01 * r.nextNormal();
      s = 0.9 * s + 0.01 * r.nextNormal(); // mean-reverting residual
      b.push(Math.exp(lb));
      a.push(Math.exp(0.3 + 1.5 * lb + s));
    }
    const lookback = 40;
    const entry = 1.5;
    const exit = 0.3;
    // Independent expectation: per bar, OLS of ln A on ln B over the window, z of the last residual.
    const expected: (string | number)[][] = [];
    let side = 0;
    for (let t = lookback - 1; t < a.length; t++) {
      const xs = b.slice(t - lookback + 1, t + 1).map(Math.log);
      const ys = a.slice(t - lookback + 1, t + 1).map(Math.log);
      const mx = xs.reduce((p, v) => p + v, 0) / lookback;
      const my = ys.reduce((p, v) => p + v, 0) / lookback;
      let sxy = 0;
      let sxx = 0;
      for (let k = 0; k < lookback; k++) {
        sxy += (xs[k]! - mx) * (ys[k]! - my);
        sxx += (xs[k]! - mx) ** 2;
      }
      const beta = sxy / sxx;
      const res = ys.map((y, k) => y - beta * xs[k]!);
      const rm = res.reduce((p, v) => p + v, 0) / lookback;
      const rs = Math.sqrt(res.reduce((p, v) => p + (v - rm) ** 2, 0) / lookback);
      const z = (res[lookback - 1]! - rm) / rs;
      let want = side;
      if (z > entry) want = -1;
      else if (z < -entry) want = 1;
      else if (Math.abs(z) < exit) want = 0;
      if (want !== side) {
        side = want;
        const [da, db] = want === 1 ? ['long', 'short'] : want === -1 ? ['short', 'long'] : ['flat', 'flat'];
        expected.push([t, 'A', da!], [t, 'B', db!]);
      }
    }
    expect(expected.length).toBeGreaterThan(4);
    expect(signals(pairBars(a, b), { lookback, entry_z: entry, exit_z: exit })).toEqual(expected);
  });

  it('validates params and needs exactly two symbols', () => {
    expect(pairsStrategy.parseParams({})).toEqual({ lookback: 60, entry_z: 2, exit_z: 0.5, hedge_ratio: 0, timeframe: '' });
    expect(pairsStrategy.symbolCount).toEqual({ min: 2, max: 2 });
    expect(() => pairsStrategy.parseParams({ exit_z: 2 })).toThrow(/pairs: param 'exit_z' must be below entry_z \(got exit_z 2, entry_z 2\)/);
    expect(() => pairsStrategy.parseParams({ lookback: 2 })).toThrow(/'lookback' must be an integer in \[3, 100000\]/);
    expect(() => pairsStrategy.parseParams({ hedge_ratio: -1 })).toThrow(/'hedge_ratio'/);
    expect(() => pairsStrategy.create('p', ['A'], pairsStrategy.parseParams({}))).toThrow(/exactly two symbols/);
  });
});
