// The shapes the studio UI consumes from the worker pool and storage, written
// structurally so the views depend on what they draw, not on a module's internals.
import type { PointOutcome } from '../../../engine/optimization/pool-protocol';
import type { WalkForwardResult } from '../../../engine/walk-forward/walk-forward-result';

export type { PoolProgress } from '../../../engine/optimization/pool-protocol';

/** A sweep as it fills in: outcomes arrive in batches, the final result when it ends. */
export interface SweepView {
  objective: string;
  direction: 'maximize' | 'minimize';
  objectiveContainer: string | null;
  parameterPaths: string[];
  points: PointOutcome[];
  total: number;
  /** The YAML the sweep ran (opening a point re-runs it with that point's params). */
  configText: string;
  datasetId: string;
  finished: boolean;
  cancelled: boolean;
  error: string | null;
  durationMs: number | null;
  /** Web Workers the sweep ran on. */
  workers: number;
  /**
   * Points whose settings persisted their trace (storage_backend disk/hierarchical, e.g. seed
   * 08's final candidates), kept in run history: sweepPointKey(point) → history run id.
   */
  savedRuns: Record<string, string>;
}

/** A walk-forward validation as the studio shows it: planned windows while it runs, the result when done. */
export interface WalkForwardView {
  configText: string;
  datasetId: string;
  /** Windows planned / fully done (trained and tested). */
  windowsTotal: number;
  windowsDone: number;
  result: WalkForwardResult | null;
  finished: boolean;
  cancelled: boolean;
  error: string | null;
  durationMs: number | null;
}

export type TabId = 'overview' | 'trades' | 'chain' | 'events' | 'containers' | 'sweep' | 'walk-forward' | 'runs';

export const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'trades', label: 'Trades' },
  { id: 'chain', label: 'Chain' },
  { id: 'events', label: 'Events' },
  { id: 'containers', label: 'Containers' },
  { id: 'sweep', label: 'Sweep' },
  { id: 'walk-forward', label: 'Walk-forward' },
  { id: 'runs', label: 'Runs' },
];
