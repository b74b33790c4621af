// The user-strategy API as the runtime implements it: what compileUserStrategy
// produces (plain data, so it crosses a worker boundary) and what user code sees.
// USER_STRATEGY_API_TEXT is the same API written as declarations for the editor.
import type { Direction } from '../../core/events';
import type { Bar } from '../bar';
import type { ParamSpec } from '../strategy';

/** A ParamSpec with the sweep step the user declared (ParamSpec has no such field). */
export interface UserParamSpec extends ParamSpec {
  /** Grid step for sweeps (e.g. 1 for integers); absent when the user gave none. */
  step?: number;
  /** 1-based line of the param's declaration in the user's source. */
  line: number;
}

/** A saved user strategy as the UI stores it (studio-db `strategies` rows) and a job carries it. */
export interface UserStrategySource {
  /** Name used in YAML after `user:`. */
  name: string;
  /** TypeScript/JavaScript source. */
  source: string;
}

/** A compile or runtime problem located in the user's source (1-based line and column). */
export interface UserSourceError {
  message: string;
  line: number;
  column: number;
}

/** A compiled user strategy: plain data (structured-cloneable), evaluated only in the sandbox. */
export interface CompiledUserStrategy {
  /** The name after `user:` in YAML. */
  name: string;
  /** 'user:<name>' — what a config's `strategy:` names. */
  kind: string;
  /** Instrumented JS (types stripped, exports removed, loop/function guards); same line numbers as the source. */
  code: string;
  params: readonly UserParamSpec[];
  description: string;
  symbolCount: { min: number; max?: number };
  /** Whether the source exports init. */
  hasInit: boolean;
}

export type CompileUserStrategyResult = ({ ok: true } & CompiledUserStrategy) | { ok: false; errors: UserSourceError[] };

/** A streaming indicator handle (created in init, stepped in onBar). */
export interface UserIndicator {
  update(value: number): number | undefined;
  readonly value: number | undefined;
  readonly isReady: boolean;
  reset(): void;
}

export interface UserBollinger extends UserIndicator {
  readonly middle: number | undefined;
  readonly upper: number | undefined;
  readonly lower: number | undefined;
  readonly percentB: number | undefined;
  readonly bandwidth: number | undefined;
}

export interface UserRegression {
  /** Adds an (x, y) pair; returns the rolling correlation (undefined while warming up or flat). */
  update(x: number, y: number): number | undefined;
  readonly isReady: boolean;
  readonly correlation: number | undefined;
  /** OLS slope of y on x (hedge ratio). */
  readonly beta: number | undefined;
  readonly alpha: number | undefined;
  readonly meanX: number | undefined;
  readonly meanY: number | undefined;
  spreadZScore(x: number, y: number, beta: number): number | undefined;
  reset(): void;
}

/** Indicator factories; each may be called only while the strategy initialises (top level or init). */
export interface UserIndicators {
  sma(period: number): UserIndicator;
  ema(period: number): UserIndicator;
  rsi(period?: number): UserIndicator;
  bollinger(period?: number, numStd?: number): UserBollinger;
  highest(period: number): UserIndicator;
  lowest(period: number): UserIndicator;
  roc(period: number): UserIndicator;
  zscore(period: number): UserIndicator;
  stddev(period: number): UserIndicator;
  regression(period: number): UserRegression;
}

export type UserParamValues = Record<string, number | boolean | string>;

/** What init(ctx) receives (and `this` in init/onBar: id, symbols, params, state). */
export interface UserInitContext {
  readonly id: string;
  readonly symbols: readonly string[];
  readonly params: Readonly<UserParamValues>;
  /** Free per-strategy state (also `this.state`). */
  readonly state: Record<string, unknown>;
  readonly indicators: UserIndicators;
  /** One value per symbol, made by `make(symbol)`: `ctx.perSymbol(() => ({ fast: sma(10) }))`. */
  perSymbol<T>(make: (symbol: string) => T): Record<string, T>;
}

/** What onBar(bar, ctx) receives. */
export interface UserBarContext extends UserInitContext {
  emitSignal(symbol: string, direction: Direction, strength?: number): void;
  position(symbol: string): Direction;
}

/** What the sandbox returns from evaluating a compiled strategy once per instance. */
export interface UserStrategyModule {
  init?: (this: UserInitContext, ctx: UserInitContext) => void;
  onBar: (this: UserInitContext, bar: Bar, ctx: UserBarContext) => void;
}

/** Exports a user module may have; anything else is a compile error. */
export const USER_STRATEGY_EXPORTS = ['params', 'init', 'onBar', 'description', 'symbolCount'] as const;

/** Indicator factory names also in scope as free functions (`sma(10)`). */
export const USER_INDICATOR_NAMES = ['sma', 'ema', 'rsi', 'bollinger', 'highest', 'lowest', 'roc', 'zscore', 'stddev', 'regression'] as const;

/** Identifiers user code may not use: the sandbox's own plumbing lives under this prefix. */
export const RESERVED_PREFIX = '__sandbox';
