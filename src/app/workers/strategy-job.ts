// Runs the one job a strategy worker is sent (also in-process in Node tests, in a realm
// the test locked down): a sweep host of its own whose user strategies evaluate in SES
// compartments, with a heartbeat monitor that tells the watchdog outside where user code
// is. Heartbeats are throttled (a message costs ~10 µs, a bar of user code ~1 µs): one
// when a call starts ≥ 50 ms after the last message, and one when the bars are done;
// a trace job (the watchdog's replay of a stalled point) reports every call and line.
import { runBacktestPoint } from '../../engine/optimization/backtest-point-runner';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import { createSweepWorkerHost } from '../../engine/optimization/sweep-worker-host';
import type { BacktestProgress } from '../../engine/backtest-result';
import type { Bar } from '../../engine/bar';
import type { UserStrategyPhase } from '../../engine/user-strategy/user-strategy-error';
import { userStrategiesForJob } from '../strategy-lab/run-user-strategy-job';
import type { StrategyMonitor } from '../strategy-lab/strategy-monitor';
import { assertStrategyRealm } from '../strategy-lab/strategy-realm';
import type { StrategyBeat, StrategyJobMessage, StrategyWorkerMessage } from './strategy-worker-protocol';
import type { OpenStrategySession } from './strategy-worker-runner';
import { packStrategyJob, unpackStrategyJob } from './strategy-job-wire';

/** Least time between two heartbeats outside trace mode. */
export const HEARTBEAT_MS = 50;

/** The strategy worker's monitor: what runs is kept in fields (no allocation per call); a beat is built only when one is sent. */
export class HeartbeatMonitor implements StrategyMonitor {
  private lastPost = -Infinity;
  private readonly calls = new Map<string, number>();
  private user = false;
  private finishing = false;
  private strategy: string | undefined;
  private phase: UserStrategyPhase | undefined;
  private bar: Bar | undefined;
  private call = 0;
  private lastLine: number | undefined;
  private readonly lines = new Set<number>();
  readonly line: ((line: number) => void) | undefined;

  constructor(
    private readonly send: (message: StrategyWorkerMessage) => void,
    private readonly now: () => number,
    private readonly trace: boolean,
  ) {
    this.line = trace
      ? (line: number) => {
          if (this.lines.has(line)) return;
          this.lines.add(line);
          this.lastLine = line;
          this.post(this.now());
        }
      : undefined;
  }

  private post(at: number): void {
    this.lastPost = at;
    const beat: StrategyBeat = { user: this.user };
    if (this.finishing) beat.finishing = true;
    if (this.strategy !== undefined) beat.strategy = this.strategy;
    if (this.phase !== undefined) beat.phase = this.phase;
    if (this.bar !== undefined) beat.bar = { symbol: this.bar.symbol, timestamp: this.bar.timestamp, call: this.call };
    if (this.lastLine !== undefined) beat.line = this.lastLine;
    this.send({ kind: 'beat', beat });
  }

  enter(strategy: string, phase: UserStrategyPhase, bar?: Bar): void {
    this.user = true;
    this.finishing = false;
    this.strategy = strategy;
    this.phase = phase;
    this.bar = bar;
    if (bar !== undefined) {
      this.call = (this.calls.get(strategy) ?? 0) + 1;
      this.calls.set(strategy, this.call);
    }
    if (this.trace) {
      this.lines.clear();
      this.lastLine = undefined;
      this.post(this.now());
      return;
    }
    const t = this.now();
    if (t - this.lastPost >= HEARTBEAT_MS) this.post(t);
  }

  exit(): void {
    this.user = false;
    if (this.trace) this.post(this.now());
  }

  progress(p: BacktestProgress): void {
    const finishing = p.barsDone >= p.barsTotal;
    const t = this.now();
    if (!finishing && t - this.lastPost < HEARTBEAT_MS) return;
    this.user = false;
    this.finishing = finishing;
    this.strategy = undefined;
    this.phase = undefined;
    this.bar = undefined;
    this.lastLine = undefined;
    this.post(t);
  }

  /** A new run (point): call numbers start again. */
  reset(): void {
    this.calls.clear();
    this.user = false;
    this.finishing = false;
    this.strategy = undefined;
    this.phase = undefined;
    this.bar = undefined;
    this.lastLine = undefined;
    this.post(this.now());
  }
}

/** Runs `message` and reports through `send`; ends with 'done' (or 'failed' when the job could not run). */
export async function runStrategyJob(message: StrategyJobMessage, send: (message: StrategyWorkerMessage) => void, now: () => number): Promise<void> {
  try {
    assertStrategyRealm();
    const monitor = new HeartbeatMonitor(send, now, message.trace);
    const host = createSweepWorkerHost({
      runPoint: (input) => {
        monitor.reset();
        return runBacktestPoint({
          ...input,
          onProgress: (p) => {
            monitor.progress(p);
            input.onProgress?.(p);
          },
        });
      },
      parseConfig: parseConfigText,
      loadDataset: (source) => {
        if (source.kind !== 'dataset') throw new Error('A strategy worker is sent its bars, it loads none.');
        return source.dataset;
      },
      userStrategies: (sources, config) => userStrategiesForJob(sources, { config, monitor, now }),
      now,
    });
    await host.loadDataset({ kind: 'dataset', dataset: message.dataset });
    if (message.kind === 'job') {
      const outcome = await host.runJob({ ...message.request, datasetId: message.dataset.id }, (progress) => send({ kind: 'progress', progress }));
      send({ kind: 'outcome', outcome });
    } else {
      const contextId = message.context.contextId;
      await host.prepare({ ...message.context, datasetId: message.dataset.id });
      for (const job of message.jobs) {
        send({ kind: 'start', index: job.point.index });
        const [outcome] = await host.runBatch(contextId, [job]);
        send({ kind: 'outcome', outcome: outcome! });
      }
    }
    send({ kind: 'done' });
  } catch (error) {
    send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Sessions run in this realm (Node tests, which lock their own realm down first): the same
 * job code as the strategy worker, messages structured-cloned both ways like postMessage
 * (the job's bars packed and transferred, as to a strategy worker).
 * Nothing here can stop a call that never returns; the watchdog needs a real worker.
 */
export function inProcessStrategySessions(now: () => number = () => performance.now()): OpenStrategySession {
  return (receive) => {
    let ended = false;
    return {
      send(message) {
        const packed = packStrategyJob(message);
        const copy = unpackStrategyJob(structuredClone(packed.wire, { transfer: packed.transfer }));
        void Promise.resolve().then(() =>
          runStrategyJob(copy, (m) => {
            if (!ended) receive(structuredClone(m));
          }, now),
        );
      },
      end() {
        ended = true;
      },
    };
  };
}
