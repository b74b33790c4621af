// What a walk-forward run reports: per window the parameters chosen in sample and
// how they did out of sample, the stitched out-of-sample equity curve and trades, and
// the efficiency ratio. Plain data (structured-clone safe) like BacktestResult.
import type { SweepValue } from '../../core/config/apply-sweep-point';
import type { StudioConfig } from '../../core/config/studio-config';
import type { ClosedTrade, FullMetricsSnapshot, MetricsSnapshot } from '../../core/metrics-snapshot';
import type { MaybePromise } from '../../core/event-storage';
import type { AbortSignalLike, EquityPoint } from '../backtest-result';
import type { Dataset } from '../bar';
import type { WalkForwardWindow } from './plan-walk-forward';

/** One backtest walk-forward asks for: a grid point on a training slice, or the chosen point on a test slice. */
export interface WalkForwardRunRequest {
  /** The config with the point's parameters (and, for a test run, the carried capital) applied; no optimization block. */
  config: StudioConfig;
  /** The slice to run on (sliceDataset of the full dataset over `range`). */
  dataset: Dataset;
  /**
   * The slice's time range [startTime, endTime): a pool that caches the full dataset may slice it
   * itself. A test run's slice starts at its window's training start (the warm-up), not at the test start.
   */
  range: { startTime: number; endTime: number };
  /**
   * Test runs: the test window's first bar time, passed to the engine as RunBacktestOptions.tradeFrom —
   * the bars before it (the window's training span) only warm the strategies' indicators up.
   * Undefined for training runs (they trade from their first bar).
   */
  tradeFrom?: number;
  window: number;
  phase: 'train' | 'test';
  /** Grid index of the point (the chosen point's index for a test run). */
  pointIndex: number;
  params: Readonly<Record<string, SweepValue>>;
  /** The portfolio whose metrics rank the points and whose equity curve is stitched. */
  objectiveContainer: string;
  /** Deterministic run id for the engine. */
  runId: string;
  signal?: AbortSignalLike;
}

/** What a run gives back: metrics per container; the objective container's curve and trades for test runs. */
export interface WalkForwardRunOutput {
  metrics: Record<string, MetricsSnapshot>;
  equityCurve?: EquityPoint[];
  trades?: ClosedTrade[];
}

export type WalkForwardPointRunner = (request: WalkForwardRunRequest) => MaybePromise<WalkForwardRunOutput>;

export interface WalkForwardProgress {
  /** Windows fully done (trained and tested). */
  windowsDone: number;
  windowsTotal: number;
  /** Backtests done / planned (windows × (grid points + 1)). */
  runsDone: number;
  runsTotal: number;
  window: number;
  phase: 'train' | 'test';
}

export interface WalkForwardSide {
  /** The objective's value (metricValue of `metrics`). */
  objective: number;
  annualizedReturn: number;
  metrics: MetricsSnapshot;
}

export interface WalkForwardWindowResult {
  window: WalkForwardWindow;
  /** Parameters of the best training point. */
  params: Record<string, SweepValue>;
  bestIndex: number;
  gridSize: number;
  /** Training points that failed (e.g. a parameter combination the strategy rejects). */
  failedPoints: number;
  inSample: WalkForwardSide;
  outOfSample: WalkForwardSide & { startCapital: number; endCapital: number };
}

export interface WalkForwardResult {
  objective: string;
  direction: 'maximize' | 'minimize';
  objectiveContainer: string;
  anchored: boolean;
  windows: WalkForwardWindowResult[];
  /** Test slices chained: each starts with the capital the previous one ended with; drawdown over the whole curve. */
  oosEquityCurve: EquityPoint[];
  oosTrades: ClosedTrade[];
  /** StreamingMetrics over the stitched curve and trades (exposure: bar-weighted over the windows). */
  oosMetrics: FullMetricsSnapshot;
  /** mean(OOS annualized return) / mean(IS annualized return); NaN when the IS mean is 0. */
  efficiency: number;
  meanInSampleObjective: number;
  meanOutOfSampleObjective: number;
  initialCapital: number;
  finalEquity: number;
  /** Notes that did not stop the run (e.g. stopped early because capital ran out). */
  warnings: string[];
}
