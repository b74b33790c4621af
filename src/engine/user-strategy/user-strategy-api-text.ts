// The user-strategy API as TypeScript declarations, for the strategy lab editor's
// completion, hover and type checking (add it as an extra lib / ambient file). It
// describes what user-strategy.ts and user-indicators.ts implement; the API test
// checks every runtime member is declared here and the templates type-check against it.

export const USER_STRATEGY_API_TEXT = `/**
 * Strategy lab API. A strategy is a module:
 *
 *   export const params = { fast: { default: 10, min: 2, max: 100, step: 1, description: 'Fast SMA' } };
 *   export function init(ctx: InitContext<typeof params>) { fast = sma(ctx.params.fast); }
 *   export function onBar(bar: Bar, ctx: BarContext<typeof params>) { … ctx.emitSignal(bar.symbol, 'long'); }
 *
 * Optional exports: description (string), symbolCount ({ min, max }). Nothing can be imported.
 * YAML uses it as \`strategy: user:<name>\` with \`params:\` like any built-in; every strategy also
 * takes \`timeframe\` (which timeframe's bars reach onBar; default: the first seen per symbol).
 * Module-level variables are per strategy instance. Code runs in a sandbox: no network, no DOM,
 * no timers, no wall clock (Date.now() throws; Math.random is seeded, so runs repeat exactly),
 * and every loop/function is time-limited (per bar and per run).
 */

/** One OHLCV bar. Frozen: a strategy cannot change the data. */
interface Bar {
  /** Bar open time, ms since epoch (UTC). */
  readonly timestamp: number;
  readonly symbol: string;
  /** e.g. '1m', '1h', '1d'. */
  readonly timeframe: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

type Direction = 'long' | 'short' | 'flat';

/** A streaming indicator: made once in init, fed one value per bar. */
interface Indicator {
  /** Feeds the next value; returns the indicator's value, or undefined while warming up. */
  update(value: number): number | undefined;
  /** The last value update returned. */
  readonly value: number | undefined;
  /** True once enough values were seen. */
  readonly isReady: boolean;
  /** Forgets everything, as if newly made. */
  reset(): void;
}

/** Bollinger Bands: update returns the middle band. */
interface Bollinger extends Indicator {
  readonly middle: number | undefined;
  readonly upper: number | undefined;
  readonly lower: number | undefined;
  /** (x − lower) / (upper − lower). */
  readonly percentB: number | undefined;
  /** (upper − lower) / middle. */
  readonly bandwidth: number | undefined;
}

/** Rolling regression/correlation of two series (pairs trading). */
interface Regression {
  /** Adds a pair (x, y); returns their rolling correlation (undefined while warming up or flat). */
  update(x: number, y: number): number | undefined;
  readonly isReady: boolean;
  readonly correlation: number | undefined;
  /** OLS slope of y on x (the hedge ratio). */
  readonly beta: number | undefined;
  /** OLS intercept. */
  readonly alpha: number | undefined;
  readonly meanX: number | undefined;
  readonly meanY: number | undefined;
  /** z-score of y − beta·x against the window's spreads with that beta. */
  spreadZScore(x: number, y: number, beta: number): number | undefined;
  reset(): void;
}

/** Indicator factories. Call them in init (or at the top level), never in onBar. */
interface Indicators {
  /** Simple moving average. */
  sma(period: number): Indicator;
  /** Exponential moving average (α = 2/(period+1), SMA-seeded). */
  ema(period: number): Indicator;
  /** Wilder's RSI, 0–100 (default period 14). */
  rsi(period?: number): Indicator;
  /** Bollinger Bands of the close: middle SMA ± numStd population σ (defaults 20, 2). */
  bollinger(period?: number, numStd?: number): Bollinger;
  /** Highest value of the last period values (Donchian upper). */
  highest(period: number): Indicator;
  /** Lowest value of the last period values (Donchian lower). */
  lowest(period: number): Indicator;
  /** Rate of change as a fraction: x / x[period bars ago] − 1. */
  roc(period: number): Indicator;
  /** z-score of the latest value within its window (population σ; 0 when flat). */
  zscore(period: number): Indicator;
  /** Rolling population standard deviation. */
  stddev(period: number): Indicator;
  /** Rolling regression / correlation of two series. */
  regression(period: number): Regression;
}

declare const sma: Indicators['sma'];
declare const ema: Indicators['ema'];
declare const rsi: Indicators['rsi'];
declare const bollinger: Indicators['bollinger'];
declare const highest: Indicators['highest'];
declare const lowest: Indicators['lowest'];
declare const roc: Indicators['roc'];
declare const zscore: Indicators['zscore'];
declare const stddev: Indicators['stddev'];
declare const regression: Indicators['regression'];

/** One declared param. The type is inferred from the values unless given: integer when default/min/max/step are all whole numbers. */
interface ParamDecl {
  default: number | boolean | string;
  min?: number;
  max?: number;
  /** Grid step the parameter sweep uses. */
  step?: number;
  description?: string;
  type?: 'integer' | 'number' | 'boolean' | 'string';
  /** Allowed values of a string param. */
  options?: readonly string[];
}

/** The values a params declaration yields: \`ParamValues<typeof params>\`. */
type ParamValues<D> = {
  readonly [K in keyof D]: D[K] extends { default: infer V } ? (V extends boolean ? boolean : V extends number ? number : string) : never;
} & { readonly timeframe: string };

/** What init receives; also \`this\` inside init and onBar. */
interface InitContext<D = Record<string, ParamDecl>> {
  /** The strategy container's id in the config. */
  readonly id: string;
  /** The symbols this strategy trades (pairs: [A, B]). */
  readonly symbols: readonly string[];
  /** Param values for this run (config params over declared defaults). */
  readonly params: ParamValues<D>;
  /** Free per-strategy state. */
  readonly state: Record<string, unknown>;
  readonly indicators: Indicators;
  /** One value per symbol: \`ctx.perSymbol(() => ({ fast: sma(10) }))[bar.symbol]\`. */
  perSymbol<T>(make: (symbol: string) => T): Record<string, T>;
}

/** What onBar receives. */
interface BarContext<D = Record<string, ParamDecl>> extends InitContext<D> {
  /** Emits a signal on this bar for symbol; strength in [0, 1], default 1. Published when onBar returns. */
  emitSignal(symbol: string, direction: Direction, strength?: number): void;
  /** The position the portfolio holds for this strategy on symbol at the start of this bar. */
  position(symbol: string): Direction;
}

/** \`this\` inside init and onBar (declare it as the first parameter: \`function onBar(this: StrategyThis<typeof params>, bar, ctx)\`). */
type StrategyThis<D = Record<string, ParamDecl>> = BarContext<D>;
`;
