// What crosses the boundary between a sweep's coordinator and its workers (Web
// Workers or Node worker threads): plain, structured-clone-safe types only. A worker
// receives the config and dataset once, then batches of points; it answers with a
// batch of outcomes per message — never one message per event.
import type { StudioConfig } from '../../core/config/studio-config';
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import type { TraceSettings } from '../../core/trace-settings';
import type { BacktestProgress, BacktestResult, ContainerMemory, ContainerResult } from '../backtest-result';
import type { Dataset } from '../bar';
import type { PackedDataset } from '../data/packed-dataset';
import type { SyntheticBarsOptions } from '../data/synthetic-bars-options';
import type { UserStrategySource } from '../user-strategy/user-strategy-api';
import type { SweepPoint, SweepValue } from './expand-grid';

/** Where a worker gets its bars. Loaded once per worker and cached by id. */
export type DatasetSource =
  /** Already parsed bars (Node pools, tests, imported CSVs): the shells send them packed. */
  | { kind: 'dataset'; dataset: Dataset }
  /**
   * Columns in one buffer (packDataset): what the shells turn a 'dataset' source into on its
   * way to a worker — transferred (ArrayBuffer) or shared (SharedArrayBuffer), never cloned bar by bar.
   */
  | { kind: 'packed'; id: string; packed: PackedDataset }
  /**
   * A bundled dataset by id. With `url` (the browser: a Vite `?url` asset on the static
   * host) the worker fetches the CSV and parses it with loadBundledDataset(id, text);
   * without (Node) it reads the package file with readBundledDataset(id).
   */
  | { kind: 'bundled'; id: string; url?: string }
  /** An imported CSV file's text, parsed in the worker with parseBarsCsv. */
  | { kind: 'csv'; id: string; name: string; text: string; symbol?: string }
  /** Seeded synthetic bars generated in the worker (same options ⇒ same bars); `id` names the cache entry. */
  | { kind: 'synthetic'; id: string; options: Partial<SyntheticBarsOptions> };

/** What a point's outcome carries back. */
export type ResultDetail =
  /** Metrics, trade counts and memory per container only: the cheapest, for big grids. */
  | 'metrics'
  /** Plus the full ContainerResult of containers whose resolved trace settings keep events. */
  | 'traces'
  /** Plus the whole BacktestResult (single runs, final candidates). */
  | 'full';

/** Shared by every point of one sweep phase; sent to each worker once. */
export interface SweepContext {
  /** Unique per phase run: a worker caches the parsed config under it. */
  contextId: string;
  /** The parsed config, or YAML text parsed in the worker with parseStudioConfig. */
  config: StudioConfig | string;
  datasetId: string;
  detail: ResultDetail;
  /** Environment to resolve trace settings for (overrides config.environment). */
  environment?: string;
  traceOverride?: Partial<TraceSettings>;
  /**
   * Per-backtest time limit. The worker aborts a run cooperatively through its signal;
   * the coordinator terminates and respawns a worker whose run ignores it.
   */
  perJobTimeoutMs?: number;
  /** Sources of the `user:<name>` strategies the config names, compiled in the worker's sandbox. */
  userStrategies?: UserStrategySource[];
}

export interface SweepJob {
  point: SweepPoint;
  /** Phase name, null for a single-grid sweep. */
  phase: string | null;
}

interface PointBase {
  index: number;
  phase: string | null;
  params: Record<string, SweepValue>;
  containerSuffix: string;
  /** The config's container id → its id in this point's run. */
  containerIds: Record<string, string>;
  /** Wall-clock time of the run in its worker (informative only: never compared). */
  durationMs: number;
}

export interface PointSuccess extends PointBase {
  ok: true;
  runId: string;
  /** Metrics of every container that has them (portfolios), by run container id. */
  metrics: Record<string, MetricsSnapshot>;
  /** Closed trades per container. */
  trades: Record<string, number>;
  memory: Record<string, ContainerMemory>;
  eventsPublished: number;
  barsProcessed: number;
  /** detail 'traces' | 'full': containers whose resolved settings keep events, in full. */
  traced?: Record<string, ContainerResult>;
  /** detail 'full': the whole result. */
  result?: BacktestResult;
}

export interface PointFailure extends PointBase {
  ok: false;
  error: { name: string; message: string; stack?: string };
  /** It ran past the per-backtest time limit. */
  timedOut: boolean;
  /**
   * Not a failed run but a point that did not run: 'constraint' — dropped by
   * optimization.constraint before running; 'invalid' — the engine refused its parameters
   * while building the backtest (ma_crossover fast >= slow). `error` says why. A sweep whose
   * other points ran is not failed by these (the CLI exits 0).
   */
  skipped?: 'constraint' | 'invalid';
}

export type PointOutcome = PointSuccess | PointFailure;

/** One backtest on request (not a grid point): what BacktestPool.runOne sends. */
export interface RunJobRequest {
  config: StudioConfig | string;
  datasetId: string;
  params?: Record<string, SweepValue>;
  /** A multi-phase sweep point's suffix ('final_2'): its container ids, so its trace settings, as in the sweep. */
  containerSuffix?: string;
  detail?: ResultDetail;
  environment?: string;
  traceOverride?: Partial<TraceSettings>;
  runId?: string;
  perJobTimeoutMs?: number;
  /** Sources of the `user:<name>` strategies the config names, compiled in the worker's sandbox. */
  userStrategies?: UserStrategySource[];
  /** RunBacktestOptions.tradeFrom: bars before this time (ms) only warm strategies up (walk-forward test runs). */
  tradeFrom?: number;
}

/** Sweep progress, summed over workers (wall-clock based: shells only). */
export interface PoolProgress {
  /** Points finished (succeeded or failed) in the current sweep, all phases. */
  done: number;
  /** Points planned so far (later phases are added when they start). */
  total: number;
  failed: number;
  eventsPublished: number;
  eventsPerSecond: number;
  /** Remaining time at the current rate; null before the first point finishes. */
  etaMs: number | null;
  phase: string | null;
}

/** The API a worker exposes (Comlink-wrapped in the shells: every method is async there). */
export interface SweepWorkerApi {
  /** Parse/cache a dataset by id; returns what was loaded. Idempotent. */
  loadDataset(source: DatasetSource): Promise<DatasetInfo>;
  /** Parse and cache a phase's config. Idempotent per contextId. */
  prepare(context: SweepContext): Promise<void>;
  /**
   * Run a batch of points in order, calling `onStart(index)` as each starts (the
   * coordinator's per-backtest timer) and returning every outcome in one message.
   */
  runBatch(contextId: string, jobs: SweepJob[], onStart?: (index: number) => void): Promise<PointOutcome[]>;
  /** One backtest; progress throttled in the worker (a few messages per second at most). */
  runJob(request: RunJobRequest, onProgress?: (progress: BacktestProgress) => void): Promise<PointOutcome>;
  /** Drop a finished phase's cached config. */
  release(contextId: string): Promise<void>;
}

export interface DatasetInfo {
  id: string;
  symbols: string[];
  bars: number;
}

/** One phase of a sweep as it ran. */
export interface SweepPhaseResult {
  /** Phase name; null for a single-grid sweep. */
  name: string | null;
  /** Every point's outcome (metrics of all, failures and skipped points with their parameters), by index. */
  points: PointOutcome[];
  /** Positions into `points`, best first by the objective; NaN/missing, then failed, last. */
  ranking: number[];
  /** How many of this phase's best went on to the next phase (0 for the last). */
  kept: number;
}

export interface SweepResult {
  objective: string;
  direction: 'maximize' | 'minimize';
  /** The config's container whose metrics are ranked (its first portfolio unless chosen). */
  objectiveContainer: string | null;
  phases: SweepPhaseResult[];
  /** The best successful point of the last phase. */
  best: PointSuccess | null;
  /** Every point of every phase, skipped ones included. */
  total: number;
  /** Points that failed while running (skipped points are not failures). */
  failed: number;
  /** Points skipped (optimization.constraint or invalid parameters), in every phase. */
  skipped?: number;
  eventsPublished: number;
  /** Wall clock, measured by the shell. */
  durationMs: number;
  eventsPerSecond: number;
}
