// The metric names a config may refer to (dynamic rule conditions, optimization
// objective), in the snake_case users write; camelCase is derived, never listed twice.

/** Every MetricsSnapshot field, snake_case (contract §4 plus the engine's extras). */
export const KNOWN_METRIC_NAMES = [
  'total_return',
  'sharpe_ratio',
  'max_drawdown',
  'win_rate',
  'profit_factor',
  'total_trades',
  'winning_trades',
  'losing_trades',
  'gross_profit',
  'gross_loss',
  'total_pnl',
  'final_equity',
  'sortino_ratio',
  'calmar_ratio',
  'max_drawdown_duration',
  'max_drawdown_bars',
  'expectancy',
  'avg_win',
  'avg_loss',
  'largest_win',
  'largest_loss',
  'exposure',
  'initial_capital',
  'equity_updates',
  // Analysis-depth statistics (AnalysisMetrics in metrics-snapshot.ts).
  'cagr',
  'annualized_return',
  'annualized_volatility',
  'buy_and_hold_return',
  'sqn',
  'kelly_criterion',
  'best_trade',
  'worst_trade',
  'avg_trade_pnl',
  'best_trade_pct',
  'worst_trade_pct',
  'avg_trade_pct',
  'avg_trade_bars',
  'max_trade_bars',
  'avg_trade_duration',
  'max_trade_duration',
  'avg_drawdown',
  'avg_drawdown_duration',
  'avg_drawdown_bars',
  'drawdown_episodes',
  'open_drawdown',
  'open_drawdown_duration',
  'open_drawdown_bars',
  'max_run_up',
  'max_consecutive_wins',
  'max_consecutive_losses',
  'commissions_paid',
  'long_trades',
  'long_win_rate',
  'long_pnl',
  'short_trades',
  'short_win_rate',
  'short_pnl',
] as const;

/** Objectives where lower is better: an optimization ranking by one defaults to minimize. */
export const LOWER_IS_BETTER_METRICS: ReadonlySet<string> = new Set([
  'max_drawdown',
  'max_drawdown_duration',
  'max_drawdown_bars',
  'losing_trades',
  'annualized_volatility',
  'avg_drawdown',
  'avg_drawdown_duration',
  'avg_drawdown_bars',
  'open_drawdown',
  'open_drawdown_duration',
  'open_drawdown_bars',
  'max_consecutive_losses',
  'commissions_paid',
]);

export type KnownMetricName = (typeof KNOWN_METRIC_NAMES)[number];

/** 'total_pnl' → 'totalPnl'. */
export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** 'totalPnl' → 'total_pnl'. */
export function camelToSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The snake_case form of a metric name written either way, or undefined when unknown. */
export function normalizeMetricName(name: string): KnownMetricName | undefined {
  const snake = camelToSnake(name);
  return (KNOWN_METRIC_NAMES as readonly string[]).includes(snake) ? (snake as KnownMetricName) : undefined;
}
