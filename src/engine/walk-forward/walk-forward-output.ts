// What walk-forward keeps of one backtest: every container's metrics, and for a test
// run the objective container's equity curve and trades (to stitch). Shared by the
// in-process and the pool runners so both report the same thing.
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import type { TraceSettings } from '../../core/trace-settings';
import type { BacktestResult } from '../backtest-result';
import type { WalkForwardRunOutput, WalkForwardRunRequest } from './walk-forward-result';

/** Tracing off (metrics only); the curve and trades only where they are stitched. */
export function walkForwardTraceOverride(phase: 'train' | 'test'): Partial<TraceSettings> {
  const test = phase === 'test';
  return { enabled: false, storeTrades: test, storeEquityCurve: test };
}

export function walkForwardOutput(result: BacktestResult, request: Pick<WalkForwardRunRequest, 'phase' | 'objectiveContainer'>): WalkForwardRunOutput {
  const metrics: Record<string, MetricsSnapshot> = {};
  for (const id of result.containerIds) {
    const m = result.containers[id]?.metrics;
    if (m !== undefined) metrics[id] = m;
  }
  const own = result.containers[request.objectiveContainer];
  if (request.phase !== 'test' || own === undefined) return { metrics };
  return { metrics, equityCurve: own.equityCurve ?? [], trades: own.trades };
}
