// Pins every documented difference from backtesting.py (docs/metrics.md, "Compared with
// backtesting.py") on one small fixed run: the engine's figure, the backtesting.py figure
// computed here from backtesting.py's own definitions (backtesting/_stats.py, 0.6.x) on the
// same trades and equity, and the exact way they differ. The doc table is read too, so the
// docs cannot drift from the code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import type { ClosedTrade, FullMetricsSnapshot } from '../core/metrics-snapshot';
import type { EquityPoint } from './backtest-result';
import { runBacktestSync } from './run-backtest';
import { barsFrom, dataset } from './testing/backtest-fixtures';

// Business days only (backtesting.py annualizes by 365 when more than ~17 % of bars fall on weekends).
const CLOSES = [10.4, 10.2, 10, 10, 11, 12, 13, 14, 13, 12, 11, 10, 11, 12, 11, 10, 9, 10, 11, 12, 14, 13.8, 14.5, 16, 15.2, 15.6];
const OFFSETS = [0, 0.2, -0.1, 0.3, -0.2, 0.1, 0.4, -0.3, 0.2, -0.1, 0.3, 0.1, -0.2, 0.2, 0.1, -0.3, 0.2, 0.1, -0.1, 0.3, 0.2, -0.2, 0.1, 0.3, -0.2, 0.1];
const OPENS = CLOSES.map((c, i) => (i === 0 ? c : CLOSES[i - 1] + OFFSETS[i]));
const MONDAY = Date.UTC(2024, 0, 1);
const weekday = (i: number): number => MONDAY + (Math.floor(i / 5) * 7 + (i % 5)) * 86_400_000;
const bars = barsFrom(
  'SPX',
  CLOSES.map((c, i) => [OPENS[i], Math.max(OPENS[i], c) + 0.3, Math.min(OPENS[i], c) - 0.3, c] as const),
).map((b, i) => ({ ...b, timestamp: weekday(i) }));
const n = bars.length;
const CAPITAL = 1000;
const QTY = 10;
const SLOW = 3;

const YAML = `
name: backtesting.py comparison
initial_capital: ${CAPITAL}
data: {source: sp500, timeframes: ["1d"]}
containers:
  - {id: sma, type: strategy, strategy: ma_crossover, params: {fast: 2, slow: ${SLOW}}}
  - id: portfolio_1
    type: portfolio
    strategies: [sma]
    sizing: {type: fixed, quantity: ${QTY}}
    event_tracing: {store_equity_curve: true, store_trades: true}
`;

function run(): { m: FullMetricsSnapshot; trades: ClosedTrade[]; curve: EquityPoint[] } {
  const parsed = parseStudioConfig(YAML);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  const c = runBacktestSync(parsed.config, dataset(bars)).containers.portfolio_1!;
  return { m: c.metrics as FullMetricsSnapshot, trades: c.trades, curve: c.equityCurve! };
}

const { m, trades, curve } = run();
const barOf = (t: number): number => bars.findIndex((b) => b.timestamp === t);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const last = n - 1;

/** backtesting.py's trade list: the same decisions, the end-of-data trade closed at the last bar's OPEN. */
const btTrades = trades.map((t) => {
  const exitPrice = t.reason === 'end_of_data' ? bars[last].open : t.exitPrice;
  const pnl = (exitPrice - t.entryPrice) * t.quantity; // long only, no commission
  return { entryBar: barOf(t.entryTime), exitBar: barOf(t.exitTime), pnl, returnPct: exitPrice / t.entryPrice - 1 };
});

/** backtesting.py's geometric_mean: NaN counted as 0, 0 when any 1 + r ≤ 0. */
function btGeometricMean(returns: readonly number[]): number {
  const g = returns.map((r) => (Number.isNaN(r) ? 0 : r) + 1);
  if (g.some((x) => x <= 0)) return 0;
  return Math.exp(sum(g.map(Math.log)) / g.length) - 1;
}

describe('the fixed run these figures are taken on', () => {
  it('has a win and a loss closed by signals and a position still open at the end', () => {
    expect(trades.map((t) => t.reason)).toEqual(['signal', 'signal', 'end_of_data']);
    expect(trades.some((t) => t.pnl > 0) && trades.some((t) => t.pnl < 0)).toBe(true);
    expect(curve).toHaveLength(n);
    expect(curve[0]!.equity).toBe(CAPITAL);
  });
});

describe('differences from backtesting.py, each as docs/metrics.md states it', () => {
  it('end-of-data close: ours at the last bar close, backtesting.py at the last bar open', () => {
    const open = trades[2]!;
    expect(open.exitPrice).toBe(CLOSES[last]);
    expect(open.exitTime).toBe(bars[last].timestamp);
    // Ours books the last bar's whole move; backtesting.py's exit misses it: exactly qty × (close − open).
    expect(open.pnl - btTrades[2]!.pnl).toBeCloseTo(QTY * (CLOSES[last] - OPENS[last]), 12);
    expect(CLOSES[last]).not.toBe(OPENS[last]);
    // Our final equity is the curve's last mark, closed at that mark's price.
    expect(m.finalEquity).toBeCloseTo(CAPITAL + sum(trades.map((t) => t.pnl)), 9);
    expect(curve[last]!.equity).toBeCloseTo(m.finalEquity, 9);
  });

  it('profit factor: ours on currency pnl, backtesting.py on trade returns', () => {
    const pnl = trades.map((t) => t.pnl);
    const ours = sum(pnl.filter((p) => p > 0)) / Math.abs(sum(pnl.filter((p) => p < 0)));
    expect(m.profitFactor).toBeCloseTo(ours, 12);
    const onReturns = (rs: number[]) => sum(rs.filter((r) => r > 0)) / Math.abs(sum(rs.filter((r) => r < 0)));
    const bt = onReturns(btTrades.map((t) => t.returnPct));
    // Not only because of the end-of-data price: the same trades' returns give another figure too.
    const oursOnReturns = onReturns(trades.map((t) => t.exitPrice / t.entryPrice - 1));
    expect(bt).not.toBeCloseTo(m.profitFactor, 2);
    expect(oursOnReturns).not.toBeCloseTo(m.profitFactor, 2);
  });

  it('average trade: ours the arithmetic mean of trade returns, backtesting.py the geometric mean', () => {
    const returns = trades.map((t) => t.returnPct!);
    expect(m.avgTradePct).toBeCloseTo(sum(returns) / returns.length, 12);
    expect(m.avgTradePnl).toBeCloseTo(sum(trades.map((t) => t.pnl)) / trades.length, 12);
    const geometric = btGeometricMean(returns);
    // AM ≥ GM, strictly for returns that differ: on the same trades the geometric figure is lower.
    expect(geometric).toBeLessThan(m.avgTradePct - 0.005);
    // backtesting.py's "Expectancy [%]" is the arithmetic one (on its own trade returns).
    const btExpectancy = sum(btTrades.map((t) => t.returnPct)) / btTrades.length;
    expect(btExpectancy).toBeGreaterThan(btGeometricMean(btTrades.map((t) => t.returnPct)));
  });

  it('annualized return: ours over n − 1 periods, backtesting.py (1 + gmean)^252 − 1 over n daily returns', () => {
    const e = curve.map((p) => p.equity);
    expect(m.annualizedReturn).toBeCloseTo(Math.pow(e[last]! / CAPITAL, 252 / (n - 1)) - 1, 12);
    // backtesting.py: day_returns = equity.pct_change() (first NaN), gmean counts the NaN as 0.
    const dayReturns = e.map((x, i) => (i === 0 ? Number.NaN : x / e[i - 1]! - 1));
    const bt = Math.pow(1 + btGeometricMean(dayReturns), 252) - 1;
    expect(bt).toBeCloseTo(Math.pow(e[last]! / e[0]!, 252 / n) - 1, 10);
    expect(m.annualizedReturn).toBeGreaterThan(bt); // a gain spread over one period fewer
  });

  it('Sharpe: ours the arithmetic per-bar Sharpe, backtesting.py its annualized geometric return over its volatility', () => {
    const e = curve.map((p) => p.equity);
    const r = e.slice(1).map((x, i) => x / e[i]! - 1);
    const mean = sum(r) / r.length;
    const sd = Math.sqrt(sum(r.map((x) => (x - mean) ** 2)) / (r.length - 1));
    expect(m.sharpeRatio).toBeCloseTo((mean / sd) * Math.sqrt(252), 10);
    const g = btGeometricMean([Number.NaN, ...r]);
    const annual = Math.pow(1 + g, 252) - 1;
    const vol = Math.sqrt(Math.pow(sd * sd + (1 + g) ** 2, 252) - Math.pow(1 + g, 2 * 252)); // pandas var skips the NaN
    const bt = annual / vol;
    expect(bt).not.toBeCloseTo(m.sharpeRatio, 2);
  });

  it("exposure: backtesting.py also counts each trade's exit bar, one bar per trade more", () => {
    const held = new Array<number>(n).fill(0);
    for (const t of btTrades) for (let i = t.entryBar; i <= t.exitBar; i++) held[i] = 1;
    const bt = sum(held) / n;
    expect(m.exposure).toBeCloseTo(sum(trades.map((t) => t.barsHeld!)) / n, 12);
    expect(bt - m.exposure).toBeCloseTo(trades.length / n, 12);
  });

  it("buy & hold: ours from the first close, backtesting.py from the close after the indicators' warm-up", () => {
    expect(m.buyAndHoldReturn).toBeCloseTo(CLOSES[last] / CLOSES[0] - 1, 12);
    const warmup = SLOW - 1; // the first bar at which the slow SMA has a value
    const bt = CLOSES[last] / CLOSES[warmup] - 1;
    expect(bt - m.buyAndHoldReturn).toBeCloseTo(CLOSES[last] / CLOSES[warmup] - CLOSES[last] / CLOSES[0], 12);
    expect(bt).not.toBeCloseTo(m.buyAndHoldReturn, 6);
  });

  it('average drawdown: ours over completed episodes (the open one reported apart), backtesting.py averages the open one too', () => {
    const e = curve.map((p) => p.equity);
    let peak = -Infinity;
    const dd = e.map((x) => ((peak = Math.max(peak, x)), 1 - x / peak));
    // backtesting.py's compute_drawdown_duration_peaks: spans between zero-drawdown bars (and the last bar).
    const ends = [...new Set([...dd.flatMap((d, i) => (d === 0 ? [i] : [])), last])].sort((a, b) => a - b);
    const episodes: number[] = [];
    for (let k = 1; k < ends.length; k++) {
      if (ends[k]! > ends[k - 1]! + 1) episodes.push(Math.max(...dd.slice(ends[k - 1], ends[k]! + 1)));
    }
    const btAvg = sum(episodes) / episodes.length;
    const open = dd[last]! > 0 ? episodes[episodes.length - 1]! : 0;
    const completed = dd[last]! > 0 ? episodes.slice(0, -1) : episodes;
    expect(open).toBeGreaterThan(0);
    expect(m.drawdownEpisodes).toBe(completed.length);
    expect(m.avgDrawdown).toBeCloseTo(sum(completed) / completed.length, 12);
    expect(m.openDrawdown).toBeCloseTo(open, 12);
    expect(btAvg).toBeCloseTo((sum(completed) + open) / (completed.length + 1), 12);
    expect(btAvg).not.toBeCloseTo(m.avgDrawdown, 6);
  });
});

describe('docs/metrics.md says so', () => {
  const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
  const table = doc.slice(doc.indexOf('## Compared with backtesting.py'), doc.indexOf('## Walk-forward'));
  const row = (figure: string): string => table.split('\n').find((l) => l.startsWith(`| ${figure} |`)) ?? '';

  it('keeps a row per difference pinned above', () => {
    expect(table.length).toBeGreaterThan(0);
    expect(row('end-of-data close')).toMatch(/at the last bar's close.*the last bar's open/);
    expect(row('profit factor')).toMatch(/on currency pnl.*on trade returns/);
    expect(row('average trade')).toMatch(/\*\*arithmetic\*\*.*\*\*geometric\*\*/);
    expect(row('annualized return')).toContain('(1 + gmean)^252 − 1');
    expect(row('annualized return')).toContain('k = n − 1');
    expect(row('exposure')).toContain("each trade's exit bar");
    expect(row('buy & hold')).toContain("after the indicators' warm-up (since 0.6.0)");
    expect(row('average drawdown')).toMatch(/completed episodes only.*averages the open episode too/);
    expect(row('Sharpe')).toContain('geometric');
    expect(table).toContain('backtesting-py-differences.test.ts');
  });

  it('no longer says the wrong things it used to about backtesting.py', () => {
    expect(doc).not.toContain('geometric mean of daily returns × 252');
    expect(doc).not.toContain('`Close[-1] / Close[0] − 1` of its one symbol');
    expect(doc).not.toMatch(/\| `exposure` \|[^\n]*\| backtesting\.py "Exposure Time \[%\]"\. \|/);
    expect(doc).toContain('n marks give n − 1 returns');
  });
});
