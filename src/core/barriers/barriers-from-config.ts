// Builds a portfolio's barriers from its parsed barrier_config (camelCase BarrierConfig),
// turning a constructor's complaint into one that names the YAML key to fix.
import type { BarrierConfig } from '../config/studio-config';
import type { Barrier } from './barrier';
import { CompositeBarrier } from './composite-barrier';
import { DataAlignmentBarrier } from './data-alignment-barrier';
import { OrderStateBarrier } from './order-state-barrier';
import { TimingBarrier } from './timing-barrier';

export interface BarriersFromConfigOptions {
  containerId: string;
  /** Where the block sits in the YAML, for messages; default `barriers`. */
  path?: string;
}

const YAML_KEYS: Record<string, string> = {
  tradingHours: 'trading_hours',
  maxSignalsPerMinute: 'max_signals_per_minute',
  requiredSymbols: 'symbols',
  requiredTimeframes: 'timeframes',
};

function at<T>(path: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The constructors speak camelCase; the user wrote snake_case YAML.
    const yamlWords = message.replace(/\b(tradingHours|maxSignalsPerMinute|requiredSymbols|requiredTimeframes)\b/g, (w) => YAML_KEYS[w]);
    throw new RangeError(`${path}: ${yamlWords}`, { cause: error });
  }
}

/**
 * One 'all' composite of the configured sections, in the order data_alignment,
 * order_control, timing; sections left out add no barrier, so an empty config proceeds
 * everywhere. A bad value throws a RangeError starting with its snake_case YAML path.
 */
export function barriersFromConfig(config: BarrierConfig, options: BarriersFromConfigOptions): CompositeBarrier {
  const base = options.path ?? 'barriers';
  const barriers: Barrier[] = [];
  const align = config.dataAlignment;
  if (align !== undefined) {
    barriers.push(
      at(`${base}.data_alignment`, () => new DataAlignmentBarrier({ requiredSymbols: align.symbols, requiredTimeframes: align.timeframes })),
    );
  }
  if (config.orderControl !== undefined) {
    const preventDuplicates = config.orderControl.preventDuplicates;
    barriers.push(
      at(`${base}.order_control`, () => new OrderStateBarrier({ containerId: options.containerId, preventDuplicates })),
    );
  }
  const timing = config.timing;
  if (timing !== undefined && (timing.maxSignalsPerMinute !== undefined || timing.tradingHours !== undefined)) {
    barriers.push(
      at(`${base}.timing`, () => new TimingBarrier({ maxSignalsPerMinute: timing.maxSignalsPerMinute, tradingHours: timing.tradingHours })),
    );
  }
  return new CompositeBarrier(barriers, 'all');
}
