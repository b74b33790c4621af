// The worker process runs every backtest in a worker thread (one per unit of concurrency),
// never on its main thread: a long synchronous backtest there would stop BullMQ renewing the
// job's lock, and the job would be declared stalled and run twice. Each lane is one thread of
// the studio's sweep worker host (the same engine and point runner as the local pool), holding
// the datasets and parsed configs it has seen; a lane whose thread dies is replaced.
import type { Dataset } from '../../engine/bar';
import type { PointOutcome, SweepContext, SweepJob } from '../../engine/optimization/pool-protocol';
import type { PoolWorkerHandle } from '../../engine/optimization/sweep-scheduler';
import { spawnThread } from '../pool/thread-pool';

const BACKTEST_ENTRY = new URL('../pool/backtest-thread-worker.ts', import.meta.url);
/** Distinct datasets a lane holds before its thread is replaced (frees the bars of old sweeps). */
const MAX_DATASETS_PER_LANE = 3;
/** Parsed configs a lane keeps (released oldest first). */
const MAX_CONTEXTS_PER_LANE = 16;
/** Grace after a point's time limit before its thread is terminated (the engine aborts cooperatively first). */
const HARD_LIMIT_GRACE_MS = 5000;

export interface LaneTask {
  /** Unique per dataset content (the id the thread caches the bars under). */
  datasetKey: string;
  dataset: Dataset;
  context: SweepContext;
  job: SweepJob;
}

interface Lane {
  handle: PoolWorkerHandle;
  datasets: Set<string>;
  contexts: string[];
  lost: Promise<never>;
  dead: boolean;
}

export class ThreadLanes {
  private readonly idle: Lane[] = [];
  private readonly waiters: ((lane: Lane) => void)[] = [];
  private disposed = false;

  constructor(
    readonly size: number,
    private readonly entry: URL = BACKTEST_ENTRY,
  ) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  private spawn(): Lane {
    let fail!: (error: Error) => void;
    const lost = new Promise<never>((_, reject) => (fail = reject));
    lost.catch(() => undefined);
    const lane: Lane = { handle: undefined as unknown as PoolWorkerHandle, datasets: new Set(), contexts: [], lost, dead: false };
    lane.handle = spawnThread(this.entry, (error) => {
      lane.dead = true;
      fail(new Error(`the backtest thread died: ${error.message}`));
    });
    return lane;
  }

  private acquire(): Promise<Lane> {
    const lane = this.idle.pop();
    if (lane !== undefined) return Promise.resolve(lane);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private releaseLane(lane: Lane): void {
    if (this.disposed) {
      lane.handle.terminate();
      return;
    }
    let next = lane;
    if (lane.dead) {
      lane.handle.terminate();
      next = this.spawn();
    }
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter(next);
    else this.idle.push(next);
  }

  /** Runs one point in a free thread; rejects when the thread dies or ignores its time limit. */
  async run(task: LaneTask): Promise<PointOutcome> {
    if (this.disposed) throw new Error('ThreadLanes disposed');
    let lane = await this.acquire();
    if (lane.dead || (!lane.datasets.has(task.datasetKey) && lane.datasets.size >= MAX_DATASETS_PER_LANE)) {
      lane.handle.terminate();
      lane = this.spawn();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const work = (async () => {
        const { handle } = lane;
        if (!lane.datasets.has(task.datasetKey)) {
          await handle.loadDataset({ kind: 'dataset', dataset: { ...task.dataset, id: task.datasetKey } });
          lane.datasets.add(task.datasetKey);
        }
        if (!lane.contexts.includes(task.context.contextId)) {
          await handle.prepare(task.context);
          lane.contexts.push(task.context.contextId);
          if (lane.contexts.length > MAX_CONTEXTS_PER_LANE) await handle.release(lane.contexts.shift()!);
        }
        const outcomes = await handle.runBatch(task.context.contextId, [task.job], () => undefined);
        return outcomes[0];
      })();
      const racers: Promise<PointOutcome>[] = [work, lane.lost];
      const limit = task.context.perJobTimeoutMs;
      if (limit !== undefined && limit > 0) {
        racers.push(
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              lane.dead = true;
              reject(new Error(`the backtest ignored its time limit of ${limit} ms; its thread was terminated`));
            }, limit + HARD_LIMIT_GRACE_MS);
          }),
        );
      }
      return await Promise.race(racers);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.releaseLane(lane);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const lane of this.idle.splice(0)) lane.handle.terminate();
  }
}
