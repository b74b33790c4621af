// BacktestPool — isolated backtests and parameter sweeps in Web Workers.
//
//   const pool = new BacktestPool({ size?, perJobTimeoutMs?, maxBatch?, createWorker? });
//     size           workers; default max(1, navigator.hardwareConcurrency − 1) (one core stays with the UI)
//     perJobTimeoutMs per-backtest time limit: the run is aborted in its worker, or the worker is
//                    terminated and respawned; the point is reported failed with its parameters
//     createWorker   () => Worker (tests, custom bundling); default the Vite-bundled backtest.worker.ts
//
//   pool.runOne(request, { onProgress }) → Promise<BacktestResult>
//     request: { config: StudioConfig | yamlText, dataset: DatasetSource | bundledId, params?, environment?, traceOverride?, runId? }
//     (a string dataset is a bundled id — 'sp500', 'stocks', 'aapl' — resolved with bundledDatasetSource)
//     onProgress(BacktestProgress) a few times per second. Rejects with BacktestFailedError
//     (.outcome: parameters, error, timedOut), InvalidConfigError (YAML text) or CancelledError.
//
//   pool.runSweep(request, { onProgress, onPoint }) → Promise<SweepResult>
//     request: { config, dataset, detail? = 'traces', environment?, traceOverride?, objective?, direction?, objectiveContainer? }
//     Runs config.optimization (phases phase1 → top N → phase2 → final, or one grid). Every
//     point's metrics are kept; failed points are outcomes with their parameters, never a rejection.
//     onProgress({done, total, failed, eventsPublished, eventsPerSecond, etaMs, phase}) per batch;
//     onPoint(PointOutcome) for each finished point. Workers send batches of outcomes per message.
//
//   pool.cancel()   stops every worker at once (terminate; respawned on the next run); pending
//                   runOne/runSweep reject with CancelledError (isCancelledError(e) across realms).
//   pool.dispose()  terminates the workers for good.
//
// Datasets: bundledDatasetSource('sp500'), csvDatasetSource(name, text), syntheticDatasetSource(opts)
// from src/app/data/dataset-source.ts; each worker loads a dataset once and caches it by id.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { wireDatasetSource } from '../../engine/data/packed-dataset';
import type { BacktestResult } from '../../engine/backtest-result';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import type { BacktestWorkerApi } from './backtest-worker-api';
import { SweepPool, type RunOneHooks, type RunOneRequest, type SweepHooks, type SweepRequest } from '../../engine/optimization/sweep-pool';
import type { DatasetSource, SweepResult } from '../../engine/optimization/pool-protocol';
import { bundledDatasetSource } from '../data/dataset-source';
import type { PoolTimers, PoolWorkerHandle } from '../../engine/optimization/sweep-scheduler';
import { CancelledError } from '../../engine/optimization/cancelled-error';

export type { BacktestResult };
export { CancelledError, isCancelledError } from '../../engine/optimization/cancelled-error';
export { BacktestFailedError } from '../../engine/optimization/backtest-failed-error';
export { InvalidConfigError } from '../../engine/optimization/invalid-config-error';
export type { RunOneRequest, SweepRequest, RunOneHooks, SweepHooks } from '../../engine/optimization/sweep-pool';
export type { DatasetSource, PointOutcome, PointSuccess, PointFailure, PoolProgress, SweepResult, SweepPhaseResult, ResultDetail } from '../../engine/optimization/pool-protocol';

export interface BacktestPoolOptions {
  size?: number;
  perJobTimeoutMs?: number;
  /** Most points per message to a worker (default 16). */
  maxBatch?: number;
  createWorker?: () => Worker;
}

const browserTimers: PoolTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export function defaultPoolSize(): number {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 2;
  return Math.max(1, cores - 1);
}

function createBacktestWorker(): Worker {
  return new Worker(new URL('./backtest.worker.ts', import.meta.url), { type: 'module', name: 'backtest' });
}

/** A pool worker alive now, and the datasets it holds (what withDataset asks it about). */
interface LiveWorker {
  remote: Remote<BacktestWorkerApi>;
  datasets: Set<string>;
  /** Rejects when the worker is terminated or lost: a question in flight must not wait for ever. */
  gone: Promise<never>;
}

function sourceId(source: DatasetSource): string {
  return source.kind === 'dataset' ? source.dataset.id : source.id;
}

/** What a shell sends a worker for `source`: parsed bars cross as one buffer (shared when the page is cross-origin isolated, else a transferred copy). */
function wired(source: DatasetSource): DatasetSource {
  const w = wireDatasetSource(source, globalThis.crossOriginIsolated === true);
  return (w.transfer.length > 0 ? transfer(w.source, w.transfer) : w.source) as DatasetSource;
}

function spawnWebWorker(create: () => Worker, onExit: (error: Error) => void, live: Set<LiveWorker>): PoolWorkerHandle {
  const worker = create();
  const remote = wrap<BacktestWorkerApi>(worker);
  let gone = false;
  let markGone: (error: Error) => void = () => undefined;
  const entry: LiveWorker = {
    remote,
    datasets: new Set(),
    gone: new Promise<never>((_, reject) => {
      markGone = reject;
    }),
  };
  entry.gone.catch(() => undefined);
  live.add(entry);
  const end = (error: Error) => {
    live.delete(entry);
    markGone(error);
  };
  const lost = (error: Error) => {
    if (gone) return;
    gone = true;
    worker.terminate();
    end(error);
    onExit(error);
  };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    lost(new Error(`backtest worker failed: ${event.message || 'uncaught error'}`));
  });
  worker.addEventListener('messageerror', () => lost(new Error('backtest worker sent a message that could not be read')));
  return {
    loadDataset: async (source) => {
      const info = await remote.loadDataset(wired(source));
      entry.datasets.add(sourceId(source));
      return info;
    },
    prepare: (context) => remote.prepare(context),
    runBatch: (contextId, jobs, onStart) => remote.runBatch(contextId, jobs, proxy(onStart)),
    runJob: (request, onProgress) => remote.runJob(request, onProgress ? proxy(onProgress) : undefined),
    release: (contextId) => remote.release(contextId),
    terminate: () => {
      gone = true;
      worker.terminate();
      end(new CancelledError('The backtest worker was stopped'));
    },
  };
}

/** A request whose dataset may be a bundled dataset's id. */
export type WithDataset<R extends { dataset: DatasetSource }> = Omit<R, 'dataset'> & { dataset: DatasetSource | string };

function source(dataset: DatasetSource | string): DatasetSource {
  return typeof dataset === 'string' ? bundledDatasetSource(dataset) : dataset;
}

export class BacktestPool extends SweepPool {
  private readonly live: Set<LiveWorker>;
  private readonly create: () => Worker;

  constructor(options: BacktestPoolOptions = {}) {
    const create = options.createWorker ?? createBacktestWorker;
    const live = new Set<LiveWorker>();
    super({
      size: options.size ?? defaultPoolSize(),
      perJobTimeoutMs: options.perJobTimeoutMs,
      maxBatch: options.maxBatch,
      timers: browserTimers,
      spawn: (onExit) => spawnWebWorker(create, onExit, live),
      parseConfig: parseConfigText,
    });
    this.live = live;
    this.create = create;
  }

  /**
   * Asks a worker that holds `dataset` (one that just backtested it: no second copy of the
   * bars anywhere); when none does, a worker of its own loads it, answers and is ended.
   * Rejects when the pool's worker is stopped meanwhile (cancel, dispose).
   */
  async withDataset<T>(dataset: DatasetSource | string, ask: (remote: Remote<BacktestWorkerApi>, datasetId: string) => Promise<T>): Promise<T> {
    const s = source(dataset);
    const id = sourceId(s);
    const holder = [...this.live].find((w) => w.datasets.has(id));
    if (holder) return Promise.race([ask(holder.remote, id), holder.gone]);
    const worker = this.create();
    try {
      const remote = wrap<BacktestWorkerApi>(worker);
      const failed = new Promise<never>((_, reject) => {
        worker.addEventListener('error', (event) => {
          event.preventDefault();
          reject(new Error(`backtest worker failed: ${event.message || 'uncaught error'}`));
        });
      });
      failed.catch(() => undefined);
      await Promise.race([remote.loadDataset(wired(s)), failed]);
      return await Promise.race([ask(remote, id), failed]);
    } finally {
      worker.terminate();
    }
  }

  override runOne(request: WithDataset<RunOneRequest>, hooks?: RunOneHooks): Promise<BacktestResult> {
    try {
      return super.runOne({ ...request, dataset: source(request.dataset) }, hooks);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  override runSweep(request: WithDataset<SweepRequest>, hooks?: SweepHooks): Promise<SweepResult> {
    try {
      return super.runSweep({ ...request, dataset: source(request.dataset) }, hooks);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

export interface ThroughputFigure {
  points: number;
  failed: number;
  workers: number;
  eventsPublished: number;
  durationMs: number;
  eventsPerSecond: number;
}

/** Runs one sweep and reports its throughput (for the lead's e2e measurement of browser vs Node). */
export async function measureThroughput(pool: SweepPool, request: SweepRequest): Promise<ThroughputFigure> {
  const started = performance.now();
  const result = await pool.runSweep({ detail: 'metrics', ...request });
  const durationMs = performance.now() - started;
  return {
    points: result.total,
    failed: result.failed,
    workers: pool.size,
    eventsPublished: result.eventsPublished,
    durationMs,
    eventsPerSecond: durationMs > 0 ? (result.eventsPublished / durationMs) * 1000 : 0,
  };
}
