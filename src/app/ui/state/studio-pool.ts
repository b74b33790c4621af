// The studio's view of the worker pool: BacktestPool (Web Workers) with the
// dataset resolved from the picker's id (bundled, or an imported CSV's text).
import type { BacktestProgress, BacktestResult } from '../../../engine/backtest-result';
import type { TraceSettings } from '../../../core/trace-settings';
import type { DatasetSource, PointOutcome, PoolProgress, SweepResult } from '../../../engine/optimization/pool-protocol';
import type { SweepValue } from '../../../engine/optimization/expand-grid';
import { BacktestPool } from '../../workers/backtest-pool';

export interface StudioRunRequest {
  configText: string;
  dataset: DatasetSource;
  params?: Record<string, SweepValue>;
  traceOverride?: Partial<TraceSettings>;
}

export interface StudioPool {
  runOne(request: StudioRunRequest, hooks?: { onProgress?(p: BacktestProgress): void }): Promise<BacktestResult>;
  runSweep(
    request: { configText: string; dataset: DatasetSource },
    hooks?: { onProgress?(p: PoolProgress): void; onPoint?(o: PointOutcome): void },
  ): Promise<SweepResult>;
  cancel(): void;
}

export function createStudioPool(): StudioPool {
  const pool = new BacktestPool();
  return {
    runOne: (r, hooks) =>
      pool.runOne({ config: r.configText, dataset: r.dataset, params: r.params, traceOverride: r.traceOverride }, hooks),
    // Sweeps bring back metrics only: a grid of hundreds stays light; a point opens as a full run.
    runSweep: (r, hooks) => pool.runSweep({ config: r.configText, dataset: r.dataset, detail: 'metrics' }, hooks),
    cancel: () => pool.cancel(),
  };
}
