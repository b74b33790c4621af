import { afterEach, describe, expect, it } from 'vitest';
import { isCancelledError } from './cancelled-error';
import { fakeSpawner, realTimers, type FakeStats } from './fake-pool-worker';
import type { DatasetSource } from './pool-protocol';
import { SweepPool } from './sweep-pool';
import { testConfig } from './test-config';

const source: DatasetSource = { kind: 'dataset', dataset: { id: 'd', name: 'd', source: 'test', series: [] } };
const config = testConfig({
  objective: 'total_return',
  direction: 'maximize',
  parameters: [{ path: 'x', values: [1, 2, 3, 4, 5, 6] }],
  phases: [{ name: 'phase1' }, { name: 'phase2', topN: 2 }, { name: 'final', topN: 1 }],
});

let pool: SweepPool | undefined;
afterEach(() => pool?.dispose());

function newPool(stats: FakeStats): SweepPool {
  return new SweepPool({
    size: 2,
    timers: realTimers,
    spawn: fakeSpawner(stats),
    parseConfig: () => {
      throw new Error('not used');
    },
  });
}

describe('SweepPool', () => {
  it('runs every phase through the workers and ranks by the objective', async () => {
    const stats: FakeStats = { spawned: 0, terminated: 0, batches: [], alive: new Set() };
    pool = newPool(stats);
    const result = await pool.runSweep({ config, dataset: source });
    // The fake's total return is x: phase1 keeps 6 and 5, the final run is x = 6.
    expect(result.phases.map((p) => p.points.map((o) => o.params.x))).toEqual([[1, 2, 3, 4, 5, 6], [6, 5], [6]]);
    expect(result.best?.containerSuffix).toBe('final_1');
  });

  it('a cancel between two phases stops the sweep: the next phase never starts', async () => {
    const stats: FakeStats = { spawned: 0, terminated: 0, batches: [], alive: new Set() };
    pool = newPool(stats);
    const p = pool;
    const sweep = p.runSweep({ config, dataset: source }, { onProgress: (progress) => progress.phase === 'phase2' && p.cancel() });
    const error = await sweep.catch((e: unknown) => e);
    expect(isCancelledError(error)).toBe(true);
    // Only phase1's six points were ever sent to a worker.
    expect(stats.batches.flat().length).toBe(6);
    const again = await p.runSweep({ config, dataset: source });
    expect(again.best?.params.x).toBe(6);
  });
});
