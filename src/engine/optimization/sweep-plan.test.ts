import { describe, expect, it } from 'vitest';
import type { OptimizationConfig } from '../../core/config/studio-config';
import { fakeFailure, fakeSuccess } from './fake-outcome';
import type { PointOutcome, PoolProgress } from './pool-protocol';
import { planPhases, runSweepPlan, SEED_PHASES, type PhaseExecutor } from './sweep-plan';
import { testConfig } from './test-config';

/** An executor that scores each point by a formula of its parameters (computed here, independently). */
function scoringExecutor(score: (params: Record<string, unknown>) => number, failWhen?: (params: Record<string, unknown>) => boolean) {
  const calls: { phase: string | null; suffixes: string[]; params: Record<string, unknown>[] }[] = [];
  const execute: PhaseExecutor = async (phase, points, onBatch) => {
    calls.push({ phase: phase.name, suffixes: points.map((p) => p.containerSuffix), params: points.map((p) => p.params) });
    const outcomes: PointOutcome[] = points.map((p) =>
      failWhen?.(p.params) ? fakeFailure(p, phase.name, 'bad point') : fakeSuccess(p, phase.name, { sharpeRatio: score(p.params) }),
    );
    onBatch(outcomes.slice(0, 2));
    onBatch(outcomes.slice(2));
    return outcomes;
  };
  return { execute, calls };
}

const fast = 'containers.ma_1.params.fast';
const slow = 'containers.ma_1.params.slow';
const slip = 'execution.slippage_bps';

describe('runSweepPlan', () => {
  it('without phases runs one grid with the config ids and ranks it', async () => {
    const optimization: OptimizationConfig = {
      objective: 'sharpe_ratio',
      direction: 'maximize',
      parameters: [{ path: fast, values: [2, 4, 6] }, { path: slow, values: [10, 20] }],
    };
    const { execute, calls } = scoringExecutor((p) => -Math.abs((p[fast] as number) - 4) - (p[slow] as number) / 100);
    const result = await runSweepPlan(testConfig(optimization), execute);
    expect(calls).toHaveLength(1);
    expect(calls[0].suffixes.every((s) => s === '')).toBe(true);
    expect(result.phases[0].points).toHaveLength(6);
    expect(result.best?.params).toEqual({ [fast]: 4, [slow]: 10 });
    expect(result.objectiveContainer).toBe('portfolio_1');
  });

  it('runs phase1 → top N → phase2 (crossed with its parameters) → final, naming containers per phase', async () => {
    const optimization: OptimizationConfig = {
      objective: 'sharpe_ratio',
      direction: 'maximize',
      parameters: [{ path: fast, values: [1, 2, 3, 4, 5] }],
      phases: [{ name: 'phase1' }, { name: 'phase2', topN: 2, parameters: [{ path: slip, values: [0, 10] }] }, { name: 'final', topN: 1 }],
    };
    // Score: higher fast is better, slippage costs.
    const { execute, calls } = scoringExecutor((p) => (p[fast] as number) - ((p[slip] as number | undefined) ?? 0) / 100);
    const progress: PoolProgress[] = [];
    const result = await runSweepPlan(testConfig(optimization), execute, { onProgress: (p) => progress.push(p) });
    expect(calls.map((c) => c.phase)).toEqual(['phase1', 'phase2', 'final']);
    expect(calls[0].suffixes).toEqual(['phase1_1', 'phase1_2', 'phase1_3', 'phase1_4', 'phase1_5']);
    // The two best of phase1 (fast 5, 4), each crossed with slippage 0 and 10.
    expect(calls[1].params).toEqual([
      { [fast]: 5, [slip]: 0 }, { [fast]: 5, [slip]: 10 }, { [fast]: 4, [slip]: 0 }, { [fast]: 4, [slip]: 10 },
    ]);
    expect(calls[1].suffixes).toEqual(['phase2_1', 'phase2_2', 'phase2_3', 'phase2_4']);
    expect(calls[2].params).toEqual([{ [fast]: 5, [slip]: 0 }]);
    expect(calls[2].suffixes).toEqual(['final_1']);
    expect(result.best?.params).toEqual({ [fast]: 5, [slip]: 0 });
    expect(result.best?.metrics.portfolio_final_1).toBeDefined();
    expect(result.phases.map((p) => [p.name, p.points.length, p.kept])).toEqual([['phase1', 5, 2], ['phase2', 4, 1], ['final', 1, 0]]);
    expect(result.total).toBe(10);
    const last = progress[progress.length - 1];
    expect([last.done, last.total, last.failed]).toEqual([10, 10, 0]);
  });

  it('keeps failed points with their parameters and never promotes them', async () => {
    const optimization: OptimizationConfig = {
      objective: 'sharpe_ratio',
      direction: 'minimize',
      parameters: [{ path: fast, values: [1, 2, 3] }],
      phases: [...SEED_PHASES],
    };
    const { execute, calls } = scoringExecutor((p) => p[fast] as number, (p) => p[fast] === 1);
    const result = await runSweepPlan(testConfig(optimization), execute);
    const failed = result.phases[0].points.filter((p) => !p.ok);
    expect(failed.map((p) => p.params)).toEqual([{ [fast]: 1 }]);
    expect(calls[1].params).toEqual([{ [fast]: 2 }, { [fast]: 3 }]);
    expect(result.best?.params).toEqual({ [fast]: 2 });
    expect(result.failed).toBe(1);
  });

  it('validates phases and the objective before running anything', async () => {
    expect(() => planPhases({ objective: 'x', direction: 'maximize', parameters: [], phases: [{ name: 'phase 1' }] })).toThrow(/phases\[0\]\.name/);
    expect(() => planPhases({ objective: 'x', direction: 'maximize', parameters: [], phases: [{ name: 'a' }, { name: 'b', topN: 0 }] })).toThrow(/top_n/);
    const { execute, calls } = scoringExecutor(() => 0);
    await expect(runSweepPlan(testConfig({ objective: 'sharp', direction: 'maximize', parameters: [] }), execute)).rejects.toThrow(/unknown metric 'sharp'/);
    expect(calls).toHaveLength(0);
  });
});
