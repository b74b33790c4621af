// The pool API both shells expose (browser BacktestPool over Web Workers, Node
// ThreadPool over worker_threads): single runs, multi-phase sweeps, cancel and
// dispose, over a SweepScheduler. The shells only say how a worker is spawned.
import type { StudioConfig } from '../../core/config/studio-config';
import type { TraceSettings } from '../../core/trace-settings';
import type { BacktestProgress, BacktestResult } from '../backtest-result';
import { BacktestFailedError } from './backtest-failed-error';
import { CancelledError } from './cancelled-error';
import type { SweepValue } from './expand-grid';
import type { UserStrategySource } from '../user-strategy/user-strategy-api';
import type { DatasetSource, PointOutcome, PoolProgress, ResultDetail, SweepResult } from './pool-protocol';
import { runSweepPlan, type PhaseExecutor } from './sweep-plan';
import { SweepScheduler, type SweepSchedulerOptions } from './sweep-scheduler';

export interface SweepPoolOptions extends SweepSchedulerOptions {
  /** Parses YAML text on the coordinating thread (the plan needs the optimization section); throws with line numbers. */
  parseConfig(text: string): StudioConfig;
}

export interface RunOneRequest {
  /** The parsed config or its YAML text. */
  config: StudioConfig | string;
  dataset: DatasetSource;
  /** A sweep point to apply first ({'momentum_1.params.fast': 10}). */
  params?: Record<string, SweepValue>;
  /** A multi-phase sweep point's suffix ('final_2'): the point's container ids and so its trace settings. */
  containerSuffix?: string;
  environment?: string;
  traceOverride?: Partial<TraceSettings>;
  runId?: string;
  /** Sources of the `user:<name>` strategies the config names (userStrategySourcesFor). */
  userStrategies?: UserStrategySource[];
  /** RunBacktestOptions.tradeFrom: bars before this time (ms) only warm strategies up (walk-forward test runs). */
  tradeFrom?: number;
}

export interface SweepRequest {
  config: StudioConfig | string;
  dataset: DatasetSource;
  /** What each point brings back (default 'traces': metrics of all, events only where settings keep them). */
  detail?: ResultDetail;
  environment?: string;
  traceOverride?: Partial<TraceSettings>;
  /** Override the config's optimization objective / direction / ranked container. */
  objective?: string;
  direction?: 'maximize' | 'minimize';
  objectiveContainer?: string | null;
  /** Sources of the `user:<name>` strategies the config names (userStrategySourcesFor). */
  userStrategies?: UserStrategySource[];
}

export interface RunOneHooks {
  onProgress?(progress: BacktestProgress): void;
}

export interface SweepHooks {
  onProgress?(progress: PoolProgress): void;
  /** Each finished point (success or failure with its parameters), as its batch arrives. */
  onPoint?(outcome: PointOutcome): void;
}

function datasetId(source: DatasetSource): string {
  return source.kind === 'dataset' ? source.dataset.id : source.id;
}

export class SweepPool {
  private readonly scheduler: SweepScheduler;
  private sweeps = 0;
  /** Bumped by cancel(): a multi-phase sweep cancelled between two phases does not start the next. */
  private cancellations = 0;

  constructor(private readonly options: SweepPoolOptions) {
    this.scheduler = new SweepScheduler(options);
  }

  get size(): number {
    return this.scheduler.size;
  }

  /**
   * One backtest in a worker; rejects with InvalidConfigError (YAML text), BacktestFailedError
   * (its parameters, message, timedOut) or CancelledError.
   */
  async runOne(request: RunOneRequest, hooks: RunOneHooks = {}): Promise<BacktestResult> {
    // Parsed here, like runSweep: a YAML error rejects with InvalidConfigError (every located error).
    const config = typeof request.config === 'string' ? this.options.parseConfig(request.config) : request.config;
    const outcome = await this.scheduler.runSingle(
      {
        config,
        datasetId: datasetId(request.dataset),
        params: request.params,
        ...(request.containerSuffix ? { containerSuffix: request.containerSuffix } : {}),
        detail: 'full',
        environment: request.environment,
        traceOverride: request.traceOverride,
        runId: request.runId,
        perJobTimeoutMs: this.options.perJobTimeoutMs,
        ...(request.userStrategies?.length ? { userStrategies: request.userStrategies } : {}),
        ...(request.tradeFrom !== undefined ? { tradeFrom: request.tradeFrom } : {}),
      },
      request.dataset,
      hooks.onProgress,
    );
    if (!outcome.ok) throw new BacktestFailedError(outcome);
    if (!outcome.result) throw new Error('The worker returned no result for a full run');
    return outcome.result;
  }

  /** Every phase of the config's optimization (one grid without phases); failed points are kept, not thrown. */
  async runSweep(request: SweepRequest, hooks: SweepHooks = {}): Promise<SweepResult> {
    const config = typeof request.config === 'string' ? this.options.parseConfig(request.config) : request.config;
    const sweep = ++this.sweeps;
    const epoch = this.cancellations;
    const execute: PhaseExecutor = (phase, points, onBatch) => {
      if (this.cancellations !== epoch) return Promise.reject(new CancelledError());
      return this.scheduler.runPhase(
        {
          contextId: `sweep-${sweep}-${phase.name ?? 'grid'}`,
          config,
          datasetId: datasetId(request.dataset),
          detail: request.detail ?? 'traces',
          environment: request.environment,
          traceOverride: request.traceOverride,
          perJobTimeoutMs: this.options.perJobTimeoutMs,
          ...(request.userStrategies?.length ? { userStrategies: request.userStrategies } : {}),
        },
        config,
        request.dataset,
        points.map((point) => ({ point, phase: phase.name })),
        { onBatch },
      );
    };
    return runSweepPlan(config, execute, {
      objective: request.objective,
      direction: request.direction,
      objectiveContainer: request.objectiveContainer,
      now: () => this.options.timers.now(),
      onProgress: hooks.onProgress,
      onPoint: hooks.onPoint,
    });
  }

  /** Stops every worker at once; pending runOne/runSweep reject with CancelledError; the pool stays usable. */
  cancel(): void {
    this.cancellations += 1;
    this.scheduler.cancel();
  }

  /** Terminates the workers for good. */
  dispose(): void {
    this.scheduler.dispose();
  }
}
