import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySweepPoint } from '../../core/config/apply-sweep-point';
import { parseStudioConfig } from '../../core/config/parse-studio-config';
import type { StudioConfig } from '../../core/config/studio-config';
import type { Dataset } from '../../engine/bar';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import type { BacktestProgress } from '../../engine/backtest-result';
import { BacktestFailedError } from '../../engine/optimization/backtest-failed-error';
import { expandGrid } from '../../engine/optimization/expand-grid';
import { InvalidConfigError } from '../../engine/optimization/invalid-config-error';
import type { PointSuccess } from '../../engine/optimization/pool-protocol';
import { runBacktestSync } from '../../engine/run-backtest';
import { ThreadPool } from './thread-pool';

// Proof of isolation: 100 backtests of different parameters run in parallel in
// worker threads give exactly what each gives alone, in-process.
const SWEEP_YAML = `
name: isolation
data: { source: synthetic, timeframes: ['1m'] }
execution: { commission_per_trade: 1, slippage_bps: 2 }
containers:
  - id: ma_1
    type: strategy
    strategy: ma_crossover
    params: { fast: 5, slow: 20 }
  - id: portfolio_1
    type: portfolio
    strategies: [ma_1]
    sizing: { type: fixed, quantity: 10 }
    allow_short: true
optimization:
  objective: total_pnl
  parameters:
    ma_1.params.fast: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    ma_1.params.slow: [15, 20, 25, 30, 35, 40, 45, 50, 55, 60]
`;

function parse(text: string): StudioConfig {
  const parsed = parseStudioConfig(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

let pool: ThreadPool;
let dataset: Dataset;
beforeAll(() => {
  pool = new ThreadPool({ size: 2 });
  dataset = generateSyntheticBars({ symbols: ['SYN_A', 'SYN_B'], days: 5, seed: 11 });
});
afterAll(() => pool.dispose());

describe('sweep isolation (worker threads vs alone)', () => {
  it('100 parallel backtests equal the same 100 run alone: metrics and trades deep-equal', async () => {
    const config = parse(SWEEP_YAML);
    const result = await pool.runSweep({ config, dataset: { kind: 'dataset', dataset }, detail: 'full' });
    const points = result.phases[0].points;
    expect(points).toHaveLength(100);
    expect(points.every((p) => p.ok)).toBe(true);
    const grid = expandGrid(config.optimization!.parameters);
    const pnls = new Set<number>();
    for (const point of points as PointSuccess[]) {
      expect(point.params).toEqual(grid[point.index].params);
      const alone = runBacktestSync(applySweepPoint(config, point.params), dataset);
      const parallel = point.result!;
      expect(parallel.eventsPublished).toBe(alone.eventsPublished);
      for (const id of alone.containerIds) {
        expect(parallel.containers[id].metrics).toEqual(alone.containers[id].metrics);
        expect(parallel.containers[id].trades).toEqual(alone.containers[id].trades);
      }
      expect(point.metrics.portfolio_1).toEqual(alone.containers.portfolio_1.metrics);
      pnls.add(alone.containers.portfolio_1.metrics!.totalPnl);
    }
    // The parameters matter: a test of identical runs would prove nothing.
    expect(pnls.size).toBeGreaterThan(50);
    // Best by total_pnl, checked against the in-process figures.
    expect(result.best!.metrics.portfolio_1.totalPnl).toBe(Math.max(...pnls));
  });

  it('multi-phase: containers named per phase, traces only where the phase settings keep them', async () => {
    const yaml = `${SWEEP_YAML}
  phases:
    - name: phase1
    - name: phase2
      top_n: 3
      parameters:
        execution.slippage_bps: [0, 10]
    - name: final
      top_n: 1
trace_settings:
  container_settings:
    "portfolio_phase1_*":
      events_to_trace: ["FILL", "POSITION_CLOSE"]
      retention_policy: trade_complete
    "portfolio_phase2_*":
      events_to_trace: ALL
      retention_policy: sliding_window
      max_events: 50
    "portfolio_final_*":
      events_to_trace: ALL
      retention_policy: full
`;
    const config = parse(yaml);
    const result = await pool.runSweep({ config, dataset: { kind: 'dataset', dataset } });
    expect(result.phases.map((p) => [p.name, p.points.length])).toEqual([['phase1', 100], ['phase2', 6], ['final', 1]]);
    const [phase1, phase2, final] = result.phases;
    const p1 = phase1.points[7] as PointSuccess;
    expect(Object.keys(p1.metrics)).toEqual(['portfolio_phase1_8']);
    expect(p1.containerIds).toEqual({ ma_1: 'ma_1_phase1_8', portfolio_1: 'portfolio_phase1_8' });
    expect(p1.traced).toEqual({});
    for (const p of phase2.points as PointSuccess[]) {
      const id = `portfolio_phase2_${p.index + 1}`;
      const traced = p.traced![id];
      expect(traced.traceSettings.retentionPolicy).toBe('sliding_window');
      expect(traced.events.length).toBe(50);
      expect(traced.eventsDropped).toBeGreaterThan(0);
    }
    // Phase 2 validates phase 1's three best, each with both slippages.
    const top3 = phase1.ranking.slice(0, 3).map((at) => phase1.points[at].params);
    expect(phase2.points.map((p) => p.params)).toEqual(top3.flatMap((t) => [0, 10].map((s) => ({ ...t, 'execution.slippage_bps': s }))));
    const best = final.points[0] as PointSuccess;
    expect(result.best).toBe(best);
    const finalTrace = best.traced!.portfolio_final_1;
    expect(finalTrace.traceSettings.retentionPolicy).toBe('full');
    // The final run is the best of phase 2 re-run: same parameters, same metrics.
    const best2 = phase2.points[phase2.ranking[0]] as PointSuccess;
    expect(best.params).toEqual(best2.params);
    expect(best.metrics.portfolio_final_1.totalPnl).toBe(best2.metrics[`portfolio_phase2_${best2.index + 1}`].totalPnl);
  });
});

describe('ThreadPool.runOne', () => {
  it('returns exactly the in-process result, with progress from the worker', async () => {
    const params = { 'ma_1.params.fast': 4, 'ma_1.params.slow': 35 };
    const progress: BacktestProgress[] = [];
    const result = await pool.runOne({ config: SWEEP_YAML, dataset: { kind: 'dataset', dataset }, params }, { onProgress: (p) => progress.push(p) });
    const alone = runBacktestSync(applySweepPoint(parse(SWEEP_YAML), params), dataset);
    // The same run, which also records the parameters applied (the config text alone does not reproduce it).
    expect(result).toEqual({ ...alone, params });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1].barsTotal).toBe(alone.barsProcessed);
  });

  it('rejects YAML errors with their lines, and a failing run with its message', async () => {
    const bad = SWEEP_YAML.replace('sizing: { type: fixed, quantity: 10 }', 'sizing: { type: fixd, quantity: 10 }');
    const e1 = await pool.runOne({ config: bad, dataset: { kind: 'dataset', dataset } }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(InvalidConfigError);
    expect((e1 as InvalidConfigError).errors[0].line).toBe(bad.split('\n').findIndex((l) => l.includes('fixd')) + 1);
    const unknown = SWEEP_YAML.replace('strategy: ma_crossover', 'strategy: ma_crossoverr');
    const e2 = await pool.runOne({ config: unknown, dataset: { kind: 'dataset', dataset } }).catch((e: unknown) => e);
    // The parser leaves strategy names to the engine, which refuses it in the worker.
    expect(e2).toBeInstanceOf(BacktestFailedError);
    const failure = (e2 as BacktestFailedError).outcome;
    expect(failure.error.message).toMatch(/unknown strategy.*ma_crossoverr/i);
    expect(failure.timedOut).toBe(false);
  });
});
