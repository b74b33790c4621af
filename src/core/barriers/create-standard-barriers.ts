// The seed's create_standard_barriers: the usual guard set of a portfolio as one
// 'all' composite — data alignment, no duplicate orders, and an optional rate/hours gate.
import { CompositeBarrier } from './composite-barrier';
import { DataAlignmentBarrier } from './data-alignment-barrier';
import { OrderStateBarrier } from './order-state-barrier';
import { TimingBarrier } from './timing-barrier';
import type { TradingHours } from './timing-barrier';
import type { Barrier } from './barrier';

export interface StandardBarriersOptions {
  containerId: string;
  /** Symbols that must all have their bar before a bar time proceeds; empty = no alignment barrier. */
  symbols: readonly string[];
  /** Timeframes to align; omitted = align by symbol, whatever the timeframe. */
  timeframes?: readonly string[];
  /** Default true. */
  preventDuplicates?: boolean;
  /** Omitted (with no tradingHours) = no timing barrier. */
  maxSignalsPerMinute?: number;
  tradingHours?: TradingHours;
}

/** In order: DataAlignmentBarrier (when symbols are given), OrderStateBarrier, TimingBarrier (when limited). */
export function createStandardBarriers(options: StandardBarriersOptions): CompositeBarrier {
  const barriers: Barrier[] = [];
  if (options.symbols.length > 0) {
    barriers.push(new DataAlignmentBarrier({ requiredSymbols: options.symbols, requiredTimeframes: options.timeframes }));
  }
  barriers.push(
    new OrderStateBarrier({ containerId: options.containerId, preventDuplicates: options.preventDuplicates ?? true }),
  );
  if (options.maxSignalsPerMinute !== undefined || options.tradingHours !== undefined) {
    barriers.push(
      new TimingBarrier({ maxSignalsPerMinute: options.maxSignalsPerMinute, tradingHours: options.tradingHours }),
    );
  }
  return new CompositeBarrier(barriers, 'all');
}
