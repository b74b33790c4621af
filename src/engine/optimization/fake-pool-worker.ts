// Test helper: in-process fake pool workers for scheduler and pool tests.
import { fakeFailure, fakeSuccess } from './fake-outcome';
import type { DatasetSource, PointOutcome, SweepJob } from './pool-protocol';
import type { PoolTimers, PoolWorkerHandle } from './sweep-scheduler';

// In-process fake workers: a job's params say how long it "runs" (ms of real time),
// whether it throws, hangs (never answers, like an infinite loop) or kills its worker.
export interface FakeStats {
  spawned: number;
  terminated: number;
  batches: number[][];
  alive: Set<number>;
}

export const realTimers: PoolTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export function fakeSpawner(stats: FakeStats) {
  return (onExit: (error: Error) => void): PoolWorkerHandle => {
    const id = ++stats.spawned;
    stats.alive.add(id);
    let dead = false;
    const never = new Promise<never>(() => undefined);
    return {
      async loadDataset(source: DatasetSource) {
        return { id: source.kind === 'dataset' ? source.dataset.id : source.id, symbols: [], bars: 0 };
      },
      async prepare() {},
      async runBatch(_contextId: string, jobs: SweepJob[], onStart: (index: number) => void) {
        stats.batches.push(jobs.map((j) => j.point.index));
        const out: PointOutcome[] = [];
        for (const job of jobs) {
          if (dead) return never;
          onStart(job.point.index);
          const p = job.point.params;
          await new Promise((r) => setTimeout(r, Number(p.ms ?? 1)));
          if (dead) return never;
          if (p.mode === 'hang') return never;
          if (p.mode === 'crash') {
            dead = true;
            stats.alive.delete(id);
            setTimeout(() => onExit(new Error('worker ran out of memory')), 0);
            return never;
          }
          out.push(p.mode === 'throw' ? fakeFailure(job.point, job.phase, `strategy threw at x=${p.x}`) : fakeSuccess(job.point, job.phase, { totalReturn: Number(p.x) }));
        }
        return out;
      },
      async runJob() {
        return never;
      },
      async release() {},
      terminate() {
        dead = true;
        stats.terminated += 1;
        stats.alive.delete(id);
      },
    };
  };
}

