import { describe, expect, it } from 'vitest';
import { StreamingMetrics } from './streaming-metrics';

/**
 * Independent two-pass reference: keeps the whole series, which the streaming class must not.
 * Returns between consecutive marks, plus capital → first mark only when the equity moved before it.
 */
function naive(initial: number, equity: number[], ppy: number) {
  const rets: number[] = [];
  if (equity[0] !== initial) rets.push(equity[0] / initial - 1);
  for (let i = 1; i < equity.length; i++) rets.push(equity[i] / equity[i - 1] - 1);
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
  const annual = Math.pow(final / initial, ppy / rets.length) - 1;
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

  it('counts no phantom return from the capital to a first mark equal to it: n marks, n − 1 returns', () => {
    // An engine run marks its first bar before anything can fill, so the first mark is the capital.
    // Marks 100, 110, 99, 108.9: returns +10 %, −10 %, +10 % — the same three as the hand-computed
    // series above that starts at 110 — so the same Sharpe 0.5, not the diluted one a leading 0 gives.
    const m = new StreamingMetrics({ initialCapital: 100, periodsPerYear: 3 });
    for (const [t, e] of [[0, 100], [1, 110], [2, 99], [3, 108.9]]) m.updateEquity(t, e);
    const s = m.snapshot();
    expect(s.sharpeRatio).toBeCloseTo(0.5, 12);
    expect(s.sortinoRatio).toBeCloseTo(Math.sqrt(600) / 30, 12);
    // Three periods over four marks: annualized at ppy 3 the growth of one year, 8.9 %.
    expect(s.annualizedReturn).toBeCloseTo(0.089, 12);
    expect(s.equityUpdates).toBe(4);
    // With the phantom 0 the mean would be 0.1/4 and Sharpe (0.025 / sd of [0, .1, −.1, .1]) · √3 ≈ 0.45.
    const phantom = [0, 0.1, -0.1, 0.1];
    const pm = phantom.reduce((a, b) => a + b, 0) / 4;
    const psd = Math.sqrt(phantom.reduce((a, r) => a + (r - pm) ** 2, 0) / 3);
    expect(Math.abs(s.sharpeRatio - (pm / psd) * Math.sqrt(3))).toBeGreaterThan(0.04);
  });

  it('counts the capital → first mark return when the equity changed before the first mark', () => {
    const m = new StreamingMetrics({ initialCapital: 100, periodsPerYear: 1 });
    m.updateEquity(1, 90);
    m.updateEquity(2, 99);
    // Returns −10 %, +10 %: mean 0 ⇒ Sharpe 0 (not the single +10 % a skipped first return leaves).
    expect(m.snapshot().sharpeRatio).toBeCloseTo(0, 12);
    expect(m.snapshot().annualizedReturn).toBeCloseTo(Math.sqrt(0.99) - 1, 12);
  });

  it('reports 0 Sharpe and annualized return for a single mark at the capital', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    m.updateEquity(1, 100);
    const s = m.snapshot();
    expect(s.sharpeRatio).toBe(0);
    expect(s.annualizedReturn).toBe(0);
    expect(s.annualizedVolatility).toBe(0);
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

describe('StreamingMetrics analysis depth', () => {
  const D = 86_400_000;
  // Peak 110 (day 1) → 99 → regained day 3: episode 1 (10 %, 2 days, 2 bars).
  // Peak 121 (day 4) → 108.9 → 114.95 → regained day 7: episode 2 (10 %, 3 days, 3 bars).
  // Peak 121 → 96.8 on day 8: a 20 % drawdown still open (not an episode).
  const curve: [number, number][] = [[0, 100], [1, 110], [2, 99], [3, 110], [4, 121], [5, 108.9], [6, 114.95], [7, 121], [8, 96.8]];

  function fed(ppy = 252) {
    const m = new StreamingMetrics({ initialCapital: 100, periodsPerYear: ppy });
    for (const [day, e] of curve) m.updateEquity(day * D, e);
    return m;
  }

  it('averages completed drawdown episodes only', () => {
    const s = fed().snapshot();
    expect(s.maxDrawdown).toBeCloseTo(0.2, 12);
    expect(s.drawdownEpisodes).toBe(2);
    expect(s.avgDrawdown).toBeCloseTo(0.1, 12);
    expect(s.avgDrawdownDuration).toBe(2.5 * D);
    expect(s.avgDrawdownBars).toBe(2.5);
  });

  it('reports the open drawdown episode beside the completed ones', () => {
    // Peak 121 on day 7 (update 8), 96.8 on day 8 (update 9): open for 1 day / 1 bar, 20 % deep.
    const s = fed().snapshot();
    expect(s.openDrawdown).toBeCloseTo(0.2, 12);
    expect(s.openDrawdownDuration).toBe(D);
    expect(s.openDrawdownBars).toBe(1);
    // It keeps its deepest point while equity recovers part of the way...
    const m = fed();
    m.updateEquity(9 * D, 108.9);
    const partial = m.snapshot();
    expect(partial.openDrawdown).toBeCloseTo(0.2, 12);
    expect(partial.openDrawdownBars).toBe(2);
    expect(partial.drawdownEpisodes).toBe(2);
    // ...and becomes the third completed episode once the peak is regained.
    m.updateEquity(10 * D, 125);
    const closed = m.snapshot();
    expect(closed.openDrawdown).toBe(0);
    expect(closed.openDrawdownDuration).toBe(0);
    expect(closed.openDrawdownBars).toBe(0);
    expect(closed.drawdownEpisodes).toBe(3);
    expect(closed.avgDrawdown).toBeCloseTo((0.1 + 0.1 + 0.2) / 3, 12);
  });

  it('measures the max run-up from the running trough', () => {
    // Trough 99 on day 2, then 121 on day 4: 22/99. The final 96.8 only lowers the trough.
    expect(fed().snapshot().maxRunUp).toBeCloseTo(22 / 99, 12);
  });

  it('annualizes by calendar time (CAGR), by bar count and the volatility', () => {
    const s = fed(252).snapshot();
    // 8 calendar days from the first to the last update; 9 equity updates, the first at the capital
    // (100), so 8 returns — one per step between marks — and 8 periods for the by-bar annualization.
    expect(s.cagr).toBeCloseTo(Math.pow(0.968, 365.25 / 8) - 1, 12);
    expect(s.annualizedReturn).toBeCloseTo(Math.pow(0.968, 252 / 8) - 1, 12);
    const rets = [0.1, -0.1, 110 / 99 - 1, 0.1, -0.1, 114.95 / 108.9 - 1, 121 / 114.95 - 1, -0.2];
    const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
    const sd = Math.sqrt(rets.reduce((a, r) => a + (r - mean) ** 2, 0) / (rets.length - 1));
    expect(s.annualizedVolatility).toBeCloseTo(sd * Math.sqrt(252), 12);
    // Sharpe is consistent with it: mean × ppy / annualized vol.
    expect(s.sharpeRatio).toBeCloseTo((mean * 252) / s.annualizedVolatility, 10);
  });

  it('reports 0 CAGR and volatility before two updates', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    m.updateEquity(0, 120);
    const s = m.snapshot();
    expect(s.cagr).toBe(0);
    expect(s.annualizedVolatility).toBe(0);
    expect(s.annualizedReturn).toBeCloseTo(Math.pow(1.2, 252) - 1, 6);
  });

  it('computes buy-and-hold as the equal-weight first→last return of each symbol', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    expect(Number.isNaN(m.snapshot().buyAndHoldReturn)).toBe(true);
    m.updatePrice('AAA', 100);
    m.updatePrice('BBB', 50);
    m.updatePrice('AAA', 90);
    m.updatePrice('AAA', 120);
    m.updatePrice('BBB', 45);
    // AAA +20 %, BBB −10 % ⇒ +5 %.
    expect(m.snapshot().buyAndHoldReturn).toBeCloseTo(0.05, 12);
    expect(() => m.updatePrice('AAA', Number.NaN)).toThrow(/price must be a finite number/);
  });

  const trades = [
    { pnl: 50, side: 'long', returnPct: 0.05, barsHeld: 3, entryTime: 0, exitTime: 3 * D, commission: 2 },
    { pnl: 30, side: 'long', returnPct: 0.03, barsHeld: 1, entryTime: 3 * D, exitTime: 4 * D, commission: 2 },
    { pnl: -20, side: 'short', returnPct: -0.02, barsHeld: 2, entryTime: 4 * D, exitTime: 6 * D, commission: 1 },
    { pnl: 0, side: 'short', returnPct: 0, barsHeld: 1, entryTime: 6 * D, exitTime: 7 * D, commission: 1 },
    { pnl: -10, side: 'long', returnPct: -0.01, barsHeld: 4, entryTime: 7 * D, exitTime: 13 * D, commission: 1 },
    { pnl: -40, side: 'long', returnPct: -0.04, barsHeld: 6, entryTime: 13 * D, exitTime: 21 * D, commission: 3 },
    { pnl: -5, side: 'short', returnPct: -0.005, barsHeld: 1, entryTime: 21 * D, exitTime: 22 * D, commission: 0 },
    { pnl: 75, side: 'short', returnPct: 0.075, barsHeld: 2, entryTime: 22 * D, exitTime: 24 * D, commission: 2 },
  ] as const;

  function traded() {
    const m = new StreamingMetrics({ initialCapital: 10_000 });
    for (const t of trades) m.updateFromTrade(t);
    return m.snapshot();
  }

  it('computes SQN from trade pnl with the sample deviation', () => {
    // pnl mean 10; deviations 40, 20, −30, −10, −20, −50, −15, 65 ⇒ Σ² = 10 350, sample var = 10 350 / 7.
    expect(traded().sqn).toBeCloseTo((Math.sqrt(8) * 10) / Math.sqrt(10_350 / 7), 12);
  });

  it('computes the Kelly criterion W − (1 − W) / R', () => {
    // W = 3/8; avg win 155/3, avg loss 75/4 ⇒ R = 124/45.
    expect(traded().kellyCriterion).toBeCloseTo(3 / 8 - (5 / 8) * (45 / 124), 12);
    const onlyWins = new StreamingMetrics({ initialCapital: 100 });
    onlyWins.updateFromTrade({ pnl: 5 });
    onlyWins.updateFromTrade({ pnl: 0 });
    expect(onlyWins.snapshot().kellyCriterion).toBe(0.5);
    const onlyLosses = new StreamingMetrics({ initialCapital: 100 });
    onlyLosses.updateFromTrade({ pnl: -5 });
    expect(onlyLosses.snapshot().kellyCriterion).toBe(-Infinity);
    expect(new StreamingMetrics({ initialCapital: 100 }).snapshot().kellyCriterion).toBe(0);
  });

  it('reports best, worst and average trade in pnl and percent', () => {
    const s = traded();
    expect(s.bestTrade).toBe(75);
    expect(s.worstTrade).toBe(-40);
    expect(s.avgTradePnl).toBe(10);
    expect(s.bestTradePct).toBe(0.075);
    expect(s.worstTradePct).toBe(-0.04);
    expect(s.avgTradePct).toBeCloseTo(0.08 / 8, 12);
  });

  it('reports trade durations in bars and time', () => {
    const s = traded();
    expect(s.avgTradeBars).toBe(20 / 8);
    expect(s.maxTradeBars).toBe(6);
    expect(s.avgTradeDuration).toBe(3 * D);
    expect(s.maxTradeDuration).toBe(8 * D);
  });

  it('counts streaks (break-even ends both), commissions and the long/short breakdown', () => {
    const s = traded();
    // W W L 0 L L L W
    expect(s.maxConsecutiveWins).toBe(2);
    expect(s.maxConsecutiveLosses).toBe(3);
    expect(s.commissionsPaid).toBe(12);
    expect(s.longTrades).toBe(4);
    expect(s.longWinRate).toBe(0.5);
    expect(s.longPnl).toBe(30);
    expect(s.shortTrades).toBe(4);
    expect(s.shortWinRate).toBe(0.25);
    expect(s.shortPnl).toBe(50);
  });

  it('reports neutral values with no trades and forgets everything on reset', () => {
    const m = new StreamingMetrics({ initialCapital: 100 });
    const empty = m.snapshot();
    for (const k of ['sqn', 'bestTrade', 'worstTrade', 'avgTradePct', 'avgTradeBars', 'maxTradeDuration', 'maxRunUp', 'avgDrawdown', 'commissionsPaid', 'longWinRate'] as const) {
      expect(empty[k]).toBe(0);
    }
    for (const t of trades) m.updateFromTrade(t);
    for (const [day, e] of curve) m.updateEquity(day * D, e);
    m.updatePrice('AAA', 1);
    m.reset();
    expect(m.snapshot()).toEqual(empty);
  });
});
