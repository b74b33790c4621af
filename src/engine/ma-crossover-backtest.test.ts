// A backtest small enough to check by hand: ma_crossover(fast 2, slow 3) with a fixed
// 10 units on 15 daily bars. The expected trades and metrics are computed below by a
// plain loop over the bars applying the contract's rules (§7), independent of the engine.
import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import { runBacktestSync } from './run-backtest';
import { barsFrom, dataset } from './testing/backtest-fixtures';

const CLOSES = [10, 11, 12, 11, 10, 9, 10, 12, 13, 12, 11, 10, 11, 13, 14];
const OPENS = [10, 10.2, 11.3, 11.8, 10.7, 9.6, 9.3, 10.4, 12.3, 12.6, 11.6, 10.8, 10.4, 11.5, 13.4];
const bars = barsFrom(
  'SPX',
  CLOSES.map((c, i) => [OPENS[i], Math.max(OPENS[i], c) + 0.3, Math.min(OPENS[i], c) - 0.3, c] as [number, number, number, number]),
);

const YAML = `
name: hand-verified crossover
initial_capital: 100000
data:
  source: sp500
  timeframes: ["1d"]
execution:
  fill_model: next_open
  commission_per_trade: 0
  commission_percent: 0
  slippage_bps: 0
containers:
  - id: strategy_ma
    type: strategy
    strategy: ma_crossover
    params: {fast: 2, slow: 3}
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_ma]
    sizing: {type: fixed, quantity: 10}
    allow_short: false
`;

interface ExpectedTrade {
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  reason: string;
}

/** The contract's rules as a plain loop: SMA cross → signal at t → fill at open t+1; open at the end → close at the last close. */
function expectedRun(quantity: number, capital: number) {
  const n = CLOSES.length;
  const sma = (t: number, len: number) => (t + 1 < len ? NaN : CLOSES.slice(t + 1 - len, t + 1).reduce((a, b) => a + b, 0) / len);
  const signals: (('long' | 'flat') | undefined)[] = new Array(n).fill(undefined);
  for (let t = 1; t < n; t++) {
    const [f, s, fp, sp] = [sma(t, 2), sma(t, 3), sma(t - 1, 2), sma(t - 1, 3)];
    if ([f, s, fp, sp].some(Number.isNaN)) continue;
    if (f > s && fp <= sp) signals[t] = 'long';
    else if (f < s && fp >= sp) signals[t] = 'flat';
  }
  const trades: ExpectedTrade[] = [];
  let cash = capital;
  let holding: { price: number; time: number } | undefined;
  let pending: 'long' | 'flat' | undefined;
  const equity: number[] = [];
  for (let t = 0; t < n; t++) {
    // At the open: the order made at the previous close fills.
    if (pending === 'long' && holding === undefined) {
      holding = { price: OPENS[t], time: bars[t].timestamp };
      cash -= quantity * OPENS[t];
    } else if (pending === 'flat' && holding !== undefined) {
      cash += quantity * OPENS[t];
      trades.push({ entryTime: holding.time, exitTime: bars[t].timestamp, entryPrice: holding.price, exitPrice: OPENS[t], pnl: (OPENS[t] - holding.price) * quantity, reason: 'signal' });
      holding = undefined;
    }
    pending = signals[t];
    if (t === n - 1 && holding !== undefined) {
      cash += quantity * CLOSES[t];
      trades.push({ entryTime: holding.time, exitTime: bars[t].timestamp, entryPrice: holding.price, exitPrice: CLOSES[t], pnl: (CLOSES[t] - holding.price) * quantity, reason: 'end_of_data' });
      holding = undefined;
    }
    equity.push(cash + (holding ? quantity * CLOSES[t] : 0));
  }
  let peak = capital;
  let maxDrawdown = 0;
  for (const e of equity) {
    peak = Math.max(peak, e);
    maxDrawdown = Math.max(maxDrawdown, (peak - e) / peak);
  }
  const wins = trades.filter((t) => t.pnl > 0);
  const losses = trades.filter((t) => t.pnl < 0);
  const grossProfit = wins.reduce((a, t) => a + t.pnl, 0);
  const grossLoss = losses.reduce((a, t) => a + t.pnl, 0);
  return {
    trades,
    equity,
    totalReturn: equity[n - 1] / capital - 1,
    winRate: trades.length ? wins.length / trades.length : 0,
    profitFactor: losses.length ? grossProfit / Math.abs(grossLoss) : Infinity,
    maxDrawdown,
  };
}

describe('ma_crossover(2, 3), fixed 10 units, on 15 bars — checked against a hand computation', () => {
  const parsed = parseStudioConfig(YAML);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n'));
  const result = runBacktestSync(parsed.config, dataset(bars));
  const p = result.containers.portfolio_1;
  const want = expectedRun(10, 100_000);

  it('makes the trades the contract implies: entries and exits at the next open, the last one closed at the end', () => {
    // By hand: crosses below at bar 4 (flat, nothing held), above at 7, below at 10, above at 13.
    expect(want.trades.length).toBe(2);
    expect(p.trades).toHaveLength(want.trades.length);
    p.trades.forEach((t, i) => {
      const w = want.trades[i];
      expect(t).toMatchObject({ symbol: 'SPX', side: 'long', quantity: 10, entryTime: w.entryTime, exitTime: w.exitTime, reason: w.reason });
      expect(t.entryPrice).toBeCloseTo(w.entryPrice, 10);
      expect(t.exitPrice).toBeCloseTo(w.exitPrice, 10);
      expect(t.pnl).toBeCloseTo(w.pnl, 10);
    });
  });

  it('reports totalReturn, winRate, profitFactor and maxDrawdown as computed by hand', () => {
    const m = p.metrics!;
    expect(m.totalTrades).toBe(want.trades.length);
    expect(m.totalReturn).toBeCloseTo(want.totalReturn, 12);
    expect(m.winRate).toBeCloseTo(want.winRate, 12);
    expect(m.profitFactor).toBeCloseTo(want.profitFactor, 12);
    expect(m.maxDrawdown).toBeCloseTo(want.maxDrawdown, 12);
    expect(m.maxDrawdown).toBeGreaterThan(0);
    expect(p.equityCurve!.map((x) => x.equity)).toEqual(want.equity.map((e) => expect.closeTo(e, 9)));
  });
});
