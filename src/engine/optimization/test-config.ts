// A small hand-written StudioConfig for the optimization tests (no YAML parser
// needed): one ma_crossover strategy managed by one portfolio.
import type { ContainerConfig, OptimizationConfig, StudioConfig } from '../../core/config/studio-config';

export function testConfig(optimization?: OptimizationConfig, extra: readonly ContainerConfig[] = []): StudioConfig {
  return {
    name: 'sweep test',
    initialCapital: 100_000,
    data: { source: 'synthetic', timeframes: ['1d'] },
    execution: { commissionPerTrade: 0, commissionPercent: 0, slippageBps: 0, fillModel: 'next_open' },
    containers: [
      { id: 'ma_1', type: 'strategy', strategy: 'ma_crossover', params: { fast: 5, slow: 20 } },
      { id: 'portfolio_1', type: 'portfolio', strategies: ['ma_1'], sizing: { type: 'fixed', quantity: 10 }, risk: {}, allowShort: false },
      ...extra,
    ],
    traceSettings: { global: {}, patterns: [] },
    environments: {},
    optimization,
  };
}
