// The pool worker's side of user strategies: every job that carries strategy sources is
// run in a fresh strategy worker (strategy.worker.ts) under a watchdog, and the worker
// is terminated when the job ends. The watchdog holds the per-bar limit where the guards
// inside user code cannot (a call stuck in native code — a catastrophic regular
// expression): silence while user code runs, past the limit plus a grace for the host,
// ends the worker from outside. The heartbeat is throttled, so the stalled point is then
// replayed once in trace mode (every call and line reported; runs are deterministic) to
// name the strategy, the bar and the line; the batch's other points go on in a new worker.
import type { BacktestProgress } from '../../engine/backtest-result';
import type { Dataset } from '../../engine/bar';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import { phaseContainerIds } from '../../engine/optimization/phase-container-ids';
import type { PointFailure, PointOutcome, RunJobRequest, SweepContext, SweepJob } from '../../engine/optimization/pool-protocol';
import { StrategyTimeoutError } from '../../engine/user-strategy/strategy-timeout-error';
import { DEFAULT_PER_BAR_MS } from '../../engine/user-strategy/user-strategy';
import type { StrategyBeat, StrategyJobMessage, StrategyJobWire, StrategyWorkerMessage } from './strategy-worker-protocol';
import { packStrategyJob } from './strategy-job-wire';

/** Runs jobs with user strategies somewhere user code may run (a strategy worker, or in-process in a locked-down test realm). */
export interface StrategyJobRunner {
  runJob(dataset: Dataset, request: RunJobRequest, onProgress?: (progress: BacktestProgress) => void): Promise<PointOutcome>;
  runBatch(dataset: Dataset, context: SweepContext, jobs: SweepJob[], onStart?: (index: number) => void): Promise<PointOutcome[]>;
}

/** One session: a job message in, messages out, until 'done' or the session is ended. */
export interface StrategySession {
  send(message: StrategyJobMessage): void;
  /** Ends the session at once (terminates a worker). */
  end(): void;
}

/** Opens a session whose messages go to `receive`; `lost` when it dies on its own. */
export type OpenStrategySession = (receive: (message: StrategyWorkerMessage) => void, lost: (error: Error) => void) => StrategySession;

export interface WatchdogOptions {
  /** Per-bar limit the watchdog holds (default the strategies' own, 500 ms). */
  perBarMs?: number;
  /** Extra silence allowed for the host (GC, a busy machine) before the worker is ended (default 5000 ms: a loaded machine starves workers for seconds). */
  graceMs?: number;
  /** Silence allowed while no user code runs (the engine building a big result; default 120 s). */
  engineSilenceMs?: number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  now?: () => number;
}

interface SessionResult {
  outcomes: PointOutcome[];
  /** Set when the watchdog ended the session: where user code was last heard of. */
  stalled?: StrategyBeat;
  /** Set when the worker died or could not run the job. */
  broken?: string;
}

function describeBar(beat: StrategyBeat): string | undefined {
  const b = beat.bar;
  if (b === undefined) return beat.phase === undefined ? undefined : `its ${beat.phase}`;
  const time = Number.isFinite(b.timestamp) ? new Date(b.timestamp).toISOString() : String(b.timestamp);
  return `bar ${b.call} (${b.symbol} ${time})`;
}

function failure(base: { index: number; phase: string | null; params: PointFailure['params']; containerSuffix: string }, config: SweepContext['config'], error: Error, timedOut: boolean): PointFailure {
  let containerIds: Record<string, string> = {};
  try {
    containerIds = phaseContainerIds((typeof config === 'string' ? parseConfigText(config) : config).containers, base.containerSuffix);
  } catch {
    // the config's own error is reported by the run that parses it
  }
  return { ok: false, ...base, containerIds, durationMs: 0, error: { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) }, timedOut };
}

export function strategyJobRunner(open: OpenStrategySession, options: WatchdogOptions = {}): StrategyJobRunner {
  const perBarMs = options.perBarMs ?? DEFAULT_PER_BAR_MS;
  const graceMs = options.graceMs ?? 5000;
  const engineSilenceMs = options.engineSilenceMs ?? 120_000;
  const every = options.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const stopEvery = options.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  const now = options.now ?? (() => performance.now());

  function session(message: StrategyJobMessage, hooks: { onStart?: (index: number) => void; onProgress?: (p: BacktestProgress) => void }): Promise<SessionResult> {
    return new Promise((resolve) => {
      const outcomes: PointOutcome[] = [];
      let last = now();
      let beat: StrategyBeat = { user: false };
      // Idle: starting up, or between points; else a run is in its bars and user code may be running.
      let idle = true;
      let settled = false;
      const handle: { s?: StrategySession } = {};
      const finish = (result: Omit<SessionResult, 'outcomes'>) => {
        if (settled) return;
        settled = true;
        stopEvery(timer);
        handle.s?.end();
        resolve({ outcomes, ...result });
      };
      const timer = every(() => {
        const silent = now() - last;
        const limit = idle || beat.finishing === true ? engineSilenceMs : perBarMs + graceMs;
        if (silent > limit) finish({ stalled: beat });
      }, Math.max(20, Math.min(100, perBarMs / 5)));
      const s = open(
        (m) => {
          if (settled) return;
          last = now();
          switch (m.kind) {
            case 'beat':
              beat = m.beat;
              idle = false;
              break;
            case 'start':
              beat = { user: false };
              idle = false;
              hooks.onStart?.(m.index);
              break;
            case 'progress':
              hooks.onProgress?.(m.progress);
              break;
            case 'outcome':
              outcomes.push(m.outcome);
              beat = { user: false };
              idle = true;
              break;
            case 'failed':
              finish({ broken: m.message });
              break;
            case 'done':
              finish({});
              break;
            default:
              break;
          }
        },
        (error) => finish({ broken: error.message }),
      );
      handle.s = s;
      s.send(message);
    });
  }

  /** The stall as the user reads it: replayed in trace mode to name the bar and line exactly. */
  async function located(message: StrategyJobMessage, first: StrategyBeat): Promise<Error> {
    const replay = await session({ ...message, trace: true }, {});
    const beat = replay.stalled ?? first;
    const how = `stopped from outside after ${perBarMs} ms without returning (a catastrophic regular expression or another built-in that runs long?); the strategy's worker was ended, other backtests go on`;
    return new StrategyTimeoutError(beat.strategy ?? 'user:?', 'bar', perBarMs, beat.line ?? 0, describeBar(beat), how);
  }

  return {
    async runJob(dataset, request, onProgress) {
      const message: StrategyJobMessage = { kind: 'job', dataset, request, trace: false };
      const r = await session(message, { onProgress });
      const base = { index: 0, phase: null, params: { ...request.params }, containerSuffix: request.containerSuffix ?? '' };
      if (r.outcomes[0] !== undefined) return r.outcomes[0];
      if (r.stalled !== undefined) return failure(base, request.config, await located(message, r.stalled), true);
      return failure(base, request.config, new Error(`The strategy worker failed: ${r.broken ?? 'it ended without an answer'}.`), false);
    },

    async runBatch(dataset, context, jobs, onStart) {
      const outcomes: PointOutcome[] = [];
      let rest = jobs;
      while (rest.length > 0) {
        const message: StrategyJobMessage = { kind: 'batch', dataset, context, jobs: rest, trace: false };
        const r = await session(message, { onStart });
        outcomes.push(...r.outcomes);
        const next = rest[r.outcomes.length];
        if (next === undefined) break;
        const base = { index: next.point.index, phase: next.phase, params: next.point.params, containerSuffix: next.point.containerSuffix };
        if (r.stalled !== undefined) {
          outcomes.push(failure(base, context.config, await located({ ...message, jobs: [next] }, r.stalled), true));
        } else {
          outcomes.push(failure(base, context.config, new Error(`The strategy worker failed: ${r.broken ?? 'it ended without an answer'}.`), false));
        }
        rest = rest.slice(r.outcomes.length + 1);
      }
      return outcomes;
    },
  };
}

interface SpawnedWorker {
  worker: Worker;
  ready: boolean;
  /** The job posted once the worker is ready (its bars' buffer in the transfer list). */
  pending: { wire: StrategyJobWire; transfer: ArrayBuffer[] } | undefined;
  receive: ((message: StrategyWorkerMessage) => void) | undefined;
  lost: ((error: Error) => void) | undefined;
  /** A failure before the worker was handed a job. */
  failure: Error | undefined;
}

function spawn(create: () => Worker): SpawnedWorker {
  const w: SpawnedWorker = { worker: create(), ready: false, pending: undefined, receive: undefined, lost: undefined, failure: undefined };
  const fail = (error: Error) => {
    if (w.lost) w.lost(error);
    else w.failure ??= error;
  };
  w.worker.addEventListener('message', (event: MessageEvent) => {
    const m = event.data as StrategyWorkerMessage;
    if (m.kind === 'ready') {
      w.ready = true;
      if (w.pending !== undefined) w.worker.postMessage(w.pending.wire, w.pending.transfer);
      w.pending = undefined;
      return;
    }
    w.receive?.(m);
  });
  w.worker.addEventListener('error', (event) => {
    event.preventDefault();
    fail(new Error(event.message || 'uncaught error in the strategy worker'));
  });
  w.worker.addEventListener('messageerror', () => fail(new Error('the strategy worker sent a message that could not be read')));
  return w;
}

/**
 * Sessions in fresh Web Workers (the pool worker's default). Starting one (loading the
 * engine, locking the realm down) takes about a second on a busy machine, so one spare
 * worker is started ahead once strategies are in use: it has seen no job, so handing it
 * the next one keeps "a fresh worker per job" while its start-up overlaps the previous job.
 */
export function webWorkerSessions(create: () => Worker = () => new Worker(new URL('./strategy.worker.ts', import.meta.url), { type: 'module', name: 'strategy' })): OpenStrategySession {
  let spare: SpawnedWorker | undefined;
  return (receive, lost) => {
    const w = spare ?? spawn(create);
    spare = spawn(create);
    w.receive = receive;
    w.lost = lost;
    if (w.failure !== undefined) queueMicrotask(() => lost(w.failure!));
    return {
      send(message) {
        // The bars cross as one buffer, moved into the worker (see strategy-job-wire.ts).
        const packed = packStrategyJob(message);
        if (w.ready) w.worker.postMessage(packed.wire, packed.transfer);
        else w.pending = packed;
      },
      end: () => w.worker.terminate(),
    };
  };
}
