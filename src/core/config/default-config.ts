// The studio's default config as a string, for code that cannot read files (browser,
// worker). Kept byte-identical to default-config.yaml by a unit test: edit the .yaml, then
// paste it here (between the backticks).
export const DEFAULT_CONFIG_YAML = `# Event Studio — the default study.
# A momentum strategy on the bundled S&P 500 daily bars. Change any value and run again;
# every key is documented in docs/config.md (hover a key in the editor for its help).

# A name for this study: shown in the run list and in exported results.
name: S&P 500 momentum

# Starting cash of the account.
initial_capital: 100000

# Market data: which bars the backtest replays, oldest first.
data:
  source: sp500        # bundled dataset: sp500 | stocks | aapl | synthetic, or csv:<name> for an imported CSV
  symbols: [SPX]       # the S&P 500 index
  timeframes: ["1d"]   # daily bars

# Execution: how orders become fills. An order made on bar t fills at the open of bar t+1,
# so a strategy never trades on a price it could not have known (no look-ahead).
execution:
  fill_model: next_open
  commission_per_trade: 0     # fixed fee per fill
  commission_percent: 0.05    # percent of the fill's value (0.05 = 0.05 %)
  slippage_bps: 2             # basis points against you on every fill

# Containers: the pieces of the event-driven engine. Each has a unique id; the trace
# settings below select containers by id pattern (portfolio_*, strategy_*).
containers:
  # The strategy turns bars into SIGNAL events. Momentum: long when the close has risen
  # more than "threshold" (a fraction) over the last "lookback" bars, flat otherwise.
  - id: strategy_momentum_1
    type: strategy
    strategy: momentum
    params:
      lookback: 20       # bars to look back
      threshold: 0.0     # minimum return over the lookback to go long (0.0 = any gain)

  # The portfolio listens ONLY to the strategies it names (its mandatory signal filter),
  # sizes each signal into an order, and tracks positions, equity and trades.
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_momentum_1]
    sizing:
      type: percent_equity   # put a share of current equity into each entry
      percent: 95            # keep 5 % in cash for commission and slippage
    allow_short: false
    risk:
      stop_loss: 0.1         # optional: exit when price falls 10 % below the entry
      # take_profit: 0.25    # optional: exit at +25 %

  # The execution simulator fills the portfolio's orders against the bars (see execution).
  - id: execution_1
    type: execution

# Tracing: which events each container records and how many it keeps.
trace_settings:
  container_settings:
    # Portfolios keep each trade's events (signal → order → fill → position) while the trade
    # is open; when it closes its metrics are taken and its events pruned, so memory stays
    # flat however many trades there are.
    "portfolio_*":
      retention_policy: trade_complete
    # Strategies keep their last 500 signals and regime changes: enough to inspect recent
    # decisions. Add FEATURES to see the indicator values behind each signal (one event a bar).
    "strategy_*":
      retention_policy: sliding_window
      max_events: 500
      events_to_trace: [SIGNAL, REGIME_CHANGE]

# Optimization: the parameter sweep. Each path is a container id then a key; every
# combination of values is one backtest (here 5 × 3 = 15), ranked by the objective.
optimization:
  objective: sharpe_ratio    # rank runs by Sharpe ratio…
  direction: maximize        # …highest first
  parameters:
    strategy_momentum_1.params.lookback: [10, 20, 40, 60, 120]
    strategy_momentum_1.params.threshold: {from: 0.0, to: 0.02, step: 0.01}
`;
