import { describe, expect, it } from 'vitest';
import { maCrossoverStrategy } from './ma-crossover-strategy';
import { RecordingContext } from './recording-context';
import { StrategyParamError } from './strategy-param-error';
import { barsFromCloses } from './test-bars';

function run(closes: number[], raw: Record<string, unknown>, bars = barsFromCloses('X', closes)) {
  const s = maCrossoverStrategy.create('s1', ['X'], maCrossoverStrategy.parseParams(raw));
  return new RecordingContext().run(s, bars).map((x) => [x.barIndex, x.direction]);
}

// fast = SMA(2), slow = SMA(3):
// t  close  fast   slow    side
// 0  10     -      -
// 1   9     9.5    -
// 2   8     8.5    9       below (first bar with both: never a signal)
// 3   9     8.5    8.667   below
// 4  11    10      9.333   above  ← cross above: long
// 5  12    11.5   10.667   above
// 6  10    11     11       equal  (not a cross below: needs fast < slow)
// 7   8     9     10       below  ← cross below (previous equal counts as ≥): flat / short
// 8   7     7.5    8.333   below
// 9  12     9.5    9       above  ← cross above: long
const CLOSES = [10, 9, 8, 9, 11, 12, 10, 8, 7, 12];

describe('ma_crossover', () => {
  it('signals long on a cross above and flat on a cross below (CONTRACT §7)', () => {
    expect(run(CLOSES, { fast: 2, slow: 3 })).toEqual([
      [4, 'long'],
      [7, 'flat'],
      [9, 'long'],
    ]);
  });

  it('signals short on the cross below with allow_short', () => {
    expect(run(CLOSES, { fast: 2, slow: 3, allow_short: true })).toEqual([
      [4, 'long'],
      [7, 'short'],
      [9, 'long'],
    ]);
  });

  it('treats an equality followed by fast > slow as a cross above', () => {
    // fast=SMA(1)=close, slow=SMA(2): t1 close 10 vs slow 10 → equal; t2 12 vs 11 → above ⇒ long at t2.
    expect(run([10, 10, 12], { fast: 1, slow: 2 })).toEqual([[2, 'long']]);
  });

  it('does not fake crosses from rounding noise on a flat decimal price', () => {
    expect(run(Array(500).fill(101.37), { fast: 3, slow: 7 })).toEqual([]);
  });

  it('keeps state per symbol', () => {
    const s = maCrossoverStrategy.create('s1', ['X', 'Y'], maCrossoverStrategy.parseParams({ fast: 2, slow: 3 }));
    const x = barsFromCloses('X', CLOSES);
    const y = barsFromCloses('Y', [...CLOSES].reverse());
    const interleaved = x.flatMap((b, i) => [b, y[i]!]);
    const got = new RecordingContext().run(s, interleaved);
    // X alone gives bars 4, 7, 9 (interleaved index 2t); Y's own crosses are independent of X's.
    expect(got.filter((g) => g.symbol === 'X').map((g) => [g.barIndex / 2, g.direction])).toEqual([
      [4, 'long'],
      [7, 'flat'],
      [9, 'long'],
    ]);
    const yAlone = run([...CLOSES].reverse(), { fast: 2, slow: 3 });
    expect(yAlone.length).toBeGreaterThan(0);
    expect(got.filter((g) => g.symbol === 'Y').map((g) => [(g.barIndex - 1) / 2, g.direction])).toEqual(yAlone);
  });

  it('trades only its timeframe when the data holds several', () => {
    const daily = barsFromCloses('X', CLOSES);
    const hourly = barsFromCloses('X', [50, 60, 40, 70, 30, 80, 20, 90, 10, 100], '1h', 3_600_000).map((b) => ({ ...b, timestamp: b.timestamp + 1 }));
    const merged = [...daily, ...hourly].sort((a, b) => a.timestamp - b.timestamp);
    const s = maCrossoverStrategy.create('s1', ['X'], maCrossoverStrategy.parseParams({ fast: 2, slow: 3, timeframe: '1D' }));
    const got = new RecordingContext().run(s, merged).map((g) => [g.timestamp, g.direction]);
    expect(got).toEqual([4, 7, 9].map((t) => [daily[t]!.timestamp, t === 7 ? 'flat' : 'long']));
  });

  it('validates params: fast < slow, integers, ranges, unknown names', () => {
    expect(maCrossoverStrategy.parseParams({})).toEqual({ fast: 10, slow: 30, allow_short: false, timeframe: '' });
    expect(maCrossoverStrategy.parseParams({ fast: '5', slow: 20, allowShort: 'true' })).toMatchObject({ fast: 5, allow_short: true });
    const err = (raw: Record<string, unknown>): StrategyParamError => {
      try {
        maCrossoverStrategy.parseParams(raw);
      } catch (e) {
        return e as StrategyParamError;
      }
      throw new Error('expected a StrategyParamError');
    };
    expect(err({ fast: 30, slow: 10 })).toMatchObject({ param: 'fast', message: 'ma_crossover: param \'fast\' must be less than slow (got fast 30, slow 10).' });
    expect(err({ fast: 2.5 }).message).toMatch(/'fast' must be an integer in \[1, 10000\], got 2.5/);
    expect(err({ slow: 0 }).param).toBe('slow');
    expect(err({ fats: 5 }).message).toMatch(/'fats' is unknown — did you mean 'fast'\? \(known params: fast, slow, allow_short, timeframe\)/);
    expect(err({ allow_short: 'yes' }).message).toMatch(/must be true or false/);
    expect(err({ timeframe: '1x' }).message).toMatch(/'timeframe' is not a timeframe/);
    expect(() => maCrossoverStrategy.parseParams({ fast: 2 })).not.toThrow(); // default slow 30
  });
});
