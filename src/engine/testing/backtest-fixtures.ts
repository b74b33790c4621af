// Test fixtures for engine tests: hand-written bar series, a config builder and a
// scripted strategy that emits given signals at given bars — so portfolio and
// execution behaviour is tested without depending on a strategy's arithmetic.
import type {
  ExecutionConfig,
  PortfolioContainerConfig,
  StrategyContainerConfig,
  StudioConfig,
} from '../../core/config/studio-config';
import type { Direction } from '../../core/events';
import type { Bar, Dataset } from '../bar';
import { barSeriesFromBars } from '../bar-series';
import type { Strategy, StrategyDefinition } from '../strategy';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2024, 0, 1);

/** Bars from [open, high, low, close] rows, one per day from T0. */
export function barsFrom(symbol: string, rows: readonly (readonly [number, number, number, number])[], start = T0, step = DAY): Bar[] {
  return rows.map(([open, high, low, close], i) => ({ timestamp: start + i * step, symbol, timeframe: '1d', open, high, low, close, volume: 1000 }));
}

export function dataset(...series: Bar[][]): Dataset {
  return {
    id: 'test',
    name: 'test bars',
    source: 'hand-written',
    series: series.map((bars) => barSeriesFromBars(bars[0].symbol, bars[0].timeframe, bars)),
  };
}

export interface ScriptParams {
  /** symbol → (bar number of that symbol, 0-based) → direction. */
  script: Record<string, Record<number, Direction>>;
}

/** Emits exactly the scripted signals; ids of the bars are counted per symbol. */
export const scriptedStrategy: StrategyDefinition<ScriptParams> = {
  kind: 'scripted',
  description: 'test strategy: emits scripted signals',
  params: [],
  symbolCount: { min: 1 },
  parseParams(raw) {
    return { script: (raw.script ?? {}) as ScriptParams['script'] };
  },
  create(id, symbols, params): Strategy {
    const seen = new Map<string, number>();
    return {
      id,
      kind: 'scripted',
      symbols,
      onBar(bar, ctx) {
        const n = seen.get(bar.symbol) ?? 0;
        seen.set(bar.symbol, n + 1);
        const d = params.script[bar.symbol]?.[n];
        if (d !== undefined) ctx.emitSignal(bar.symbol, d);
      },
    };
  },
};

export const testStrategies = (kind: string): StrategyDefinition<unknown> | undefined =>
  kind === 'scripted' ? (scriptedStrategy as StrategyDefinition<unknown>) : undefined;

export function strategyContainer(id: string, strategy: string, params: Record<string, unknown>, symbols?: string[]): StrategyContainerConfig {
  return { id, type: 'strategy', strategy, params, symbols };
}

export function portfolioContainer(id: string, strategies: string[], over: Partial<PortfolioContainerConfig> = {}): PortfolioContainerConfig {
  return { id, type: 'portfolio', strategies, sizing: { type: 'fixed', quantity: 10 }, risk: {}, allowShort: false, ...over };
}

export function studioConfig(containers: StudioConfig['containers'], over: Omit<Partial<StudioConfig>, 'execution'> & { execution?: Partial<ExecutionConfig> } = {}): StudioConfig {
  const { execution, ...rest } = over;
  return {
    name: 'test',
    initialCapital: 100_000,
    data: { source: 'test', timeframes: ['1d'] },
    execution: { commissionPerTrade: 0, commissionPercent: 0, slippageBps: 0, fillModel: 'next_open', ...execution },
    containers,
    traceSettings: { global: {}, patterns: [] },
    environments: {},
    ...rest,
  };
}
