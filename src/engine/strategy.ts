// The strategy protocol: a strategy sees bars one at a time and says what it
// wants through its context; the container around it turns that into SIGNAL
// events on the bus, so strategies know nothing of buses or tracing.
import type { Direction } from '../core/events';
import type { Bar } from './bar';

export interface StrategyContext {
  /** Emit a signal for `symbol` at the current bar's time. strength in [0, 1], default 1. */
  emitSignal(symbol: string, direction: Direction, strength?: number): void;
  /** The current position direction the portfolio holds for this strategy on `symbol` ('flat' when none). */
  position(symbol: string): Direction;
  /**
   * True when someone traces or subscribes the strategy's FEATURES: build the features record
   * only then (emitFeatures is a no-op otherwise), so an untraced run pays nothing per bar.
   */
  readonly featuresWanted?: boolean;
  /**
   * The indicator values the strategy computed on this bar for `symbol` (a FEATURES event, caused
   * by the bar). Emit them before the signals they lead to: those signals are then caused by them.
   */
  emitFeatures?(symbol: string, features: Readonly<Record<string, number>>): void;
  /**
   * The strategy classified `symbol` into `regime` on this bar, a different one than before (a
   * REGIME_CHANGE event carrying the previous regime). Signals it emits next for the symbol on this
   * bar are caused by it.
   */
  emitRegimeChange?(symbol: string, regime: string): void;
}

export interface Strategy {
  readonly id: string;
  /** The built-in (or user) strategy name, e.g. 'ma_crossover'. */
  readonly kind: string;
  /** Symbols the strategy trades; bars of other symbols are not passed to onBar. */
  readonly symbols: readonly string[];
  onBar(bar: Bar, ctx: StrategyContext): void;
}

/** Describes one parameter so configs are validated and sweeps know its range. */
export interface ParamSpec {
  name: string;
  type: 'integer' | 'number' | 'boolean' | 'string';
  default: number | boolean | string;
  min?: number;
  max?: number;
  description: string;
  /** For 'string' params with a fixed set of values (e.g. mean_reversion's mode): the allowed values. */
  options?: readonly string[];
}

export interface StrategyDefinition<P> {
  kind: string;
  description: string;
  params: readonly ParamSpec[];
  /** Minimum symbols the strategy needs (pairs: 2). */
  symbolCount: { min: number; max?: number };
  /** Validates raw params (from YAML) and fills defaults; throws StrategyParamError naming the param. */
  parseParams(raw: Record<string, unknown>): P;
  create(id: string, symbols: readonly string[], params: P): Strategy;
}
