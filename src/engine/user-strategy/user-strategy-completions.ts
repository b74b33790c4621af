// Editor completions for the strategy lab without a TypeScript language service: the
// API's names as CodeMirror-style entries (label, type, detail, info), grouped by where
// they apply — top level, after `ctx.`, `bar.`, an indicator, a params declaration.
// user-strategy-completions.test.ts keeps them in step with the runtime and the API text.

export type CompletionScope = 'global' | 'ctx' | 'bar' | 'indicator' | 'bollinger' | 'regression' | 'export' | 'param-field';

export interface UserStrategyCompletion {
  label: string;
  /** CodeMirror completion type (icon). */
  type: 'function' | 'method' | 'property' | 'variable' | 'keyword' | 'type';
  scope: CompletionScope;
  /** Short signature shown beside the label. */
  detail: string;
  /** One-line documentation. */
  info: string;
}

const c = (scope: CompletionScope, type: UserStrategyCompletion['type'], label: string, detail: string, info: string): UserStrategyCompletion => ({ label, type, scope, detail, info });

export const USER_STRATEGY_COMPLETIONS: readonly UserStrategyCompletion[] = [
  // Indicator factories (in scope as free functions and as ctx.indicators.*); only in init or at the top level.
  c('global', 'function', 'sma', '(period: number) → Indicator', 'Simple moving average. Make it in init, step it in onBar with .update(bar.close).'),
  c('global', 'function', 'ema', '(period: number) → Indicator', 'Exponential moving average, α = 2/(period+1), seeded with the SMA.'),
  c('global', 'function', 'rsi', '(period = 14) → Indicator', "Wilder's RSI, 0–100."),
  c('global', 'function', 'bollinger', '(period = 20, numStd = 2) → Bollinger', 'Bollinger Bands: update returns the middle band; .upper, .lower, .percentB, .bandwidth.'),
  c('global', 'function', 'highest', '(period: number) → Indicator', 'Highest of the last period values (Donchian upper channel).'),
  c('global', 'function', 'lowest', '(period: number) → Indicator', 'Lowest of the last period values (Donchian lower channel).'),
  c('global', 'function', 'roc', '(period: number) → Indicator', 'Rate of change as a fraction: x / x[period bars ago] − 1.'),
  c('global', 'function', 'zscore', '(period: number) → Indicator', 'z-score of the latest value within its window (population σ).'),
  c('global', 'function', 'stddev', '(period: number) → Indicator', 'Rolling population standard deviation.'),
  c('global', 'function', 'regression', '(period: number) → Regression', 'Rolling regression of y on x: .update(x, y), .beta, .correlation, .spreadZScore(x, y, beta).'),
  // Module exports.
  c('export', 'variable', 'params', 'export const params = { name: { default, min?, max?, step?, description? } }', 'Declared params: YAML `params:` override the defaults; sweeps use min/max/step.'),
  c('export', 'function', 'init', 'export function init(ctx: InitContext<typeof params>)', 'Runs once per backtest before the first bar: make indicators and state here.'),
  c('export', 'function', 'onBar', 'export function onBar(bar: Bar, ctx: BarContext<typeof params>)', 'Runs for every bar of the strategy’s symbols (one timeframe); emit signals here.'),
  c('export', 'variable', 'description', "export const description = '…'", 'One sentence shown in the strategy list.'),
  c('export', 'variable', 'symbolCount', 'export const symbolCount = { min: 2, max: 2 }', 'How many symbols the strategy needs (default: at least 1).'),
  // Context (also `this` in init/onBar).
  c('ctx', 'method', 'emitSignal', "(symbol, direction: 'long' | 'short' | 'flat', strength = 1)", 'Signal on this bar; published when onBar returns. Only in onBar.'),
  c('ctx', 'method', 'position', "(symbol) → 'long' | 'short' | 'flat'", 'What the portfolio holds for this strategy at the start of the bar. Only in onBar.'),
  c('ctx', 'method', 'perSymbol', '<T>(make: (symbol) => T) → Record<string, T>', 'One value per symbol, e.g. ctx.perSymbol(() => ({ fast: sma(10) })).'),
  c('ctx', 'property', 'params', 'ParamValues<typeof params>', 'This run’s param values (YAML over declared defaults), plus timeframe.'),
  c('ctx', 'property', 'state', 'Record<string, unknown>', 'Free per-strategy state (also this.state).'),
  c('ctx', 'property', 'symbols', 'readonly string[]', 'The symbols this strategy trades (pairs: [A, B]).'),
  c('ctx', 'property', 'id', 'string', 'The strategy container’s id in the config.'),
  c('ctx', 'property', 'indicators', 'Indicators', 'The indicator factories (same as the free functions sma, ema, …).'),
  // Bar fields.
  c('bar', 'property', 'timestamp', 'number', 'Bar open time, ms since epoch (UTC). new Date(bar.timestamp) works; Date.now() does not.'),
  c('bar', 'property', 'symbol', 'string', 'The bar’s symbol.'),
  c('bar', 'property', 'timeframe', 'string', "e.g. '1m', '1h', '1d'."),
  c('bar', 'property', 'open', 'number', 'Open price.'),
  c('bar', 'property', 'high', 'number', 'High price.'),
  c('bar', 'property', 'low', 'number', 'Low price.'),
  c('bar', 'property', 'close', 'number', 'Close price.'),
  c('bar', 'property', 'volume', 'number', 'Volume.'),
  // Indicator members.
  c('indicator', 'method', 'update', '(value: number) → number | undefined', 'Feeds the next value; undefined while warming up.'),
  c('indicator', 'property', 'value', 'number | undefined', 'The last value update returned.'),
  c('indicator', 'property', 'isReady', 'boolean', 'True once enough values were seen.'),
  c('indicator', 'method', 'reset', '()', 'Forgets everything, as if newly made.'),
  c('bollinger', 'property', 'middle', 'number | undefined', 'Middle band (the SMA).'),
  c('bollinger', 'property', 'upper', 'number | undefined', 'Upper band: middle + numStd·σ.'),
  c('bollinger', 'property', 'lower', 'number | undefined', 'Lower band: middle − numStd·σ.'),
  c('bollinger', 'property', 'percentB', 'number | undefined', '(x − lower) / (upper − lower).'),
  c('bollinger', 'property', 'bandwidth', 'number | undefined', '(upper − lower) / middle.'),
  c('regression', 'method', 'update', '(x: number, y: number) → number | undefined', 'Adds a pair; returns the rolling correlation.'),
  c('regression', 'property', 'beta', 'number | undefined', 'OLS slope of y on x (hedge ratio).'),
  c('regression', 'property', 'alpha', 'number | undefined', 'OLS intercept.'),
  c('regression', 'property', 'correlation', 'number | undefined', 'Rolling correlation of x and y.'),
  c('regression', 'property', 'meanX', 'number | undefined', 'Window mean of x.'),
  c('regression', 'property', 'meanY', 'number | undefined', 'Window mean of y.'),
  c('regression', 'method', 'spreadZScore', '(x, y, beta) → number | undefined', 'z-score of y − beta·x against the window’s spreads.'),
  c('regression', 'property', 'isReady', 'boolean', 'True once the window is full.'),
  c('regression', 'method', 'reset', '()', 'Forgets everything.'),
  // Fields of one params entry.
  c('param-field', 'property', 'default', 'number | boolean | string', 'Required: the value when YAML gives none.'),
  c('param-field', 'property', 'min', 'number', 'Smallest allowed value (checked on every run).'),
  c('param-field', 'property', 'max', 'number', 'Largest allowed value.'),
  c('param-field', 'property', 'step', 'number', 'Grid step for sweeps.'),
  c('param-field', 'property', 'description', 'string', 'Shown in the params form and on hover.'),
  c('param-field', 'property', 'type', "'integer' | 'number' | 'boolean' | 'string'", 'Inferred unless given: integer when default/min/max/step are whole numbers.'),
  c('param-field', 'property', 'options', 'string[]', 'Allowed values of a string param.'),
];
