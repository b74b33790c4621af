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
