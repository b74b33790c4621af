// The headless runner's optimization grid: a config's sweep over worker threads
// (one backtest per point, each in isolation), with progress for the CLI.
import type { StudioConfig } from '../core/config/studio-config';
import type { Dataset } from '../engine/bar';
import type { PointOutcome, PoolProgress, ResultDetail, SweepResult } from '../engine/optimization/pool-protocol';
import { ThreadPool } from './pool/thread-pool';

export interface HeadlessSweepOptions {
  /** Worker threads (default: every core). */
  workers?: number;
  /** Per-backtest time limit in ms (a point past it is reported failed with its parameters). */
  perJobTimeoutMs?: number;
  /** Default 'traces': metrics of every point, events where the resolved settings keep them. */
  detail?: ResultDetail;
  environment?: string;
  onProgress?(progress: PoolProgress): void;
  onPoint?(outcome: PointOutcome): void;
}

/** Runs every phase of `config.optimization` on `dataset`; the threads are stopped when it settles. */
export async function runSweepHeadless(config: StudioConfig, dataset: Dataset, options: HeadlessSweepOptions = {}): Promise<SweepResult> {
  const pool = new ThreadPool({ size: options.workers, perJobTimeoutMs: options.perJobTimeoutMs });
  try {
    return await pool.runSweep(
      { config, dataset: { kind: 'dataset', dataset }, detail: options.detail ?? 'traces', environment: options.environment },
      { onProgress: options.onProgress, onPoint: options.onPoint },
    );
  } finally {
    pool.dispose();
  }
}
