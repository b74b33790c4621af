// Invalid grid points and optimization.constraint (issue 14): a point whose parameters the engine
// refuses to build (ma_crossover fast >= slow) is skipped with its reason, not counted as a
// failed run; the constraint drops combinations before they reach the executor at all.
import { describe, expect, it } from 'vitest';
import type { OptimizationConfig } from '../../core/config/studio-config';
import { parseStudioConfig } from '../../core/config/parse-studio-config';
import { generateSyntheticBars } from '../data/synthetic-bars';
import { runBacktestPoint } from './backtest-point-runner';
import type { PointOutcome } from './pool-protocol';
import { runSweepPlan, type PhaseExecutor } from './sweep-plan';
import { testConfig } from './test-config';

const fast = 'ma_1.params.fast';
const slow = 'ma_1.params.slow';
const dataset = generateSyntheticBars({ days: 300, timeframes: ['1d'] });

/** Runs each point through the real engine, as a worker would; remembers which points it was given. */
function engineExecutor() {
  const given: Record<string, unknown>[] = [];
  const execute: PhaseExecutor = async (phase, points, onBatch) => {
    const outcomes = points.map((point): PointOutcome => {
      given.push(point.params);
      const base = { index: point.index, phase: phase.name, params: point.params, containerSuffix: point.containerSuffix, durationMs: 0 };
      try {
        const out = runBacktestPoint({ config, dataset, params: point.params, containerSuffix: point.containerSuffix, detail: 'metrics', signal: { aborted: false, reason: undefined } });
        return { ok: true, ...base, ...out };
      } catch (error) {
        const e = error as Error;
        return { ok: false, ...base, containerIds: {}, error: { name: e.name, message: e.message }, timedOut: false };
      }
    });
    onBatch(outcomes);
    return outcomes;
  };
  let config = testConfig();
  return { execute, given, use: (c: typeof config) => (config = c) };
}

const grid: OptimizationConfig = {
  objective: 'total_return',
  direction: 'maximize',
  parameters: [{ path: fast, values: [5, 10, 20] }, { path: slow, values: [10, 30] }],
};

describe('sweep: invalid points and optimization.constraint', () => {
  it('skips the points the engine refuses (fast >= slow) with their reason; the others run and rank', async () => {
    const ex = engineExecutor();
    const config = ex.use(testConfig(grid));
    const seen: PointOutcome[] = [];
    const result = await runSweepPlan(config, ex.execute, { onPoint: (o) => seen.push(o) });
    // fast 10/slow 10, fast 20/slow 10 cannot run: index 2 and 4 (slow varies fastest).
    const skipped = result.phases[0].points.filter((p) => !p.ok);
    expect(skipped.map((s) => [s.index, !s.ok && s.skipped])).toEqual([
      [2, 'invalid'],
      [4, 'invalid'],
    ]);
    expect(!skipped[0].ok && skipped[0].error.message).toMatch(/'fast' must be less than slow \(got fast 10, slow 10\)/);
    expect(seen.filter((o) => !o.ok && o.skipped === 'invalid')).toHaveLength(2);
    expect(result).toMatchObject({ total: 6, failed: 0, skipped: 2 });
    // Skipped points rank last; the best is a point that ran.
    expect(result.phases[0].ranking.slice(-2).map((at) => result.phases[0].points[at].index).sort()).toEqual([2, 4]);
    expect(result.best?.ok).toBe(true);
  });

  it('drops the combinations a constraint rules out before they run', async () => {
    const ex = engineExecutor();
    const config = ex.use(testConfig({ ...grid, constraint: 'fast < slow' }));
    const result = await runSweepPlan(config, ex.execute);
    expect(ex.given).toEqual([
      { [fast]: 5, [slow]: 10 },
      { [fast]: 5, [slow]: 30 },
      { [fast]: 10, [slow]: 30 },
      { [fast]: 20, [slow]: 30 },
    ]);
    expect(result.phases[0].points.filter((p) => !p.ok).map((s) => [s.index, !s.ok && s.skipped, !s.ok && s.error.message])).toEqual([
      [2, 'constraint', 'excluded by optimization.constraint: fast < slow'],
      [4, 'constraint', 'excluded by optimization.constraint: fast < slow'],
    ]);
    expect(result).toMatchObject({ total: 6, failed: 0, skipped: 2 });
  });

  it('reads full paths, and/or/not and arithmetic-free comparisons of the condition grammar', async () => {
    const ex = engineExecutor();
    const config = ex.use(testConfig({ ...grid, constraint: `ma_1.params.fast < ma_1.params.slow and not (fast == 5 and slow == 30)` }));
    await runSweepPlan(config, ex.execute);
    expect(ex.given).toEqual([{ [fast]: 5, [slow]: 10 }, { [fast]: 10, [slow]: 30 }, { [fast]: 20, [slow]: 30 }]);
  });

  it('applies in every phase, judging a point only once it has every parameter the constraint names', async () => {
    const ex = engineExecutor();
    const config = ex.use(
      testConfig({
        objective: 'total_return',
        direction: 'maximize',
        parameters: [{ path: fast, values: [5, 10] }],
        phases: [{ name: 'phase1' }, { name: 'final', topN: 2, parameters: [{ path: slow, values: [8, 30] }] }],
        constraint: 'fast < slow',
      }),
    );
    const result = await runSweepPlan(config, ex.execute);
    // Phase 1 sweeps no slow (the config's 20 applies): both points run. Final crosses them with
    // slow: 5/8, 5/30 and 10/30 run, 10/8 is dropped.
    expect(result.phases[0].points.every((p) => p.ok)).toBe(true);
    const final = result.phases[1].points;
    expect(final.filter((p) => !p.ok).map((p) => [p.params[fast], p.params[slow], !p.ok && p.skipped])).toEqual([[10, 8, 'constraint']]);
    expect(final.filter((p) => p.ok)).toHaveLength(3);
    expect(result).toMatchObject({ total: 6, skipped: 1, failed: 0 });
  });

  it('refuses a constraint with a syntax error, an unknown or text-valued name, at its YAML line', () => {
    const yaml = (constraint: string, extra = '') => `name: t
data: {source: synthetic}
containers:
  - {id: ma_1, type: strategy, strategy: ma_crossover, params: {fast: 5, slow: 20}}
  - {id: portfolio_1, type: portfolio, strategies: [ma_1]}
optimization:
  parameters:
    ma_1.params.fast: [5, 10]
    ma_1.params.slow: [10, 30]${extra}
  constraint: "${constraint}"
`;
    const errors = (text: string) => {
      const parsed = parseStudioConfig(text);
      return parsed.ok ? [] : parsed.errors.map((e) => `${e.line}: ${e.path}: ${e.message}`);
    };
    expect(errors(yaml('fast < slow'))).toEqual([]);
    expect(errors(yaml('fast <'))[0]).toMatch(/^10: optimization\.constraint: .*at character 7 of "fast <"/);
    expect(errors(yaml('fats < slow'))[0]).toMatch(/^10: optimization\.constraint: 'fats' is not a swept parameter \(swept: ma_1\.params\.fast, ma_1\.params\.slow\)/);
    expect(errors(yaml('fast < 3', '\n    execution.fill_model: [next_open, close]'))).toEqual([]);
    expect(errors(yaml('fill_model == 1', '\n    execution.fill_model: [next_open, close]'))[0]).toMatch(/'fill_model' takes text values/);
  });
});
