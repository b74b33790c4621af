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

/** Least time between two heartbeats outside trace mode. */
export const HEARTBEAT_MS = 50;

class HeartbeatMonitor implements StrategyMonitor {
  private lastPost = -Infinity;
  private calls = new Map<string, number>();
  private current: StrategyBeat = { user: false };
  private lines = new Set<number>();
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
          this.current = { ...this.current, line };
          this.post();
        }
      : undefined;
  }

  private post(): void {
    this.lastPost = this.now();
    this.send({ kind: 'beat', beat: this.current });
  }

  enter(strategy: string, phase: UserStrategyPhase, bar?: Bar): void {
    let call = this.calls.get(strategy) ?? 0;
    if (bar !== undefined) this.calls.set(strategy, ++call);
    this.lines.clear();
    this.current = { user: true, strategy, phase, ...(bar ? { bar: { symbol: bar.symbol, timestamp: bar.timestamp, call } } : {}) };
    if (this.trace || this.now() - this.lastPost >= HEARTBEAT_MS) this.post();
  }

  exit(): void {
    this.current = { ...this.current, user: false };
    if (this.trace) this.post();
  }

  progress(p: BacktestProgress): void {
    const finishing = p.barsDone >= p.barsTotal;
    if (!finishing && this.now() - this.lastPost < HEARTBEAT_MS) return;
    this.current = { user: false, ...(finishing ? { finishing } : {}) };
    this.post();
  }

  /** A new run (point): call numbers start again. */
  reset(): void {
    this.calls.clear();
    this.current = { user: false };
    this.post();
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
 * job code as the strategy worker, messages structured-cloned both ways like postMessage.
 * Nothing here can stop a call that never returns; the watchdog needs a real worker.
 */
export function inProcessStrategySessions(now: () => number = () => performance.now()): OpenStrategySession {
  return (receive) => {
    let ended = false;
    return {
      send(message) {
        const copy = structuredClone(message);
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
