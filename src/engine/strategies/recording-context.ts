// A StrategyContext that records signals instead of publishing them, for testing
// strategies (and previewing them in tools) without a bus: it keeps the time and
// per-symbol bar number of each signal and tracks positions as if every signal filled.
import type { Direction } from '../../core/events';
import type { Bar } from '../bar';
import type { Strategy, StrategyContext } from '../strategy';

export interface RecordedSignal {
  timestamp: number;
  /** 0-based index of the bar being handled among all bars fed. */
  barIndex: number;
  symbol: string;
  direction: Direction;
  strength: number;
}

export interface RecordedRegime {
  barIndex: number;
  symbol: string;
  regime: string;
}

export class RecordingContext implements StrategyContext {
  readonly signals: RecordedSignal[] = [];
  /** Regime changes the strategy reported (emitRegimeChange), in order. */
  readonly regimes: RecordedRegime[] = [];
  /** Features are recorded only when asked for, as the engine publishes them only when wanted. */
  readonly featuresWanted: boolean;
  readonly features: { barIndex: number; symbol: string; features: Readonly<Record<string, number>> }[] = [];

  constructor(options: { features?: boolean } = {}) {
    this.featuresWanted = options.features ?? false;
  }
  private readonly positions = new Map<string, Direction>();
  private current: Bar | undefined;
  private index = -1;

  /** Feeds bars in order to the strategy (only its symbols, as the engine does) and returns all signals so far. */
  run(strategy: Strategy, bars: Iterable<Bar>): RecordedSignal[] {
    const symbols = new Set(strategy.symbols);
    for (const bar of bars) {
      this.index++;
      if (!symbols.has(bar.symbol)) continue;
      this.current = bar;
      strategy.onBar(bar, this);
    }
    this.current = undefined;
    return this.signals;
  }

  emitSignal(symbol: string, direction: Direction, strength = 1): void {
    if (this.current === undefined) throw new Error('emitSignal outside onBar');
    this.signals.push({ timestamp: this.current.timestamp, barIndex: this.index, symbol, direction, strength });
    this.positions.set(symbol, direction);
  }

  position(symbol: string): Direction {
    return this.positions.get(symbol) ?? 'flat';
  }

  emitRegimeChange(symbol: string, regime: string): void {
    if (this.current === undefined) throw new Error('emitRegimeChange outside onBar');
    this.regimes.push({ barIndex: this.index, symbol, regime });
  }

  emitFeatures(symbol: string, features: Readonly<Record<string, number>>): void {
    if (this.current === undefined) throw new Error('emitFeatures outside onBar');
    if (this.featuresWanted) this.features.push({ barIndex: this.index, symbol, features: { ...features } });
  }
}
