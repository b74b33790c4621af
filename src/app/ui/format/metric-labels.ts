// What every metric is called on screen and what it measures: one map for cards, tables and
// charts, so no view shows a raw key (`Cagr`, `winning_trades`) or a label that hides what is
// averaged over (drawdowns: completed episodes only). Keys are MetricsSnapshot's camelCase;
// snake_case names (as a config writes them) are looked up through the same map.
import { snakeToCamel } from '../../../core/config/metric-names';

export interface MetricLabel {
  /** Short, complete label (never truncated on screen). */
  label: string;
  /** How it is computed, for the card's tooltip. */
  help: string;
}

export const METRIC_LABELS: Readonly<Record<string, MetricLabel>> = {
  totalReturn: { label: 'Total return', help: 'Final equity / initial capital − 1' },
  buyAndHoldReturn: { label: 'Buy & hold', help: 'Holding every symbol of the data over the same bars, equal weight: mean of last close / first close − 1' },
  totalPnl: { label: 'Net P&L', help: 'Sum of closed trades’ pnl, net of commission' },
  finalEquity: { label: 'Final equity', help: 'Cash plus open positions marked at the last close' },
  initialCapital: { label: 'Initial capital', help: 'Starting cash of the portfolio' },
  sharpeRatio: { label: 'Sharpe ratio', help: 'mean(r) / sample-stdev(r) × √periodsPerYear of per-bar equity returns; 0 with < 2 returns' },
  sortinoRatio: { label: 'Sortino ratio', help: 'mean(r) / downside deviation × √periodsPerYear' },
  calmarRatio: { label: 'Calmar ratio', help: 'Annualised return / max drawdown' },
  maxDrawdown: { label: 'Max drawdown', help: 'Largest (running peak − equity) / running peak' },
  maxDrawdownDuration: { label: 'Max drawdown duration', help: 'Longest time from a peak until equity regained it (or the end)' },
  maxDrawdownBars: { label: 'Max drawdown bars', help: 'Longest drawdown in equity updates (bars)' },
  totalTrades: { label: 'Trades', help: 'Closed round trips' },
  winningTrades: { label: 'Winning trades', help: 'Closed trades with pnl > 0' },
  losingTrades: { label: 'Losing trades', help: 'Closed trades with pnl ≤ 0' },
  winRate: { label: 'Win rate', help: 'Trades with pnl > 0 / closed trades' },
  profitFactor: { label: 'Profit factor', help: 'Gross profit / |gross loss|; ∞ with no losing trade' },
  expectancy: { label: 'Expectancy', help: 'Average pnl per trade' },
  grossProfit: { label: 'Gross profit', help: 'Sum of winning trades’ pnl' },
  grossLoss: { label: 'Gross loss', help: 'Sum of losing trades’ pnl (≤ 0)' },
  avgWin: { label: 'Avg win', help: 'Mean pnl of winning trades' },
  avgLoss: { label: 'Avg loss', help: 'Mean pnl of losing trades' },
  largestWin: { label: 'Largest win', help: 'Best single trade pnl' },
  largestLoss: { label: 'Largest loss', help: 'Worst single trade pnl' },
  exposure: { label: 'Exposure', help: 'Fraction of bars with at least one open position' },
  equityUpdates: { label: 'Equity updates', help: 'Bars the equity was marked on' },
  cagr: { label: 'CAGR', help: 'Compound annual growth rate: (final / initial)^(1 / years) − 1 over the calendar span' },
  annualizedReturn: { label: 'Annualized return', help: '(final / initial)^(periodsPerYear / return periods) − 1' },
  annualizedVolatility: { label: 'Annualized volatility', help: 'sample-stdev of per-bar returns × √periodsPerYear' },
  sqn: { label: 'SQN', help: 'System quality number: √N × mean(pnl) / stdev(pnl) over closed trades' },
  kellyCriterion: { label: 'Kelly criterion', help: 'W − (1 − W) / R, W = win rate, R = avg win / |avg loss|' },
  bestTrade: { label: 'Best trade', help: 'Highest trade pnl' },
  worstTrade: { label: 'Worst trade', help: 'Lowest trade pnl' },
  avgTradePnl: { label: 'Avg trade P&L', help: 'Mean trade pnl (= expectancy)' },
  bestTradePct: { label: 'Best trade %', help: 'Highest trade return (pnl / entry notional)' },
  worstTradePct: { label: 'Worst trade %', help: 'Lowest trade return (pnl / entry notional)' },
  avgTradePct: { label: 'Avg trade %', help: 'Mean trade return (pnl / entry notional)' },
  avgTradeBars: { label: 'Avg bars held', help: 'Mean bars a trade was held' },
  maxTradeBars: { label: 'Max bars held', help: 'Most bars a trade was held' },
  avgTradeDuration: { label: 'Avg trade duration', help: 'Mean exit time − entry time' },
  maxTradeDuration: { label: 'Max trade duration', help: 'Longest exit time − entry time' },
  avgDrawdown: { label: 'Avg drawdown (completed episodes)', help: 'Mean depth of drawdown episodes that recovered to their peak; the open episode is shown apart' },
  avgDrawdownDuration: { label: 'Avg drawdown duration (completed)', help: 'Mean length of completed drawdown episodes (peak → back at the peak)' },
  avgDrawdownBars: { label: 'Avg drawdown bars (completed)', help: 'Mean length of completed drawdown episodes in bars' },
  drawdownEpisodes: { label: 'Completed drawdown episodes', help: 'Drawdowns that recovered to their peak (counted in the averages)' },
  openDrawdown: { label: 'Open drawdown', help: 'The drawdown still open at the last bar: its deepest point so far below its peak (not in the averages)' },
  openDrawdownDuration: { label: 'Open drawdown duration', help: 'Time from the open drawdown’s peak to the last bar' },
  openDrawdownBars: { label: 'Open drawdown bars', help: 'Bars from the open drawdown’s peak to the last bar' },
  maxRunUp: { label: 'Max run-up', help: 'Largest (equity − running trough) / running trough' },
  maxConsecutiveWins: { label: 'Max consecutive wins', help: 'Longest streak of winning trades' },
  maxConsecutiveLosses: { label: 'Max consecutive losses', help: 'Longest streak of losing trades' },
  commissionsPaid: { label: 'Commissions paid', help: 'Sum of every fill’s commission' },
  longTrades: { label: 'Long trades', help: 'Closed long round trips' },
  longWinRate: { label: 'Long win rate', help: 'Winning long trades / long trades' },
  longPnl: { label: 'Long P&L', help: 'Sum of long trades’ pnl' },
  shortTrades: { label: 'Short trades', help: 'Closed short round trips' },
  shortWinRate: { label: 'Short win rate', help: 'Winning short trades / short trades' },
  shortPnl: { label: 'Short P&L', help: 'Sum of short trades’ pnl' },
};

/** Acronyms a generated label keeps upper-case. */
const ACRONYMS = new Set(['pnl', 'cagr', 'sqn', 'pct', 'id']);

/** The label of a metric key (camelCase or snake_case); an unknown key reads as words, never raw. */
export function metricLabel(key: string): string {
  const camel = key.includes('_') ? snakeToCamel(key) : key;
  const known = METRIC_LABELS[camel];
  if (known) return known.label;
  const words = camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/\s+/);
  const text = words.map((w) => (ACRONYMS.has(w) ? (w === 'pnl' ? 'P&L' : w === 'pct' ? '%' : w.toUpperCase()) : w)).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How a metric is computed (tooltip), or its label when none is written. */
export function metricHelp(key: string): string {
  const camel = key.includes('_') ? snakeToCamel(key) : key;
  return METRIC_LABELS[camel]?.help ?? metricLabel(key);
}
