// The config a first visit opens with (used until the config module's
// DEFAULT_CONFIG_YAML is available): a moving-average crossover on the S&P 500,
// tracing whole trades, with a small sweep ready to press.
export const DEFAULT_STUDIO_YAML = `# Event Studio — edit, then Ctrl/⌘ + Enter to run.
name: SPX MA crossover
initial_capital: 100000

data:
  source: sp500
  timeframes: [1d]

execution:
  commission_per_trade: 1
  slippage_bps: 2
  fill_model: next_open

containers:
  - id: ma_cross
    type: strategy
    strategy: ma_crossover
    params:
      fast: 20
      slow: 50
  - id: portfolio_main
    type: portfolio
    strategies: [ma_cross]
    sizing:
      type: percent_equity
      percent: 95

trace_settings:
  default:
    retention_policy: trade_complete
    store_equity_curve: true

optimization:
  objective: sharpe_ratio
  direction: maximize
  parameters:
    ma_cross.params.fast: [5, 10, 20, 30]
    ma_cross.params.slow: [50, 100, 150, 200]
`;
