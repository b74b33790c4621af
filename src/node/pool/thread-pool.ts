// The Node shell of the sweep pool: one worker_thread per core running backtests
// through Comlink's Node adapter, with the same API as the browser's BacktestPool
// (runOne, runSweep, cancel, dispose; time limits; failed points with parameters).
// Each thread loads thread-worker.mjs, which imports a TS worker module with tsx.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { StudioConfig } from '../../core/config/studio-config';
import type { SweepWorkerApi } from '../../engine/optimization/pool-protocol';
import { SweepPool } from '../../engine/optimization/sweep-pool';
import type { PoolTimers, PoolWorkerHandle } from '../../engine/optimization/sweep-scheduler';
import { nodeEndpoint, proxy, wrap } from './comlink-node';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import { wireDatasetSource } from '../../engine/data/packed-dataset';

export interface ThreadPoolOptions {
  /**
   * Worker threads; default os.availableParallelism() — the coordinating thread only
   * routes batches, so every core runs backtests (the browser keeps one for the UI).
   */
  size?: number;
  /** Per-backtest time limit (ms); a run past it is aborted, or its thread terminated and respawned. */
  perJobTimeoutMs?: number;
  /** Most points per message to a thread (default 16). */
  maxBatch?: number;
  /** The TS module each thread loads (exposes a SweepWorkerApi); default the backtest worker. */
  workerEntry?: URL;
  /** YAML parser for configs passed as text (default parseStudioConfig, throwing with line numbers). */
  parseConfig?: (text: string) => StudioConfig;
  /**
   * Young-generation size of each thread's heap (MB; 0 = V8's default). Backtests allocate
   * many short-lived events: a bigger nursery means fewer scavenges, measured 5–10 % more
   * events/s on the sweep benchmark at 128 MB, at the cost of that much memory per thread.
   */
  youngGenerationMb?: number;
}

export const DEFAULT_YOUNG_GENERATION_MB = 128;

const BOOTSTRAP = new URL('./thread-worker.mjs', import.meta.url);
const DEFAULT_ENTRY = new URL('./backtest-thread-worker.ts', import.meta.url);

export const nodeTimers: PoolTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export function spawnThread(entry: URL, onExit: (error: Error) => void, youngGenerationMb = 0): PoolWorkerHandle {
  const worker = new Worker(BOOTSTRAP, {
    workerData: { entry: entry.href },
    ...(youngGenerationMb > 0 ? { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } } : {}),
  });
  const remote = wrap<SweepWorkerApi>(nodeEndpoint(worker));
  let gone = false;
  const lost = (error: Error) => {
    if (gone) return;
    gone = true;
    onExit(error);
  };
  worker.on('error', (error) => lost(error));
  worker.on('exit', (code) => lost(new Error(`worker thread exited unexpectedly (code ${code})`)));
  return {
    // Parsed bars go as one SharedArrayBuffer of columns that every thread reads (no per-thread copy).
    loadDataset: (source) => remote.loadDataset(wireDatasetSource(source, true).source),
    prepare: (context) => remote.prepare(context),
    runBatch: (contextId, jobs, onStart) => remote.runBatch(contextId, jobs, proxy(onStart)),
    runJob: (request, onProgress) => remote.runJob(request, onProgress ? proxy(onProgress) : undefined),
    release: (contextId) => remote.release(contextId),
    terminate: () => {
      gone = true;
      void worker.terminate();
    },
  };
}

export class ThreadPool extends SweepPool {
  constructor(options: ThreadPoolOptions = {}) {
    const entry = options.workerEntry ?? DEFAULT_ENTRY;
    super({
      size: options.size ?? Math.max(1, os.availableParallelism()),
      perJobTimeoutMs: options.perJobTimeoutMs,
      maxBatch: options.maxBatch,
      timers: nodeTimers,
      spawn: (onExit) => spawnThread(entry, onExit, options.youngGenerationMb ?? DEFAULT_YOUNG_GENERATION_MB),
      parseConfig: options.parseConfig ?? parseConfigText,
    });
  }
}
