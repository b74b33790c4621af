// Hands sweep points to a fixed set of workers in batches and survives their
// failures: a point past its time limit (or a worker that dies) is reported as a
// failed point with its parameters, the worker is terminated and respawned, and
// the rest of its batch is re-queued (runs are deterministic, so re-running is safe).
// Pure coordination: the shells inject how to spawn a worker and the timers.
import type { StudioConfig } from '../../core/config/studio-config';
import type { BacktestProgress } from '../backtest-result';
import { CancelledError } from './cancelled-error';
import { phaseContainerIds } from './phase-container-ids';
import type { DatasetInfo, DatasetSource, PointFailure, PointOutcome, RunJobRequest, SweepContext, SweepJob } from './pool-protocol';

/** A live worker as the scheduler drives it (the shells adapt Comlink remotes to this). */
export interface PoolWorkerHandle {
  loadDataset(source: DatasetSource): Promise<DatasetInfo>;
  prepare(context: SweepContext): Promise<void>;
  runBatch(contextId: string, jobs: SweepJob[], onStart: (index: number) => void): Promise<PointOutcome[]>;
  runJob(request: RunJobRequest, onProgress?: (progress: BacktestProgress) => void): Promise<PointOutcome>;
  release(contextId: string): Promise<void>;
  /** Stop it now (Worker.terminate()): calls in flight never settle, the scheduler settles them. */
  terminate(): void;
}

export interface PoolTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface SweepSchedulerOptions {
  size: number;
  /** Per-backtest time limit; none when omitted or ≤ 0. */
  perJobTimeoutMs?: number;
  /**
   * Spawns a worker. `onExit` must be called if the worker dies on its own
   * (uncaught error, out of memory), so its points are reported and not lost.
   */
  spawn(onExit: (error: Error) => void): PoolWorkerHandle;
  timers: PoolTimers;
  /** Most points per message to a worker (default 16). */
  maxBatch?: number;
}

export interface PhaseRunHooks {
  /** A worker's batch of outcomes, as it arrives. */
  onBatch?(outcomes: PointOutcome[]): void;
}

/** Grace after the time limit before a worker is killed, so a cooperative abort in the worker wins. */
export function hardTimeLimitMs(perJobTimeoutMs: number): number {
  return perJobTimeoutMs + Math.max(100, Math.round(perJobTimeoutMs * 0.25));
}

interface PhaseRun {
  kind: 'phase';
  context: SweepContext;
  containers: StudioConfig['containers'];
  source: DatasetSource;
  queue: SweepJob[];
  remaining: number;
  /** Point index → position in `outcomes` (the caller's order). */
  order: Map<number, number>;
  outcomes: PointOutcome[];
  hooks: PhaseRunHooks;
  resolve(outcomes: PointOutcome[]): void;
  reject(error: unknown): void;
  settled: boolean;
}

interface SingleRun {
  kind: 'single';
  request: RunJobRequest;
  source: DatasetSource;
  dispatched: boolean;
  onProgress?: (progress: BacktestProgress) => void;
  resolve(outcome: PointOutcome): void;
  reject(error: unknown): void;
  settled: boolean;
}

type Run = PhaseRun | SingleRun;

type Work = { kind: 'phase'; run: PhaseRun; jobs: SweepJob[] } | { kind: 'single'; run: SingleRun };

interface Slot {
  handle: PoolWorkerHandle | null;
  /** Bumped whenever the worker is replaced: late answers of the old one are ignored. */
  generation: number;
  datasets: Set<string>;
  contexts: Set<string>;
  work: Work | null;
  /** Index of the point running now (from the worker's onStart). */
  currentIndex: number;
  timer: unknown;
}

function sourceId(source: DatasetSource): string {
  return source.kind === 'dataset' ? source.dataset.id : source.id;
}

function errorInfo(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

export class SweepScheduler {
  readonly size: number;
  private readonly slots: Slot[];
  private runs: Run[] = [];
  private disposed = false;

  constructor(private readonly options: SweepSchedulerOptions) {
    this.size = Math.max(1, Math.floor(options.size));
    this.slots = Array.from({ length: this.size }, () => ({
      handle: null,
      generation: 0,
      datasets: new Set<string>(),
      contexts: new Set<string>(),
      work: null,
      currentIndex: -1,
      timer: undefined,
    }));
  }

  /** Workers alive right now (they are spawned on demand and after a kill). */
  get liveWorkers(): number {
    return this.slots.filter((s) => s.handle !== null).length;
  }

  /** Runs every job of one phase; outcomes come back ordered as `jobs`. Never rejects for a failing point. */
  runPhase(
    context: SweepContext,
    config: StudioConfig,
    source: DatasetSource,
    jobs: readonly SweepJob[],
    hooks: PhaseRunHooks = {},
  ): Promise<PointOutcome[]> {
    if (this.disposed) return Promise.reject(new Error('The pool was disposed'));
    if (jobs.length === 0) return Promise.resolve([]);
    const order = new Map(jobs.map((j, i) => [j.point.index, i]));
    return new Promise<PointOutcome[]>((resolve, reject) => {
      const run: PhaseRun = {
        kind: 'phase',
        context,
        containers: config.containers,
        source,
        queue: [...jobs],
        remaining: jobs.length,
        order,
        outcomes: new Array<PointOutcome>(jobs.length),
        hooks,
        resolve,
        reject,
        settled: false,
      };
      this.runs.push(run);
      this.pump();
    }).finally(() => {
      // Workers may drop the phase's parsed config.
      for (const slot of this.slots) {
        if (slot.handle && slot.contexts.delete(context.contextId)) slot.handle.release(context.contextId).catch(() => undefined);
      }
    });
  }

  /** One backtest; resolves with its outcome (a failure is an outcome, not a rejection). */
  runSingle(request: RunJobRequest, source: DatasetSource, onProgress?: (progress: BacktestProgress) => void): Promise<PointOutcome> {
    if (this.disposed) return Promise.reject(new Error('The pool was disposed'));
    return new Promise<PointOutcome>((resolve, reject) => {
      this.runs.push({ kind: 'single', request, source, dispatched: false, onProgress, resolve, reject, settled: false });
      this.pump();
    });
  }

  /** Stops every worker at once; every pending run rejects with a CancelledError. Later runs respawn workers. */
  cancel(reason = 'The run was cancelled'): void {
    const runs = this.runs;
    this.runs = [];
    for (const slot of this.slots) this.kill(slot);
    for (const run of runs) {
      if (!run.settled) {
        run.settled = true;
        run.reject(new CancelledError(reason));
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.cancel('The pool was disposed');
    this.disposed = true;
  }

  private kill(slot: Slot): void {
    slot.generation += 1;
    if (slot.timer !== undefined) this.options.timers.clearTimeout(slot.timer);
    slot.timer = undefined;
    const handle = slot.handle;
    slot.handle = null;
    slot.work = null;
    slot.datasets.clear();
    slot.contexts.clear();
    handle?.terminate();
  }

  private ensureHandle(slot: Slot): PoolWorkerHandle {
    if (slot.handle) return slot.handle;
    const generation = slot.generation;
    slot.handle = this.options.spawn((error) => {
      if (slot.generation !== generation) return;
      this.onWorkerLost(slot, error, false);
    });
    return slot.handle;
  }

  private chunkSize(run: PhaseRun): number {
    const max = this.options.maxBatch ?? 16;
    return Math.max(1, Math.min(max, Math.floor(run.queue.length / (this.size * 4))));
  }

  private takeWork(): Work | null {
    for (const run of this.runs) {
      if (run.settled) continue;
      if (run.kind === 'phase' && run.queue.length > 0) return { kind: 'phase', run, jobs: run.queue.splice(0, this.chunkSize(run)) };
      if (run.kind === 'single' && !run.dispatched) {
        run.dispatched = true;
        return { kind: 'single', run };
      }
    }
    return null;
  }

  private pump(): void {
    this.runs = this.runs.filter((r) => !r.settled);
    for (const slot of this.slots) {
      if (slot.work) continue;
      const work = this.takeWork();
      if (!work) return;
      slot.work = work;
      void this.dispatch(slot, work);
    }
  }

  private armTimer(slot: Slot, limitMs: number): void {
    const timers = this.options.timers;
    if (slot.timer !== undefined) timers.clearTimeout(slot.timer);
    const generation = slot.generation;
    const index = slot.currentIndex;
    slot.timer = timers.setTimeout(() => {
      // Let queued worker messages (a newer onStart, the batch's answer) arrive first:
      // a busy coordinator must not mistake its own delay for a slow backtest.
      slot.timer = timers.setTimeout(() => {
        slot.timer = undefined;
        if (slot.generation !== generation || slot.currentIndex !== index || !slot.work) return;
        this.onWorkerLost(slot, new Error(`exceeded the per-backtest time limit of ${this.options.perJobTimeoutMs} ms`), true);
      }, 0);
    }, limitMs);
  }

  private async dispatch(slot: Slot, work: Work): Promise<void> {
    const generation = slot.generation;
    const limit = this.options.perJobTimeoutMs && this.options.perJobTimeoutMs > 0 ? hardTimeLimitMs(this.options.perJobTimeoutMs) : 0;
    let stage: 'setup' | 'run' = 'setup';
    try {
      const handle = this.ensureHandle(slot);
      const id = sourceId(work.run.source);
      if (!slot.datasets.has(id)) {
        await handle.loadDataset(work.run.source);
        if (slot.generation !== generation) return;
        slot.datasets.add(id);
      }
      if (work.kind === 'phase') {
        const run = work.run;
        if (!slot.contexts.has(run.context.contextId)) {
          await handle.prepare(run.context);
          if (slot.generation !== generation) return;
          slot.contexts.add(run.context.contextId);
        }
        stage = 'run';
        slot.currentIndex = work.jobs[0].point.index;
        if (limit) this.armTimer(slot, limit);
        const outcomes = await handle.runBatch(run.context.contextId, work.jobs, (index) => {
          // A late onStart (its own message port) of a finished batch must not arm a timer.
          if (slot.generation !== generation || slot.work !== work) return;
          slot.currentIndex = index;
          if (limit) this.armTimer(slot, limit);
        });
        if (slot.generation !== generation) return;
        this.finishWork(slot);
        this.accept(run, outcomes);
      } else {
        const run = work.run;
        stage = 'run';
        slot.currentIndex = 0;
        if (limit) this.armTimer(slot, limit);
        const outcome = await handle.runJob(run.request, run.onProgress);
        if (slot.generation !== generation) return;
        this.finishWork(slot);
        if (!run.settled) {
          run.settled = true;
          run.resolve(outcome);
        }
      }
    } catch (error) {
      if (slot.generation !== generation) return;
      if (stage === 'run') {
        // runBatch/runJob report failures as outcomes; a rejection means the worker broke.
        this.onWorkerLost(slot, error instanceof Error ? error : new Error(String(error)), false);
        return;
      }
      // The dataset or config cannot be loaded: nothing of this run can succeed.
      this.finishWork(slot);
      this.failRun(work.run, error);
    }
    this.pump();
  }

  private finishWork(slot: Slot): void {
    if (slot.timer !== undefined) this.options.timers.clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.work = null;
  }

  private failRun(run: Run, error: unknown): void {
    if (run.settled) return;
    run.settled = true;
    if (run.kind === 'phase') run.queue.length = 0;
    run.reject(error);
  }

  private accept(run: PhaseRun, outcomes: PointOutcome[]): void {
    if (run.settled) return;
    const order = run.order;
    for (const outcome of outcomes) {
      const at = order.get(outcome.index);
      if (at === undefined || run.outcomes[at] !== undefined) continue;
      run.outcomes[at] = outcome;
      run.remaining -= 1;
    }
    run.hooks.onBatch?.(outcomes);
    if (run.remaining === 0) {
      run.settled = true;
      run.resolve(run.outcomes);
    }
  }

  /** The running point failed by killing its worker (time limit or crash): report it, re-queue the rest, respawn. */
  private onWorkerLost(slot: Slot, error: Error, timedOut: boolean): void {
    const work = slot.work;
    const culprit = slot.currentIndex;
    this.kill(slot);
    if (work) {
      if (work.kind === 'phase') {
        const run = work.run;
        const failed = work.jobs.find((j) => j.point.index === culprit) ?? work.jobs[0];
        const others = work.jobs.filter((j) => j !== failed);
        run.queue.unshift(...others);
        this.accept(run, [this.failure(run, failed, error, timedOut)]);
      } else if (!work.run.settled) {
        const run = work.run;
        run.settled = true;
        run.resolve({
          ok: false,
          index: 0,
          phase: null,
          params: { ...run.request.params },
          containerSuffix: '',
          containerIds: {},
          durationMs: 0,
          error: errorInfo(error),
          timedOut,
        });
      }
    }
    this.pump();
  }

  private failure(run: PhaseRun, job: SweepJob, error: Error, timedOut: boolean): PointFailure {
    let containerIds: Record<string, string> = {};
    try {
      containerIds = phaseContainerIds(run.containers, job.point.containerSuffix);
    } catch {
      // Colliding ids are reported by the worker's own failure; keep the point's parameters.
    }
    return {
      ok: false,
      index: job.point.index,
      phase: job.phase,
      params: job.point.params,
      containerSuffix: job.point.containerSuffix,
      containerIds,
      durationMs: 0,
      error: { name: timedOut ? 'TimeoutError' : 'WorkerError', message: error.message },
      timedOut,
    };
  }
}
