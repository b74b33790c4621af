import { describe, expect, it } from 'vitest';
import type { Bar } from '../bar';
import { resampleBars } from './resample-bars';
import { generateSyntheticBars } from './synthetic-bars';
import { barsOf } from '../bar-series';

function logReturns(bars: readonly Bar[]): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 1; i < bars.length; i++) {
    if (bars[i]!.timestamp - bars[i - 1]!.timestamp === 60_000) out.set(bars[i]!.timestamp, Math.log(bars[i]!.close / bars[i - 1]!.close));
  }
  return out;
}

function correlationOf(a: Map<number, number>, b: Map<number, number>): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [t, x] of a) {
    const y = b.get(t);
    if (y !== undefined) {
      xs.push(x);
      ys.push(y);
    }
  }
  const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
  const my = ys.reduce((s, y) => s + y, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('generateSyntheticBars', () => {
  it('is byte-identical for the same seed and differs for another seed', () => {
    const opts = { seed: 42, symbols: ['A', 'B'], days: 3, timeframes: ['1m', '5m'] };
    const a = JSON.stringify(generateSyntheticBars(opts));
    const b = JSON.stringify(generateSyntheticBars(opts));
    expect(a).toBe(b);
    const c = generateSyntheticBars({ ...opts, seed: 43 });
    expect(JSON.stringify(c.series)).not.toBe(JSON.stringify(JSON.parse(a).series));
    expect(c.series[0]!.close[5]).not.toBe(JSON.parse(a).series[0].close['5']);
    expect(c.id).not.toBe(JSON.parse(a).id);
    expect(JSON.parse(a).id).toContain('seed=42');
  });

  it('keeps bars inside the session on weekdays, with valid OHLC and a few missing minutes', () => {
    // 2024-01-05 is a Friday: 3 days = Fri, Mon, Tue.
    const ds = generateSyntheticBars({ seed: 1, symbols: ['A'], start: '2024-01-05', days: 3, missingMinuteProbability: 0.05 });
    const bars = barsOf(ds.series[0]!);
    const days = new Set(bars.map((b) => new Date(b.timestamp).toISOString().slice(0, 10)));
    expect([...days]).toEqual(['2024-01-05', '2024-01-08', '2024-01-09']);
    for (const b of bars) {
      const d = new Date(b.timestamp);
      const minuteOfDay = d.getUTCHours() * 60 + d.getUTCMinutes();
      expect(minuteOfDay).toBeGreaterThanOrEqual(9 * 60 + 30);
      expect(minuteOfDay).toBeLessThan(16 * 60);
      expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
      expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      expect(b.low).toBeGreaterThan(0);
    }
    const full = 3 * 390;
    expect(bars.length).toBeLessThan(full);
    expect(bars.length).toBeGreaterThan(full * 0.9); // ~5 % missing
    for (let i = 1; i < bars.length; i++) expect(bars[i]!.timestamp).toBeGreaterThan(bars[i - 1]!.timestamp);
  });

  it('produces correlated returns: high ρ close to ρ, ρ = 0 close to 0', () => {
    const hi = generateSyntheticBars({ seed: 5, symbols: ['A', 'B'], days: 20, correlation: 0.8, missingMinuteProbability: 0 });
    const r = correlationOf(logReturns(barsOf(hi.series[0]!)), logReturns(barsOf(hi.series[1]!)));
    // Prices are rounded to 1e-4 on ~100: tiny noise on top of ρ = 0.8 with 7,800 samples.
    expect(r).toBeGreaterThan(0.75);
    expect(r).toBeLessThan(0.85);
    const zero = generateSyntheticBars({ seed: 5, symbols: ['A', 'B'], days: 20, correlation: [[1, 0], [0, 1]], missingMinuteProbability: 0 });
    expect(Math.abs(correlationOf(logReturns(barsOf(zero.series[0]!)), logReturns(barsOf(zero.series[1]!))))).toBeLessThan(0.05);
  });

  it('resamples coarser timeframes from its own minutes', () => {
    const ds = generateSyntheticBars({ seed: 9, symbols: ['A', 'B'], days: 2, timeframes: ['1m', '1h', '1d'] });
    expect(ds.series.map((s) => `${s.symbol}@${s.timeframe}`)).toEqual(['A@1m', 'B@1m', 'A@1h', 'B@1h', 'A@1d', 'B@1d']);
    expect(ds.series[2]).toEqual(resampleBars(ds.series[0]!, '1h'));
    expect(barsOf(ds.series[4]!)).toHaveLength(2);
  });

  it('gaps overnight: the next session opens away from the previous close', () => {
    const ds = generateSyntheticBars({ seed: 3, symbols: ['A'], days: 10, overnightGapVolatility: 0.02, missingMinuteProbability: 0 });
    const bars = barsOf(ds.series[0]!);
    let gaps = 0;
    for (let i = 1; i < bars.length; i++) {
      if (bars[i]!.timestamp - bars[i - 1]!.timestamp > 60_000 && bars[i]!.open !== bars[i - 1]!.close) gaps++;
      else if (bars[i]!.timestamp - bars[i - 1]!.timestamp === 60_000) expect(bars[i]!.open).toBe(bars[i - 1]!.close);
    }
    expect(gaps).toBe(9);
  });

  it('accepts the snake_case keys of a YAML data.synthetic block', () => {
    const raw = { seed: 4, symbols: ['A'], days: 1, session_open: '10:00', session_close: '11:00', missing_minute_probability: 0 } as never;
    const bars = barsOf(generateSyntheticBars(raw).series[0]!);
    expect(bars).toHaveLength(60);
    expect(new Date(bars[0]!.timestamp).toISOString()).toBe('2024-01-02T10:00:00.000Z');
  });

  it('rejects bad options naming the option', () => {
    expect(() => generateSyntheticBars({ days: 0 })).toThrow(/'days' must be an integer/);
    expect(() => generateSyntheticBars({ symbols: ['A', 'B', 'C'], correlation: -0.9 })).toThrow(/'correlation' must be in/);
    expect(() => generateSyntheticBars({ symbols: ['A', 'B'], correlation: [[1, 0.5], [0.4, 1]] })).toThrow(/symmetric/);
    expect(() => generateSyntheticBars({ sessionOpen: '16:00', sessionClose: '09:30' })).toThrow(/'sessionClose' must be after/);
    expect(() => generateSyntheticBars({ timeframes: ['7x'] })).toThrow(/Unknown unit/);
    expect(() => generateSyntheticBars({ nonsense: 1 } as never)).toThrow(/Unknown synthetic data option 'nonsense'/);
  });
});
