import { describe, expect, it } from 'vitest';
import { RecordingContext } from './recording-context';
import { barsFromCloses } from './test-bars';
import { classifyRegime, volatilityRegimeStrategy } from './volatility-regime-strategy';

// trend_period 3, vol_period 2 (sample stdev of the last two returns), vol_threshold 0.05:
// t  close  SMA3     returns          vol     regime
// 2  102    101      +.0100 +.0099    .0000   bull_quiet     ← first classification
// 5   95    100.67   +.0097 −.0865    .0680   bear_volatile
// 6   85     94.67   −.0865 −.1053    .0133   bear_quiet
// 7   90     90      −.1053 +.0588    .1160   bear_volatile  (close = SMA: not above ⇒ bear)
// 8   92     89      +.0588 +.0222    .0259   bull_quiet
const CLOSES = [100, 101, 102, 103, 104, 95, 85, 90, 92, 93, 94];
const PARAMS = { trend_period: 3, vol_period: 2, vol_threshold: 0.05 };

function run(raw: Record<string, unknown>, features = false) {
  const s = volatilityRegimeStrategy.create('r1', ['X'], volatilityRegimeStrategy.parseParams(raw));
  const ctx = new RecordingContext({ features });
  ctx.run(s, barsFromCloses('X', CLOSES));
  return ctx;
}

describe('volatility_regime', () => {
  it('classifies trend × volatility and reports each change once', () => {
    expect(run(PARAMS).regimes.map((r) => [r.barIndex, r.regime])).toEqual([
      [2, 'bull_quiet'],
      [5, 'bear_volatile'],
      [6, 'bear_quiet'],
      [7, 'bear_volatile'],
      [8, 'bull_quiet'],
    ]);
  });

  it('is long in calm uptrends and flat otherwise, signalling only on a change of wish', () => {
    expect(run(PARAMS).signals.map((s) => [s.barIndex, s.direction])).toEqual([
      [2, 'long'],
      [5, 'flat'],
      [8, 'long'],
    ]);
  });

  it('goes short in volatile downtrends with allow_short', () => {
    expect(run({ ...PARAMS, allow_short: true }).signals.map((s) => [s.barIndex, s.direction])).toEqual([
      [2, 'long'],
      [5, 'short'],
      [6, 'flat'],
      [7, 'short'],
      [8, 'long'],
    ]);
  });

  it('reports its SMA and volatility as features only when they are wanted', () => {
    expect(run(PARAMS).features).toEqual([]);
    const f = run(PARAMS, true).features;
    expect(f.map((x) => x.barIndex)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(f[0]!.features.sma).toBeCloseTo(101, 12);
    const r = [95 / 104 - 1, 85 / 95 - 1];
    const mean = (r[0]! + r[1]!) / 2;
    expect(f[4]!.features.volatility).toBeCloseTo(Math.sqrt((r[0]! - mean) ** 2 + (r[1]! - mean) ** 2), 12);
  });

  it('classifies at the boundaries: close equal to the SMA is bear, volatility equal to the threshold is quiet', () => {
    expect(classifyRegime(10, 10, 0.05, 0.05)).toBe('bear_quiet');
    expect(classifyRegime(10.01, 10, 0.0501, 0.05)).toBe('bull_volatile');
  });

  it('validates its params with the param named', () => {
    expect(volatilityRegimeStrategy.parseParams({})).toEqual({ trend_period: 50, vol_period: 20, vol_threshold: 0.02, allow_short: false, timeframe: '' });
    expect(() => volatilityRegimeStrategy.parseParams({ trend_period: 1 })).toThrow(/volatility_regime: param 'trend_period' must be an integer in \[2, 10000\], got 1/);
    expect(() => volatilityRegimeStrategy.parseParams({ vol_threshold: 0 })).toThrow(/'vol_threshold' must be above 0/);
    expect(() => volatilityRegimeStrategy.parseParams({ vol_threshold: 'high' })).toThrow(/vol_threshold/);
    expect(() => volatilityRegimeStrategy.parseParams({ vol_period: 2.5 })).toThrow(/vol_period/);
    expect(() => volatilityRegimeStrategy.parseParams({ trend: 20 })).toThrow(/did you mean 'trend_period'/);
  });
});
