import { afterEach, describe, expect, it } from 'vitest';
import type { StudioConfig } from '../../core/config/studio-config';
import { StreamingMetrics } from '../../core/streaming-metrics';
import type { Dataset } from '../../engine/bar';
import { isCancelledError } from '../../engine/optimization/cancelled-error';
import type { DatasetSource, PointOutcome } from '../../engine/optimization/pool-protocol';
import { testConfig } from '../../engine/optimization/test-config';
import { ThreadPool } from './thread-pool';
import { barSeriesFromBars } from '../../engine/bar-series';

// The pool's own behaviour, with a trivial job (trivial-thread-worker.ts) whose
// parameters say whether it computes, throws, spins forever or waits for its time limit.
const entry = new URL('./trivial-thread-worker.ts', import.meta.url);
const closes = [10, 11, 12, 11, 13];
const dataset: Dataset = {
  id: 'tiny',
  name: 'tiny',
  source: 'test',
  series: [barSeriesFromBars('X', '1d', closes.map((c, i) => ({ timestamp: i * 86_400_000, open: c, high: c, low: c, close: c, volume: 0 })))],
};
const source: DatasetSource = { kind: 'dataset', dataset };

function sweepConfig(values: readonly (number | string)[], modes: readonly string[] = ['ok']): StudioConfig {
  return testConfig({
    objective: 'total_return',
    direction: 'maximize',
    parameters: [
      { path: 'x', values: [...values] },
      { path: 'mode', values: [...modes] },
    ],
  });
}

/** The trivial job's total return for x, computed here independently. */
function expectedReturn(x: number): number {
  const m = new StreamingMetrics({ initialCapital: 1000 });
  closes.forEach((c, i) => m.updateEquity(i, 1000 + c * x));
  return m.snapshot().totalReturn;
}

let pool: ThreadPool | undefined;
afterEach(() => pool?.dispose());

describe('ThreadPool (worker_threads + Comlink)', () => {
  it('runs a sweep across threads and ranks it', async () => {
    pool = new ThreadPool({ size: 2, workerEntry: entry });
    const xs = Array.from({ length: 24 }, (_, i) => i - 5);
    const result = await pool.runSweep({ config: sweepConfig(xs), dataset: source, detail: 'metrics' });
    const points = result.phases[0].points;
    expect(points).toHaveLength(24);
    for (const p of points) {
      expect(p.ok).toBe(true);
      if (p.ok) expect(p.metrics.portfolio_1.totalReturn).toBeCloseTo(expectedReturn(Number(p.params.x)), 12);
    }
    expect(result.best?.params.x).toBe(18);
  });

  it('reports a throwing job and a job past its time limit with their parameters while the others finish', async () => {
    pool = new ThreadPool({ size: 2, workerEntry: entry, perJobTimeoutMs: 1000 });
    // 3 x values × 4 modes: 'spin' never checks any signal (only terminating its thread stops it);
    // 'wait' honours the cooperative limit inside the worker.
    const result = await pool.runSweep({ config: sweepConfig([1, 2, 3], ['ok', 'throw', 'spin', 'wait']), dataset: source, detail: 'metrics' });
    const points = result.phases[0].points;
    const byMode = (mode: string) => points.filter((p) => p.params.mode === mode);
    expect(byMode('ok').every((p) => p.ok)).toBe(true);
    const thrown = byMode('throw');
    expect(thrown.map((p) => [p.ok, p.params.x, !p.ok && p.error.message, !p.ok && p.timedOut])).toEqual([
      [false, 1, 'asked to throw at x=1', false],
      [false, 2, 'asked to throw at x=2', false],
      [false, 3, 'asked to throw at x=3', false],
    ]);
    for (const p of [...byMode('spin'), ...byMode('wait')]) {
      expect(p.ok).toBe(false);
      if (!p.ok) {
        expect(p.timedOut).toBe(true);
        expect(p.error.message).toMatch(/time limit of 1000 ms/);
        expect(p.params).toEqual({ x: p.params.x, mode: p.params.mode });
      }
    }
    expect(result.failed).toBe(9);
    expect(result.best?.params).toEqual({ x: 3, mode: 'ok' });
  });

  it('cancel rejects pending jobs at once and the pool still works afterwards', async () => {
    pool = new ThreadPool({ size: 2, workerEntry: entry });
    const seen: PointOutcome[] = [];
    const running = pool.runSweep({ config: sweepConfig([1, 2, 3, 4], ['spin']), dataset: source }, { onPoint: (p) => seen.push(p) });
    await new Promise((r) => setTimeout(r, 800));
    pool.cancel();
    // The 'spin' jobs never end on their own: settling at all means their threads were stopped.
    const settled = await Promise.allSettled([running]);
    expect(settled[0].status).toBe('rejected');
    expect(settled[0].status === 'rejected' && isCancelledError(settled[0].reason)).toBe(true);
    expect(seen).toHaveLength(0);
    const after = await pool.runSweep({ config: sweepConfig([2]), dataset: source });
    expect(after.best?.metrics.portfolio_1.totalReturn).toBeCloseTo(expectedReturn(2), 12);
  });
});
