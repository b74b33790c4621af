// What crosses between the pool worker and a strategy worker: one job in (everything one
// run needs — its dataset, config and strategy sources — and nothing else), heartbeats,
// progress and outcomes out. Plain structured-clone data only; the job's bars cross as
// one transferred buffer (StrategyJobWire, see strategy-job-wire.ts).
import type { BacktestProgress } from '../../engine/backtest-result';
import type { Dataset } from '../../engine/bar';
import type { PointOutcome, RunJobRequest, SweepContext, SweepJob } from '../../engine/optimization/pool-protocol';
import type { UserStrategyPhase } from '../../engine/user-strategy/user-strategy-error';
import type { PackedDataset } from '../../engine/data/packed-dataset';

interface JobBase {
  dataset: Dataset;
  /** Report every call into user code and every new guarded line (a replay that locates a stall). */
  trace: boolean;
}

/** The one message a strategy worker accepts. */
export type StrategyJobMessage =
  | (JobBase & { kind: 'job'; request: RunJobRequest })
  | (JobBase & { kind: 'batch'; context: SweepContext; jobs: SweepJob[] });

/** A job as posted to the strategy worker: its dataset's columns in one buffer, listed in the transfer. */
export type StrategyJobWire =
  | (WireBase & { kind: 'job'; request: RunJobRequest })
  | (WireBase & { kind: 'batch'; context: SweepContext; jobs: SweepJob[] });

type WireBase = Omit<JobBase, 'dataset'> & { packed: PackedDataset };

/** Where user code is (or was last heard of). */
export interface StrategyBeat {
  /** True while a call into user code runs; false on the engine's side. */
  user: boolean;
  /** The engine finished the bars and builds the result (no user code runs any more). */
  finishing?: boolean;
  strategy?: string;
  phase?: UserStrategyPhase;
  /** The bar in onBar: symbol, time (ms) and its number among the strategy's calls (1-based). */
  bar?: { symbol: string; timestamp: number; call: number };
  /** The latest guarded line (loop or function start) user code reached. */
  line?: number;
}

export type StrategyWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'beat'; beat: StrategyBeat }
  | { kind: 'start'; index: number }
  | { kind: 'progress'; progress: BacktestProgress }
  | { kind: 'outcome'; outcome: PointOutcome }
  /** The job could not be run at all (not a failed point: a broken worker). */
  | { kind: 'failed'; message: string }
  | { kind: 'done' };
