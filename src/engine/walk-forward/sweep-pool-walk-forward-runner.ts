// Walk-forward on a worker pool: each backtest goes to SweepPool.runOne (browser Web
// Workers or Node worker_threads). runWalkForward issues a window's whole grid at once,
// so the pool runs it in parallel. A training slice has one dataset id per window, so a
// worker loads it once for all of that window's points.
import type { RunOneRequest } from '../optimization/sweep-pool';
import type { BacktestResult } from '../backtest-result';
import { walkForwardOutput, walkForwardTraceOverride } from './walk-forward-output';
import type { WalkForwardPointRunner } from './walk-forward-result';

/** The part of SweepPool this runner uses (SweepPool satisfies it). */
export interface RunOnePool {
  runOne(request: RunOneRequest): Promise<BacktestResult>;
}

/**
 * A runner over `pool`. Cancelling: abort the walk-forward's signal to stop issuing runs, and call
 * pool.cancel() to stop the ones in flight (they reject with CancelledError, which ends the walk-forward).
 */
export function sweepPoolWalkForwardRunner(pool: RunOnePool, environment?: string): WalkForwardPointRunner {
  return async (request) => {
    const result = await pool.runOne({
      config: request.config,
      dataset: { kind: 'dataset', dataset: request.dataset },
      runId: request.runId,
      traceOverride: walkForwardTraceOverride(request.phase),
      ...(request.tradeFrom !== undefined ? { tradeFrom: request.tradeFrom } : {}),
      ...(environment !== undefined ? { environment } : {}),
    });
    return walkForwardOutput(result, request);
  };
}
