// Walk-forward validation: for each window, sweep the optimization grid on the
// training slice, keep the best point by the objective, run it on the test slice that
// follows with the capital the previous test ended with, and stitch the test slices
// into one out-of-sample record. A test run is fed the window's training bars first as
// warm-up (tradeFrom = test start), so indicators are warm on the first test bar. How a
// backtest runs is injected (runPoint), so a worker pool can run a window's grid in
// parallel; the default runs in process.
import { applySweepPoint } from '../../core/config/apply-sweep-point';
import type { StudioConfig } from '../../core/config/studio-config';
import { metricValue } from '../../core/metric-value';
import type { ClosedTrade, MetricsSnapshot } from '../../core/metrics-snapshot';
import { StreamingMetrics } from '../../core/streaming-metrics';
import type { AbortSignalLike, EquityPoint, RunBacktestOptions } from '../backtest-result';
import type { Dataset } from '../bar';
import { buildBarStream } from '../bar-stream';
import { CancelledError } from '../optimization/cancelled-error';
import { expandGrid } from '../optimization/expand-grid';
import { validateObjective } from '../optimization/rank-results';
import { periodsPerYear } from '../periods-per-year';
import { runBacktestSync } from '../run-backtest';
import { findStrategyDefinition } from '../strategies/strategy-registry';
import { planWalkForward } from './plan-walk-forward';
import { sliceDataset } from './slice-dataset';
import { walkForwardOutput, walkForwardTraceOverride } from './walk-forward-output';
import { WalkForwardPlanError } from './walk-forward-plan-error';
import type {
  WalkForwardPointRunner,
  WalkForwardProgress,
  WalkForwardResult,
  WalkForwardRunOutput,
  WalkForwardRunRequest,
  WalkForwardWindowResult,
} from './walk-forward-result';

export interface RunWalkForwardOptions {
  /** Runs one backtest (default: runBacktestSync in this thread, tracing off, curve and trades kept for test runs). */
  runPoint?: WalkForwardPointRunner;
  onProgress?: (progress: WalkForwardProgress) => void;
  /** Cancels between backtests (and inside them with the default runner): rejects with a CancelledError. */
  signal?: AbortSignalLike;
  /** Override the config's objective / direction / ranked container (default: its first portfolio). */
  objective?: string;
  direction?: 'maximize' | 'minimize';
  objectiveContainer?: string;
  /** Strategy lookup for the default runner, before the built-ins. */
  strategies?: RunBacktestOptions['strategies'];
  /** Keep a last test window cut short by the end of the data (default false). */
  keepPartial?: boolean;
}

/** The default runner: the engine in this thread, no tracing (metrics only), curve and trades for test runs. */
export function inProcessWalkForwardRunner(strategies?: RunBacktestOptions['strategies']): WalkForwardPointRunner {
  const lookup = (kind: string) => strategies?.(kind) ?? findStrategyDefinition(kind);
  return (request: WalkForwardRunRequest): WalkForwardRunOutput => {
    const result = runBacktestSync(request.config, request.dataset, {
      runId: request.runId,
      signal: request.signal,
      strategies: lookup,
      progressEvery: 1000,
      traceOverride: walkForwardTraceOverride(request.phase),
      ...(request.tradeFrom !== undefined ? { tradeFrom: request.tradeFrom } : {}),
    });
    return walkForwardOutput(result, request);
  };
}

function checkCancelled(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted) throw new CancelledError(`The walk-forward run was cancelled${signal.reason !== undefined ? `: ${String(signal.reason)}` : ''}`);
}

function isCancellation(error: unknown): boolean {
  return error instanceof Error && (error.name === 'CancelledError' || error.name === 'AbortError' || error.name === 'BacktestAbortedError');
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** `better(a, b)`: a ranks strictly above b (NaN ranks below everything; Infinity compares, never subtracts). */
function rankerFor(direction: 'maximize' | 'minimize'): (a: number, b: number) => boolean {
  return (a, b) => {
    if (Number.isNaN(a)) return false;
    if (Number.isNaN(b)) return true;
    return direction === 'maximize' ? a > b : a < b;
  };
}

/**
 * Runs walk-forward validation of `config.optimization` (its grid, objective and walk_forward
 * block) on `dataset`. Throws a WalkForwardPlanError naming the YAML key when the block is missing
 * or cannot be planned on the data, a CancelledError when `signal` aborts.
 */
export async function runWalkForward(config: StudioConfig, dataset: Dataset, options: RunWalkForwardOptions = {}): Promise<WalkForwardResult> {
  const opt = config.optimization;
  const wf = opt?.walkForward;
  if (opt === undefined || wf === undefined) {
    throw new WalkForwardPlanError('add a walk_forward block, e.g. walk_forward: {train: 2y, test: 6m, anchored: false}', 'optimization.walk_forward');
  }
  const objective = options.objective ?? opt.objective;
  const direction = options.direction ?? opt.direction;
  try {
    validateObjective(objective);
  } catch (error) {
    throw new WalkForwardPlanError(error instanceof Error ? error.message.replace(/^optimization\.objective: /, '') : String(error), 'optimization.objective');
  }
  const objectiveContainer = options.objectiveContainer ?? config.containers.find((c) => c.type === 'portfolio')?.id;
  const portfolio = config.containers.find((c) => c.id === objectiveContainer);
  if (objectiveContainer === undefined || portfolio === undefined || portfolio.type !== 'portfolio') {
    throw new WalkForwardPlanError(
      objectiveContainer === undefined ? 'walk-forward needs a portfolio container to rank and stitch' : `'${objectiveContainer}' is not a portfolio container of this config`,
      'containers',
    );
  }
  const initialCapital = portfolio.initialCapital ?? config.initialCapital;

  const stream = buildBarStream(config.data, dataset);
  const times: number[] = [];
  for (let i = 0; i < stream.length; i++) {
    const t = stream.timeAt(i);
    if (times.length === 0 || t !== times[times.length - 1]) times.push(t);
  }
  const windows = planWalkForward(times, wf, { keepPartial: options.keepPartial });
  const grid = expandGrid(opt.parameters);
  const runPoint = options.runPoint ?? inProcessWalkForwardRunner(options.strategies);
  const { optimization: _dropped, ...base } = config;
  const better = rankerFor(direction);
  const runsTotal = windows.length * (grid.length + 1);
  let runsDone = 0;
  const progress = (window: number, phase: 'train' | 'test', windowsDone: number): void => {
    options.onProgress?.({ windowsDone, windowsTotal: windows.length, runsDone, runsTotal, window, phase });
  };
  const objectiveOf = (metrics: Record<string, MetricsSnapshot>, what: string): MetricsSnapshot => {
    const m = metrics[objectiveContainer];
    if (m === undefined) throw new Error(`walk-forward: the ${what} run reported no metrics for '${objectiveContainer}'.`);
    return m;
  };

  const results: WalkForwardWindowResult[] = [];
  const curve: EquityPoint[] = [];
  const trades: ClosedTrade[] = [];
  const warnings: string[] = [];
  if ((opt.phases?.length ?? 0) > 0) {
    warnings.push('Walk-forward sweeps optimization.parameters as one grid per training window; the phases are not used.');
  }
  let capital = initialCapital;
  let exposureBars = 0;
  let oosBars = 0;

  for (const w of windows) {
    checkCancelled(options.signal);
    const trainRange = { startTime: w.trainStartTime, endTime: w.trainEndTime };
    const trainData = sliceDataset(dataset, trainRange.startTime, trainRange.endTime, `wf${w.index + 1}-train`);
    let failed = 0;
    let firstError: unknown;
    const outcomes = await Promise.all(
      grid.map(async (point) => {
        try {
          checkCancelled(options.signal);
          const out = await runPoint({
            config: applySweepPoint(base, point.params),
            dataset: trainData,
            range: trainRange,
            window: w.index,
            phase: 'train',
            pointIndex: point.index,
            params: point.params,
            objectiveContainer,
            runId: `wf${w.index + 1}-train-${point.index + 1}`,
            signal: options.signal,
          });
          return objectiveOf(out.metrics, 'training');
        } catch (error) {
          if (isCancellation(error) || options.signal?.aborted) throw error;
          failed++;
          firstError ??= error;
          return undefined;
        } finally {
          runsDone++;
          progress(w.index, 'train', w.index);
        }
      }),
    );
    checkCancelled(options.signal);
    let best = -1;
    let bestValue = Number.NaN;
    outcomes.forEach((m, i) => {
      if (m === undefined) return;
      const v = metricValue(m, objective);
      if (best < 0 || better(v, bestValue)) {
        best = i;
        bestValue = v;
      }
    });
    if (best < 0) {
      const why = firstError instanceof Error ? firstError.message : String(firstError);
      throw new Error(`walk-forward window ${w.index + 1}: every one of the ${grid.length} training runs failed; the first: ${why}`);
    }
    const inMetrics = outcomes[best]!;
    const point = grid[best]!;

    // The test run starts at the training start: the strategies warm up on exactly the bars the
    // parameters were chosen on (so a lookback up to the training span is warm on the first test
    // bar), and trade only from the test start (tradeFrom) — metrics, curve and trades cover the
    // test window alone, as a fresh run there would, but without the cold start.
    const testRange = { startTime: w.trainStartTime, endTime: w.testEndTime };
    const swept = applySweepPoint(base, point.params);
    const testConfig: StudioConfig = {
      ...swept,
      containers: swept.containers.map((c) => (c.id === objectiveContainer && c.type === 'portfolio' ? { ...c, initialCapital: capital } : c)),
    };
    let out: WalkForwardRunOutput;
    try {
      out = await runPoint({
        config: testConfig,
        dataset: sliceDataset(dataset, testRange.startTime, testRange.endTime, `wf${w.index + 1}-test`),
        range: testRange,
        tradeFrom: w.testStartTime,
        window: w.index,
        phase: 'test',
        pointIndex: point.index,
        params: point.params,
        objectiveContainer,
        runId: `wf${w.index + 1}-test`,
        signal: options.signal,
      });
    } finally {
      runsDone++;
    }
    const outMetrics = objectiveOf(out.metrics, 'test');
    const startCapital = capital;
    const endCapital = outMetrics.finalEquity;
    for (const p of out.equityCurve ?? []) curve.push({ ...p });
    for (const t of out.trades ?? []) trades.push(t);
    exposureBars += outMetrics.exposure * outMetrics.equityUpdates;
    oosBars += outMetrics.equityUpdates;
    results.push({
      window: w,
      params: { ...point.params },
      bestIndex: point.index,
      gridSize: grid.length,
      failedPoints: failed,
      inSample: { objective: bestValue, annualizedReturn: inMetrics.annualizedReturn ?? Number.NaN, metrics: inMetrics },
      outOfSample: {
        objective: metricValue(outMetrics, objective),
        annualizedReturn: outMetrics.annualizedReturn ?? Number.NaN,
        metrics: outMetrics,
        startCapital,
        endCapital,
      },
    });
    progress(w.index, 'test', w.index + 1);
    capital = endCapital;
    if (!(capital > 0)) {
      if (w.index < windows.length - 1) warnings.push(`Out-of-sample equity reached ${capital} in window ${w.index + 1}; the ${windows.length - 1 - w.index} later window(s) were not run.`);
      break;
    }
  }

  // Drawdown over the whole stitched curve, peak starting at the initial capital.
  let peak = initialCapital;
  for (const p of curve) {
    if (p.equity > peak) peak = p.equity;
    p.drawdown = peak > 0 ? (peak - p.equity) / peak : 0;
  }
  const calc = new StreamingMetrics({ initialCapital, periodsPerYear: periodsPerYear(stream.timeframes[0] ?? '1d') });
  for (const p of curve) calc.updateEquity(p.timestamp, p.equity);
  for (const t of trades) calc.updateFromTrade(t);
  const first = results[0]?.window.testStartTime ?? 0;
  const last = results[results.length - 1]?.window.testEndTime ?? 0;
  for (let i = 0; i < stream.length; i++) {
    const t = stream.timeAt(i);
    if (t >= first && t < last) calc.updatePrice(stream.symbolAt(i), stream.closeAt(i));
  }
  const oosMetrics = { ...calc.snapshot(), exposure: oosBars > 0 ? exposureBars / oosBars : 0 };

  const isMean = mean(results.map((r) => r.inSample.annualizedReturn));
  const oosMean = mean(results.map((r) => r.outOfSample.annualizedReturn));
  return {
    objective,
    direction,
    objectiveContainer,
    anchored: wf.anchored,
    windows: results,
    oosEquityCurve: curve,
    oosTrades: trades,
    oosMetrics,
    efficiency: isMean === 0 ? Number.NaN : oosMean / isMean,
    meanInSampleObjective: mean(results.map((r) => r.inSample.objective)),
    meanOutOfSampleObjective: mean(results.map((r) => r.outOfSample.objective)),
    initialCapital,
    finalEquity: capital,
    warnings,
  };
}
