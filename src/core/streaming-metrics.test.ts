import { describe, expect, it } from 'vitest';
import { StreamingMetrics } from './streaming-metrics';

/** Independent two-pass reference: keeps the whole series, which the streaming class must not. */
function naive(initial: number, equity: number[], ppy: number) {
  const rets: number[] = [];
  let prev = initial;
  for (const e of equity) {
    rets.push(e / prev - 1);
    prev = e;
  }
  const n = rets.length;
  const mean = rets.reduce((a, b) => a + b, 0) / n;
  const variance = rets.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1);
  const downside = Math.sqrt(rets.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / (n - 1));
  let peak = initial;
  let maxDd = 0;
  for (const e of equity) {
    peak = Math.max(peak, e);
    maxDd = Math.max(maxDd, (peak - e) / peak);
  }
  const final = equity[equity.length - 1];
  const annual = Math.pow(final / initial, ppy / equity.length) - 1;
  return {
    sharpe: (mean / Math.sqrt(variance)) * Math.sqrt(ppy),
    sortino: (mean / downside) * Math.sqrt(ppy),
    maxDd,
    calmar: annual / maxDd,
  };
}

describe('StreamingMetrics equity metrics', () => {
  it('matches hand-computed values on 100 → 110 → 99 → 108.9', () => {
    // r = +10%, −10%, +10%; mean = 1/30, sample var = (2·(1/15)² + (2/15)²)/2 = 1/75.
    // Sharpe (ppy 3) = (1/30)/√(1/75)·√3 = √225/30 = 0.5.
    // Downside dev = √(0.01/2) ⇒ Sortino = (1/30)/√0.005·√3 = √600/30.
    // Peak 110 → 99 is a 10% drawdown, never regained. Annualized return over 3 updates at ppy 3 = 8.9%.
    const m = new StreamingMetrics({ initialCapital: 100, periodsPerYear: 3 });
    m.updateEquity(1_000, 110, true);
    m.updateEquity(2_000, 99, true);
    m.updateEquity(3_000, 108.9, false);
    const s = m.snapshot();
    expect(s.totalReturn).toBeCloseTo(0.089, 12);
    expect(s.finalEquity).toBe(108.9);
    expect(s.sharpeRatio).toBeCloseTo(0.5, 12);
    expect(s.sortinoRatio).toBeCloseTo(Math.sqrt(600) / 30, 12);
    expect(s.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(s.calmarRatio).toBeCloseTo(0.89, 10);
    // Peak at t=1000 (update 1), still under it at the last update t=3000 (update 3).
    expect(s.maxDrawdownDuration).toBe(2_000);
    expect(s.maxDrawdownBars).toBe(2);
    expect(s.exposure).toBeCloseTo(2 / 3, 12);
    expect(s.equityUpdates).toBe(3);
    expect(s.initialCapital).toBe(100);
  });

  it('uses √252 by default', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    for (const [t, e] of [[1, 110], [2, 99], [3, 108.9]]) m.updateEquity(t, e);
    // √(75)/30 · √252 = √18900 / 30
    expect(m.snapshot().sharpeRatio).toBeCloseTo(Math.sqrt(18900) / 30, 10);
  });

  it('agrees with a naive two-pass computation on an irregular series', () => {
    const equity = [100_500, 99_800, 101_200, 103_900, 102_100, 98_000, 97_500, 99_900, 104_000, 103_000, 106_250];
    const m = new StreamingMetrics({ initialCapital: 100_000, periodsPerYear: 252 });
    equity.forEach((e, i) => m.updateEquity(86_400_000 * i, e, i % 2 === 0));
    const s = m.snapshot();
    const ref = naive(100_000, equity, 252);
    expect(s.sharpeRatio).toBeCloseTo(ref.sharpe, 9);
    expect(s.sortinoRatio).toBeCloseTo(ref.sortino, 9);
    expect(s.maxDrawdown).toBeCloseTo(ref.maxDd, 12);
    expect(s.calmarRatio).toBeCloseTo(ref.calmar, 6);
    expect(s.totalReturn).toBeCloseTo(0.0625, 12);
    // Drawdowns: peak 100_500 (day 0) regained on day 2 (2 bars); peak 103_900 (day 3) regained on day 8 (5 bars).
    expect(s.maxDrawdownBars).toBe(5);
    expect(s.maxDrawdownDuration).toBe(5 * 86_400_000);
    expect(s.exposure).toBeCloseTo(6 / 11, 12);
  });

  it('counts a drawdown below the initial capital from the first update', () => {
    const m = new StreamingMetrics({ initialCapital: 1000, periodsPerYear: 252 });
    m.updateEquity(10_000, 900);
    m.updateEquity(20_000, 950);
    m.updateEquity(30_000, 1000); // back at the initial peak
    m.updateEquity(40_000, 1010);
    const s = m.snapshot();
    expect(s.maxDrawdown).toBeCloseTo(0.1, 12);
    // The initial-capital peak sits at index 0 and the first timestamp; regained at update 3 (t=30000).
    expect(s.maxDrawdownBars).toBe(3);
    expect(s.maxDrawdownDuration).toBe(20_000);
  });

  it('reports Sharpe 0 and Sortino Infinity for a constant positive return series', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    let e = 100;
    for (let i = 1; i <= 5; i++) {
      e *= 1.01;
      m.updateEquity(i, e);
    }
    const s = m.snapshot();
    expect(s.sharpeRatio).toBe(0);
    expect(s.sortinoRatio).toBe(Infinity);
    expect(s.maxDrawdown).toBe(0);
    expect(s.calmarRatio).toBe(0);
    expect(s.maxDrawdownDuration).toBe(0);
  });

  it('reports Sharpe and Sortino 0 with fewer than two returns', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    m.updateEquity(1, 90);
    const s = m.snapshot();
    expect(s.sharpeRatio).toBe(0);
    expect(s.sortinoRatio).toBe(0);
    expect(s.maxDrawdown).toBeCloseTo(0.1, 12);
  });

  it('skips the undefined return after equity reached zero', () => {
    const m = new StreamingMetrics({ initialCapital: 100, periodsPerYear: 1 });
    m.updateEquity(1, 50); // −50%
    m.updateEquity(2, 0); // −100%
    m.updateEquity(3, 10); // from 0: undefined, skipped
    const s = m.snapshot();
    // returns −0.5, −1: mean −0.75, sample sd = √(2·0.25²/1) = 0.353553…
    expect(s.sharpeRatio).toBeCloseTo(-0.75 / Math.sqrt(0.125), 12);
    expect(s.maxDrawdown).toBe(1);
    expect(s.finalEquity).toBe(10);
    expect(Number.isFinite(s.calmarRatio)).toBe(true);
  });

  it('starts empty and resets to empty', () => {
    const m = new StreamingMetrics({ initialCapital: 5000 });
    const empty = m.snapshot();
    expect(empty.totalReturn).toBe(0);
    expect(empty.finalEquity).toBe(5000);
    expect(empty.equityUpdates).toBe(0);
    expect(empty.exposure).toBe(0);
    m.updateEquity(1, 4000, true);
    m.updateFromTrade({ pnl: -1000 });
    m.reset();
    expect(m.snapshot()).toEqual(empty);
  });

  it('rejects non-finite input and a non-positive capital with a clear error', () => {
    expect(() => new StreamingMetrics({ initialCapital: 0 })).toThrow(/initialCapital must be > 0/);
    expect(() => new StreamingMetrics({ initialCapital: 1, periodsPerYear: -1 })).toThrow(/periodsPerYear/);
    const m = new StreamingMetrics({ initialCapital: 1 });
    expect(() => m.updateEquity(1, Number.NaN)).toThrow(/equity must be a finite number/);
    expect(() => m.updateFromTrade({ pnl: Infinity })).toThrow(/pnl/);
  });
});

describe('StreamingMetrics trade metrics', () => {
  it('computes every trade statistic', () => {
    const m = new StreamingMetrics({ initialCapital: 10_000 });
    for (const pnl of [50, -20, 0, 30, -10]) m.updateFromTrade({ pnl });
    const s = m.snapshot();
    expect(s.totalTrades).toBe(5);
    expect(s.winningTrades).toBe(2);
    expect(s.losingTrades).toBe(2); // the break-even trade is neither
    expect(s.grossProfit).toBe(80);
    expect(s.grossLoss).toBe(-30);
    expect(s.totalPnl).toBe(50);
    expect(s.winRate).toBeCloseTo(0.4, 12);
    expect(s.profitFactor).toBeCloseTo(8 / 3, 12);
    expect(s.expectancy).toBe(10);
    expect(s.avgWin).toBe(40);
    expect(s.avgLoss).toBe(-15);
    expect(s.largestWin).toBe(50);
    expect(s.largestLoss).toBe(-20);
    // No equity update yet: final equity is implied by the trades.
    expect(s.finalEquity).toBe(10_050);
    expect(s.totalReturn).toBeCloseTo(0.005, 12);
  });

  it('reports an Infinity profit factor with wins and no losing trade', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    m.updateFromTrade({ pnl: 10 });
    m.updateFromTrade({ pnl: 0 });
    const s = m.snapshot();
    expect(s.profitFactor).toBe(Infinity);
    expect(s.avgLoss).toBe(0);
    expect(s.largestLoss).toBe(0);
    expect(s.winRate).toBe(0.5);
  });

  it('reports 0 profit factor and win rate with no trades or only break-even ones', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    expect(m.snapshot().profitFactor).toBe(0);
    expect(m.snapshot().winRate).toBe(0);
    expect(m.snapshot().expectancy).toBe(0);
    m.updateFromTrade({ pnl: 0 });
    expect(m.snapshot().profitFactor).toBe(0);
    expect(m.snapshot().totalTrades).toBe(1);
  });

  it('reports a profit factor of 0 with losses only', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    m.updateFromTrade({ pnl: -5 });
    expect(m.snapshot().profitFactor).toBe(0);
    expect(m.snapshot().avgLoss).toBe(-5);
  });
});
