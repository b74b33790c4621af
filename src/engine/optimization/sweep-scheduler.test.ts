import { afterEach, describe, expect, it } from 'vitest';
import { isCancelledError } from './cancelled-error';
import { expandGrid } from './expand-grid';
import { fakeSpawner, realTimers as timers, type FakeStats } from './fake-pool-worker';
import type { DatasetSource, SweepContext, SweepJob } from './pool-protocol';
import { SweepScheduler } from './sweep-scheduler';
import { testConfig } from './test-config';

const config = testConfig();
const source: DatasetSource = { kind: 'dataset', dataset: { id: 'd', name: 'd', source: 'test', series: [] } };
const context = (id: string): SweepContext => ({ contextId: id, config, datasetId: 'd', detail: 'metrics' });
const jobsOf = (values: unknown[]): SweepJob[] =>
  expandGrid([{ path: 'x', values: values.map((_, i) => i) }]).map((point, i) => ({
    point: { ...point, params: { ...(values[i] as object), x: i } },
    phase: null,
  }));

let scheduler: SweepScheduler | undefined;
afterEach(() => scheduler?.dispose());

describe('SweepScheduler', () => {
  it('runs every point across the workers in batches, outcomes in job order', async () => {
    const stats: FakeStats = { spawned: 0, terminated: 0, batches: [], alive: new Set() };
    scheduler = new SweepScheduler({ size: 3, spawn: fakeSpawner(stats), timers, maxBatch: 8 });
    const jobs = jobsOf(Array.from({ length: 200 }, () => ({ ms: 0 })));
    const batchSizes: number[] = [];
    const outcomes = await scheduler.runPhase(context('c1'), config, source, jobs, { onBatch: (b) => batchSizes.push(b.length) });
    expect(outcomes.map((o) => o.index)).toEqual(jobs.map((j) => j.point.index));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(stats.spawned).toBe(3);
    // Batched: far fewer messages than points, none bigger than maxBatch.
    // (batches shrink towards the end so the workers finish together)
    expect(batchSizes.length).toBeLessThan(200 / 3);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(8);
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('reports a throwing point and a point past its time limit with their parameters; the others finish', async () => {
    const stats: FakeStats = { spawned: 0, terminated: 0, batches: [], alive: new Set() };
    scheduler = new SweepScheduler({ size: 2, perJobTimeoutMs: 100, spawn: fakeSpawner(stats), timers, maxBatch: 4 });
    const spec = Array.from({ length: 40 }, () => ({ ms: 2 }) as Record<string, unknown>);
    spec[5] = { mode: 'throw' };
    spec[17] = { mode: 'hang' };
    const outcomes = await scheduler.runPhase(context('c2'), config, source, jobsOf(spec));
    const failed = outcomes.filter((o) => !o.ok);
    expect(failed.map((o) => [o.index, o.params, !o.ok && o.timedOut])).toEqual([
      [5, { mode: 'throw', x: 5 }, false],
      [17, { mode: 'hang', x: 17 }, true],
    ]);
    const hung = failed[1];
    expect(!hung.ok && hung.error.message).toMatch(/time limit of 100 ms/);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(38);
    // The hung worker was terminated and replaced.
    expect(stats.terminated).toBe(1);
    expect(stats.spawned).toBe(3);
  });

  it('reports a point whose worker dies and re-runs the rest of its batch elsewhere', async () => {
    const stats: FakeStats = { spawned: 0, terminated: 0, batches: [], alive: new Set() };
    scheduler = new SweepScheduler({ size: 2, spawn: fakeSpawner(stats), timers, maxBatch: 4 });
    const spec = Array.from({ length: 30 }, () => ({ ms: 1 }) as Record<string, unknown>);
    spec[2] = { mode: 'crash' };
    const outcomes = await scheduler.runPhase(context('c3'), config, source, jobsOf(spec));
    expect(outcomes.filter((o) => !o.ok).map((o) => [o.index, !o.ok && o.error.message])).toEqual([[2, 'worker ran out of memory']]);
    expect(outcomes.filter((o) => o.ok).map((o) => o.index)).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 2));
  });

  it('cancel stops every worker at once, rejects pending runs with CancelledError, and the pool works afterwards', async () => {
    const stats: FakeStats = { spawned: 0, terminated: 0, batches: [], alive: new Set() };
    scheduler = new SweepScheduler({ size: 2, spawn: fakeSpawner(stats), timers });
    const slow = scheduler.runPhase(context('c4'), config, source, jobsOf(Array.from({ length: 50 }, () => ({ ms: 20 }))));
    const other = scheduler.runPhase(context('c5'), config, source, jobsOf([{ ms: 1 }]));
    await new Promise((r) => setTimeout(r, 30));
    expect(stats.alive.size).toBe(2);
    scheduler.cancel();
    expect(stats.alive.size).toBe(0);
    const [a, b] = await Promise.allSettled([slow, other]);
    expect(a.status === 'rejected' && isCancelledError(a.reason)).toBe(true);
    expect(b.status === 'rejected' && isCancelledError(b.reason)).toBe(true);
    const again = await scheduler.runPhase(context('c6'), config, source, jobsOf([{ ms: 1 }, { ms: 1 }, { ms: 1 }]));
    expect(again.map((o) => o.ok)).toEqual([true, true, true]);
    expect(stats.alive.size).toBeGreaterThan(0);
  });

  it('fails the run with the loader’s error when the dataset cannot be loaded', async () => {
    const stats: FakeStats = { spawned: 0, terminated: 0, batches: [], alive: new Set() };
    const spawn = fakeSpawner(stats);
    scheduler = new SweepScheduler({
      size: 1,
      timers,
      spawn: (onExit) => ({ ...spawn(onExit), loadDataset: async () => Promise.reject(new Error('data.csv:3: high < low')) }),
    });
    await expect(scheduler.runPhase(context('c7'), config, source, jobsOf([{}]))).rejects.toThrow('data.csv:3: high < low');
  });
});
