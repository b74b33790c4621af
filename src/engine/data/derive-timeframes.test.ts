import { describe, expect, it } from 'vitest';
import { deriveTimeframes } from './derive-timeframes';
import { resampleBars } from './resample-bars';
import { generateSyntheticBars } from './synthetic-bars';

describe('deriveTimeframes', () => {
  const ds = generateSyntheticBars({ seed: 2, symbols: ['A', 'B'], days: 2, timeframes: ['1m', '1h'] });

  it('adds missing timeframes per symbol, resampled from the coarsest series that divides them', () => {
    const out = deriveTimeframes(ds, ['1m', '5m', '1d']);
    expect(out.series.map((s) => `${s.symbol}@${s.timeframe}`)).toEqual(['A@1m', 'B@1m', 'A@1h', 'B@1h', 'A@5m', 'A@1d', 'B@5m', 'B@1d']);
    const a1m = ds.series[0]!;
    expect(out.series[4]).toEqual(resampleBars(a1m, '5m'));
    // 1d comes from the 1h series (coarsest divisor) and equals resampling the minutes directly.
    expect(out.series[5]).toEqual(resampleBars(a1m, '1d'));
    expect(out.id).toBe(ds.id);
  });

  it('returns the dataset itself when nothing is missing, and refuses what cannot be derived', () => {
    expect(deriveTimeframes(ds, ['1m', '1h'])).toBe(ds);
    const daily = deriveTimeframes(ds, ['1d']);
    const onlyDaily = { ...daily, series: daily.series.filter((s) => s.timeframe === '1d') };
    expect(() => deriveTimeframes(onlyDaily, ['1h'])).toThrow(/Cannot derive 1h bars of A from its 1d bars/);
    expect(() => deriveTimeframes(ds, ['5q'])).toThrow(/Unknown unit/);
  });
});
