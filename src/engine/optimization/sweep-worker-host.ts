// The inside of a sweep worker, shared by the Web Worker and the Node worker thread:
// caches datasets by id and parsed configs by phase, runs a batch of points one
// after another (each its own backtest: nothing survives from one to the next but
// the read-only bars), turns a throwing run into a failed point with its parameters,
// and aborts a run past its time limit through the engine's signal. The shells
// only add Comlink and the wall clock.
import { datasetBarCount } from '../bar-series';
import { resolveTraceSettings } from '../../core/config/resolve-trace-settings';
import type { StudioConfig } from '../../core/config/studio-config';
import type { AbortSignalLike, BacktestProgress, RunBacktestOptions } from '../backtest-result';
import type { Dataset } from '../bar';
import type { UserStrategySource } from '../user-strategy/user-strategy-api';
import type { SweepValue } from './expand-grid';
import { phaseContainerIds, withPhaseContainerIds } from './phase-container-ids';
import type {
  DatasetInfo,
  DatasetSource,
  PointOutcome,
  PointSuccess,
  ResultDetail,
  RunJobRequest,
  SweepContext,
  SweepJob,
  SweepWorkerApi,
} from './pool-protocol';

export interface PointRunInput {
  config: StudioConfig;
  dataset: Dataset;
  params: Record<string, SweepValue>;
  containerSuffix: string;
  detail: ResultDetail;
  environment?: string;
  traceOverride?: SweepContext['traceOverride'];
  runId?: string;
  signal: AbortSignalLike;
  onProgress?: (progress: BacktestProgress) => void;
  /** Archive backends per traced container (a host with `archive`: single runs, and sweep points that ask). */
  storageFor?: RunBacktestOptions['storageFor'];
  /** Strategy kinds beyond the built-ins (compiled `user:<name>` strategies). */
  strategies?: RunBacktestOptions['strategies'];
  /** RunBacktestOptions.tradeFrom (single runs: walk-forward test windows). */
  tradeFrom?: number;
}

/** What a runner produces for a successful point (the host adds index, phase, timing). */
export type PointRunOutput = Omit<PointSuccess, 'ok' | 'index' | 'phase' | 'params' | 'containerSuffix' | 'durationMs'>;

/** Runs one point synchronously (the backtest runner, or a test's trivial job). */
export type PointRunner = (input: PointRunInput) => PointRunOutput;

/** Runs one point asynchronously (archived runs: async backends write between chunks of bars). */
export type AsyncPointRunner = (input: PointRunInput) => Promise<PointRunOutput>;

/**
 * One run's archive (the browser worker: IndexedDB for storage_backend disk/hierarchical).
 * The engine streams each archived container's kept events to `storageFor`'s backends in batches.
 */
export interface RunArchive {
  storageFor: NonNullable<RunBacktestOptions['storageFor']>;
  /** After a successful run: make the full record durable; answers each archived container's event count. */
  finish(): Promise<Record<string, number>>;
  /** After a failed run: remove what it wrote. */
  discard(): Promise<void>;
}

export interface SweepWorkerHostOptions {
  runPoint: PointRunner;
  /** Parses YAML text; throws an Error saying what is wrong and where. */
  parseConfig(text: string): StudioConfig;
  /** Turns a dataset source into bars (fetch in the browser, files in Node). */
  loadDataset(source: DatasetSource): Dataset | Promise<Dataset>;
  /** Wall clock (performance.now) for time limits and durations. */
  now(): number;
  /** Least time between two progress messages of runJob (default 100 ms). */
  progressIntervalMs?: number;
  /**
   * Single runs (runJob) stream containers whose settings ask for an archive backend to the
   * archive this opens, driven by `runPointAsync`; each such container's result then carries
   * `archive: {runId: archiveId, containerId, count}`. A sweep point (runBatch) does the same
   * when its containers, under the phase's ids, resolve to a non-memory backend (seed 08's
   * `portfolio_final_*: storage_backend: disk`); such a point comes back with its whole result
   * (detail 'full'), so the shell can keep it as a run. Every other point stays metrics-only.
   */
  archive?: (archiveId: string) => RunArchive;
  /** Unique key per archived run (the shell: crypto.randomUUID). */
  archiveId?: () => string;
  runPointAsync?: AsyncPointRunner;
  /**
   * Turns a job's user strategy sources into strategy kinds (the browser worker: compiled in
   * its sandbox). Throws on compile problems: the job's points then fail with that message.
   * Without it, jobs that carry sources fail (the shell cannot run user code).
   */
  userStrategies?: (sources: readonly UserStrategySource[], config: StudioConfig) => RunBacktestOptions['strategies'];
}

/**
 * Whether any trace settings of the config (global, default, patterns, environments, dynamic
 * rules) or the override name a non-memory storage_backend. Only such runs take the async,
 * archived path; every other single run stays on the synchronous runner as before.
 */
function asksForArchive(config: unknown, override?: { storageBackend?: string }): boolean {
  if (override?.storageBackend !== undefined) return override.storageBackend !== 'memory';
  const stack: unknown[] = [config];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'storageBackend' && typeof v === 'string' && v !== 'memory') return true;
      if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  return false;
}

/**
 * Whether a sweep point's containers, under the phase's ids, resolve to a traced, non-memory
 * storage_backend. Static settings only: a dynamic rule that moves a container to disk once its
 * metrics are known cannot be seen before the run (such points stay metrics-only).
 */
function pointAsksForArchive(config: StudioConfig, containerSuffix: string, context: SweepContext): boolean {
  const override = context.traceOverride;
  if (override?.storageBackend !== undefined) return override.storageBackend !== 'memory';
  const { config: phased, ids } = withPhaseContainerIds(config, containerSuffix);
  const options = context.environment === undefined ? {} : { environment: context.environment };
  return Object.values(ids).some((id) => {
    const settings = { ...resolveTraceSettings(phased, id, options), ...override };
    return settings.enabled && settings.storageBackend !== 'memory';
  });
}

function errorInfo(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** A signal whose `aborted` turns true once the wall clock passes the deadline (checked by the engine each bar). */
function deadlineSignal(now: () => number, limitMs: number | undefined): AbortSignalLike & { readonly expired: boolean } {
  const deadline = limitMs && limitMs > 0 ? now() + limitMs : Infinity;
  let expired = false;
  return {
    get aborted() {
      if (!expired && deadline !== Infinity && now() > deadline) expired = true;
      return expired;
    },
    get reason() {
      return expired ? new Error(`exceeded the per-backtest time limit of ${limitMs} ms`) : undefined;
    },
    get expired() {
      return expired;
    },
  };
}

export function createSweepWorkerHost(options: SweepWorkerHostOptions): SweepWorkerApi {
  const datasets = new Map<string, Dataset>();
  const contexts = new Map<string, { context: SweepContext; config: StudioConfig; strategies: () => RunBacktestOptions['strategies']; archives: boolean }>();

  /** The job's strategy kinds; a compile problem throws inside the point's try (a failed point, not a crash). */
  const strategiesFor = (sources: readonly UserStrategySource[] | undefined, config: StudioConfig): RunBacktestOptions['strategies'] => {
    if (!sources || sources.length === 0) return undefined;
    if (!options.userStrategies) throw new Error('This worker cannot run user strategies (user: sources were sent to a shell without a sandbox).');
    return options.userStrategies(sources, config);
  };

  const toConfig = (config: StudioConfig | string): StudioConfig => (typeof config === 'string' ? options.parseConfig(config) : config);

  const getDataset = (id: string): Dataset => {
    const d = datasets.get(id);
    if (!d) throw new Error(`Dataset '${id}' was not loaded in this worker (call loadDataset first)`);
    return d;
  };

  function runOne(
    base: { index: number; phase: string | null; params: Record<string, SweepValue>; containerSuffix: string },
    config: StudioConfig,
    input: Omit<PointRunInput, 'config' | 'signal' | 'params' | 'containerSuffix'>,
    limitMs: number | undefined,
    userSources?: () => RunBacktestOptions['strategies'],
  ): PointOutcome {
    const started = options.now();
    const signal = deadlineSignal(options.now, limitMs);
    try {
      const strategies = input.strategies ?? userSources?.();
      const out = options.runPoint({ ...input, ...(strategies ? { strategies } : {}), config, params: base.params, containerSuffix: base.containerSuffix, signal });
      return { ok: true, ...base, ...out, durationMs: options.now() - started };
    } catch (error) {
      return failed(base, config, error, signal.expired, started, limitMs);
    }
  }

  /** runOne with the containers' archive: async drive, every batch flushed, markers on the result. */
  async function runOneArchived(
    base: { index: number; phase: string | null; params: Record<string, SweepValue>; containerSuffix: string },
    config: StudioConfig,
    input: Omit<PointRunInput, 'config' | 'signal' | 'params' | 'containerSuffix'>,
    limitMs: number | undefined,
    open: (archiveId: string) => RunArchive,
    runAsync: AsyncPointRunner,
    userSources?: () => RunBacktestOptions['strategies'],
  ): Promise<PointOutcome> {
    const started = options.now();
    const signal = deadlineSignal(options.now, limitMs);
    const archiveId = options.archiveId?.() ?? input.runId ?? 'run';
    const archive = open(archiveId);
    try {
      const strategies = input.strategies ?? userSources?.();
      const out = await runAsync({ ...input, ...(strategies ? { strategies } : {}), storageFor: archive.storageFor, config, params: base.params, containerSuffix: base.containerSuffix, signal });
      const counts = await archive.finish();
      for (const [containerId, count] of Object.entries(counts)) {
        const marker = { runId: archiveId, containerId, count };
        const inResult = out.result?.containers[containerId];
        if (inResult) inResult.archive = marker;
        const inTraced = out.traced?.[containerId];
        if (inTraced && inTraced !== inResult) inTraced.archive = marker;
      }
      return { ok: true, ...base, ...out, durationMs: options.now() - started };
    } catch (error) {
      await archive.discard().catch(() => undefined);
      return failed(base, config, error, signal.expired, started, limitMs);
    }
  }

  function failed(
    base: { index: number; phase: string | null; params: Record<string, SweepValue>; containerSuffix: string },
    config: StudioConfig,
    error: unknown,
    timedOut: boolean,
    started: number,
    limitMs: number | undefined,
  ): PointOutcome {
    let containerIds: Record<string, string> = {};
    try {
      containerIds = phaseContainerIds(config.containers, base.containerSuffix);
    } catch {
      // The error itself says why the ids could not be built.
    }
    const info = errorInfo(error);
    return {
      ok: false,
      ...base,
      containerIds,
      durationMs: options.now() - started,
      error: timedOut ? { ...info, message: `exceeded the per-backtest time limit of ${limitMs} ms (${info.message})` } : info,
      timedOut,
    };
  }

  return {
    async loadDataset(source: DatasetSource): Promise<DatasetInfo> {
      const id = source.kind === 'dataset' ? source.dataset.id : source.id;
      let d = datasets.get(id);
      if (!d) {
        d = await options.loadDataset(source);
        datasets.set(id, d);
      }
      return { id, symbols: d.series.map((s) => s.symbol), bars: datasetBarCount(d) };
    },

    async prepare(context: SweepContext): Promise<void> {
      if (contexts.has(context.contextId)) return;
      getDataset(context.datasetId);
      const config = toConfig(context.config);
      // Compiled once per phase (and cached per worker by source); a compile error is remembered
      // and rethrown inside each point's try, so every point fails with it instead of prepare crashing.
      let compiled: { ok: true; value: RunBacktestOptions['strategies'] } | { ok: false; error: unknown };
      try {
        compiled = { ok: true, value: strategiesFor(context.userStrategies, config) };
      } catch (error) {
        compiled = { ok: false, error };
      }
      const strategies = (): RunBacktestOptions['strategies'] => {
        if (!compiled.ok) throw compiled.error;
        return compiled.value;
      };
      // Whether any point could archive: most sweeps name no archive backend and skip the per-point check.
      const archives = options.archive !== undefined && asksForArchive(config, context.traceOverride);
      contexts.set(context.contextId, { context, config, strategies, archives });
    },

    async runBatch(contextId: string, jobs: SweepJob[], onStart?: (index: number) => void): Promise<PointOutcome[]> {
      const prepared = contexts.get(contextId);
      if (!prepared) throw new Error(`Sweep context '${contextId}' was not prepared in this worker`);
      const { context, config, strategies, archives } = prepared;
      const { archive, runPointAsync } = options;
      const dataset = getDataset(context.datasetId);
      const outcomes: PointOutcome[] = [];
      for (const job of jobs) {
        // Fire-and-forget: the coordinator's per-backtest timer; a Comlink call returns a promise we don't wait on.
        void onStart?.(job.point.index);
        const base = { index: job.point.index, phase: job.phase, params: job.point.params, containerSuffix: job.point.containerSuffix };
        const input = { dataset, detail: context.detail, environment: context.environment, traceOverride: context.traceOverride };
        outcomes.push(
          archives && archive && runPointAsync && pointAsksForArchive(config, job.point.containerSuffix, context)
            ? await runOneArchived(base, config, { ...input, detail: 'full' }, context.perJobTimeoutMs, archive, runPointAsync, strategies)
            : runOne(base, config, input, context.perJobTimeoutMs, strategies),
        );
      }
      return outcomes;
    },

    async runJob(request: RunJobRequest, onProgress?: (progress: BacktestProgress) => void): Promise<PointOutcome> {
      const dataset = getDataset(request.datasetId);
      let config: StudioConfig;
      const params = { ...request.params };
      try {
        config = toConfig(request.config);
      } catch (error) {
        return { ok: false, index: 0, phase: null, params, containerSuffix: '', containerIds: {}, durationMs: 0, error: errorInfo(error), timedOut: false };
      }
      const interval = options.progressIntervalMs ?? 100;
      let last = -Infinity;
      // Across Comlink a callback is a message on its own port, which may overtake or trail the
      // result: wait for every progress call's answer so the last progress precedes the result.
      const acks: Promise<unknown>[] = [];
      const throttled = onProgress
        ? (p: BacktestProgress) => {
            const t = options.now();
            if (t - last >= interval || p.barsDone === p.barsTotal) {
              last = t;
              acks.push(Promise.resolve(onProgress(p)));
            }
          }
        : undefined;
      const base = { index: 0, phase: null, params, containerSuffix: request.containerSuffix ?? '' };
      const userSources = (): RunBacktestOptions['strategies'] => strategiesFor(request.userStrategies, config);
      const input = {
        dataset,
        detail: request.detail ?? 'full',
        environment: request.environment,
        traceOverride: request.traceOverride,
        runId: request.runId,
        onProgress: throttled,
        ...(request.tradeFrom !== undefined ? { tradeFrom: request.tradeFrom } : {}),
      };
      const outcome =
        options.archive && options.runPointAsync && asksForArchive(config, request.traceOverride)
          ? await runOneArchived(base, config, input, request.perJobTimeoutMs, options.archive, options.runPointAsync, userSources)
          : runOne(base, config, input, request.perJobTimeoutMs, userSources);
      await Promise.allSettled(acks);
      return outcome;
    },

    async release(contextId: string): Promise<void> {
      contexts.delete(contextId);
    },
  };
}
