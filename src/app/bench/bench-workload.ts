// The sweep workload both browser-bench.ts (Web Workers) and bench/browser-compare.ts (Node
// worker threads) measure, so their events/s compare like for like: bench/sweep.bench.ts's
// per-backtest workload — one ma_crossover + portfolio on synthetic minute bars, about
// 100,000 events per backtest, trade_complete, metrics only — over a small fast × slow grid.
import type { DatasetSource } from '../../engine/optimization/pool-protocol';
import type { SyntheticBarsOptions } from '../../engine/data/synthetic-bars-options';

/** Days of one symbol's minute bars that publish about 100,000 events in one backtest (calibrated against sweep.bench.ts's probe). */
export const BENCH_DAYS = 152;

export const BENCH_SYNTHETIC: Partial<SyntheticBarsOptions> = { symbols: ['SYN_A'], days: BENCH_DAYS, seed: 3 };

/** Generated in each worker from its options (the same bars in Node and the browser). */
export const BENCH_DATASET: DatasetSource = { kind: 'synthetic', id: 'browser-bench', options: BENCH_SYNTHETIC };

function values(from: number, count: number, step = 1): number[] {
  return Array.from({ length: count }, (_, i) => from + i * step);
}

/** The sweep's YAML: `fast.length × slow.length` backtests. */
export function benchSweepYaml(fast: readonly number[], slow: readonly number[]): string {
  return `name: browser bench
data: { source: synthetic, timeframes: ['1m'] }
containers:
  - id: ma_1
    type: strategy
    strategy: ma_crossover
    params: { fast: 5, slow: 30 }
  - id: portfolio_1
    type: portfolio
    strategies: [ma_1]
    sizing: { type: fixed, quantity: 10 }
    allow_short: true
trace_settings:
  container_settings:
    "*":
      events_to_trace: ALL
      retention_policy: trade_complete
      store_equity_curve: false
optimization:
  objective: sharpe_ratio
  parameters:
    ma_1.params.fast: [${fast.join(', ')}]
    ma_1.params.slow: [${slow.join(', ')}]
`;
}

/** Warm-up (worker start, bars generated, JIT) and measured grids. */
export const WARMUP_YAML = benchSweepYaml([5, 6], [30]);
export const MEASURED_YAML = benchSweepYaml(values(4, 8), values(25, 6, 5));
