import { describe, expect, it } from 'vitest';
import type { StudioConfig } from '../../core/config/studio-config';
import { DAY, T0, dataset } from '../testing/backtest-fixtures';
import { runBacktestSync } from '../run-backtest';
import { inProcessWalkForwardRunner, runWalkForward } from './run-walk-forward';
import { sweepPoolWalkForwardRunner } from './sweep-pool-walk-forward-runner';
import { holdStrategies, walkForwardBars, walkForwardConfig } from './walk-forward-fixtures';
import type { WalkForwardRunRequest } from './walk-forward-result';
import type { StrategyDefinition } from '../strategy';
import { portfolioContainer, strategyContainer, studioConfig } from '../testing/backtest-fixtures';
import { sliceDataset } from './slice-dataset';
import { barsOf } from '../bar-series';

const strategies = holdStrategies;
const bars = walkForwardBars();
const config = (anchored: boolean): StudioConfig => walkForwardConfig(anchored);

const ann = (totalReturn: number, periods: number) => Math.pow(1 + totalReturn, 252 / periods) - 1;

describe('runWalkForward (rolling, bars)', () => {
  it('picks the best training point per window and chains the test slices', async () => {
    const r = await runWalkForward(config(false), dataset(bars), { strategies });
    // Train [0,4) 100→106: long +60 > flat. Train [2,6) 104→110: long. Train [4,8) 108→100: long −80 < flat 0.
    expect(r.windows.map((w) => w.params['hold_1.params.mode'])).toEqual(['long', 'long', 'flat']);
    [60 / 100_000, 60 / 100_000, 0].forEach((v, i) => expect(r.windows[i]!.inSample.objective).toBeCloseTo(v, 15));
    // Each test run gets its training bars as warm-up and trades from the test start: 'long' (buy
    // whenever flat) has its warm-up signals dropped and buys on the first test bar, filled at the
    // next open (= that bar's close), so the figures are those of a long from the first test close.
    // Test [4,6) 108→110: +20. Test [6,8) 105→100: −50 on 100 020. Test [8,10): flat.
    expect(r.windows.map((w) => [w.outOfSample.startCapital, w.outOfSample.endCapital])).toEqual([
      [100_000, 100_020],
      [100_020, 99_970],
      [99_970, 99_970],
    ]);
    expect(r.windows[1]!.outOfSample.objective).toBeCloseTo(-50 / 100_020, 15);
    expect(r.finalEquity).toBe(99_970);
    expect(r.oosEquityCurve.map((p) => p.equity)).toEqual([100_000, 100_020, 100_020, 99_970, 99_970, 99_970]);
    expect(r.oosEquityCurve.map((p) => p.timestamp)).toEqual([4, 5, 6, 7, 8, 9].map((i) => T0 + i * DAY));
    expect(r.oosEquityCurve[3]!.drawdown).toBeCloseTo(50 / 100_020, 15);
    expect(r.oosTrades.map((t) => t.pnl)).toEqual([20, -50]);
    expect(r.oosMetrics.totalReturn).toBeCloseTo(-30 / 100_000, 15);
    expect(r.oosMetrics.maxDrawdown).toBeCloseTo(50 / 100_020, 15);
    expect(r.oosMetrics.totalTrades).toBe(2);
    // Buy-and-hold over the out-of-sample span (bars 4..9): 108 → 90.
    expect(r.oosMetrics.buyAndHoldReturn).toBeCloseTo(90 / 108 - 1, 12);
    // Efficiency: mean OOS annualized / mean IS annualized, annualized by return periods: a run's
    // first mark is its capital, so 4 training bars span 3 periods and 2 test bars span 1.
    const isAnn = [ann(0.0006, 3), ann(0.0006, 3), 0];
    const oosAnn = [ann(0.0002, 1), ann(-50 / 100_020, 1), 0];
    expect(r.efficiency).toBeCloseTo(oosAnn.reduce((a, b) => a + b) / isAnn.reduce((a, b) => a + b), 10);
    expect(r.windows.every((w) => w.gridSize === 2 && w.failedPoints === 0)).toBe(true);
  });

  it('anchors training at the first bar; a tie keeps the earlier grid point', async () => {
    const r = await runWalkForward(config(true), dataset(bars), { strategies });
    // Anchored train [0,8) 100→100: long 0 ties flat 0 → flat (grid index 0).
    expect(r.windows.map((w) => [w.window.trainStart, w.params['hold_1.params.mode']])).toEqual([
      [0, 'long'],
      [0, 'long'],
      [0, 'flat'],
    ]);
    expect(r.windows[2]!.inSample.objective).toBe(0);
  });

  it('minimizes when asked', async () => {
    const r = await runWalkForward(config(false), dataset(bars), { strategies, direction: 'minimize' });
    expect(r.windows.map((w) => w.params['hold_1.params.mode'])).toEqual(['flat', 'flat', 'long']);
  });
});

describe('runWalkForward orchestration', () => {
  it('sends each window grid to the injected runner at once, with the slice, the point and the carried capital', async () => {
    const requests: WalkForwardRunRequest[] = [];
    const inner = inProcessWalkForwardRunner(strategies);
    let inFlight = 0;
    let maxInFlight = 0;
    const r = await runWalkForward(config(false), dataset(bars), {
      runPoint: async (req) => {
        requests.push(req);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Finish in reverse grid order, as a pool may.
        await new Promise((res) => setTimeout(res, req.phase === 'train' ? 10 - req.pointIndex * 5 : 0));
        inFlight--;
        return inner(req);
      },
    });
    expect(maxInFlight).toBe(2);
    expect(requests.map((q) => `${q.window}${q.phase[1]}${q.pointIndex}`)).toEqual(['0r0', '0r1', '0e1', '1r0', '1r1', '1e1', '2r0', '2r1', '2e0']);
    const test1 = requests.find((q) => q.window === 1 && q.phase === 'test')!;
    // Window 2 trains on bars [2,6) and tests on [6,8): its test run gets bars 2..7, the training
    // bars as warm-up, and trades from bar 6 (tradeFrom) on.
    expect(test1.range).toEqual({ startTime: T0 + 2 * DAY, endTime: T0 + 8 * DAY });
    expect(test1.tradeFrom).toBe(T0 + 6 * DAY);
    expect(barsOf(test1.dataset.series[0]!).map((b) => b.close)).toEqual([104, 106, 108, 110, 105, 100]);
    const p = test1.config.containers.find((c) => c.id === 'portfolio_1');
    expect(p?.type === 'portfolio' ? p.initialCapital : undefined).toBe(100_020);
    expect(test1.config.optimization).toBeUndefined();
    const train0 = requests[1]!;
    expect(barsOf(train0.dataset.series[0]!).map((b) => b.close)).toEqual([100, 102, 104, 106]);
    expect(train0.config.containers.find((c) => c.id === 'hold_1')).toMatchObject({ params: { mode: 'long' } });
    expect(train0.tradeFrom).toBeUndefined();
    expect(r.finalEquity).toBe(99_970);
  });

  it('reports progress and stops on cancel with a CancelledError', async () => {
    const seen: string[] = [];
    const controller = new AbortController();
    const run = runWalkForward(config(false), dataset(bars), {
      strategies,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(`${p.runsDone}/${p.runsTotal} w${p.windowsDone}/${p.windowsTotal}`);
        if (p.windowsDone === 1) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'CancelledError' });
    expect(seen).toEqual(['1/9 w0/3', '2/9 w0/3', '3/9 w1/3']);
  });

  it('skips failing training points, and fails the window clearly when all fail', async () => {
    const inner = inProcessWalkForwardRunner(strategies);
    const r = await runWalkForward(config(false), dataset(bars), {
      runPoint: (req) => {
        if (req.phase === 'train' && req.params['hold_1.params.mode'] === 'flat') throw new Error('flat is broken');
        return inner(req);
      },
    });
    expect(r.windows.map((w) => [w.failedPoints, w.params['hold_1.params.mode']])).toEqual([
      [1, 'long'],
      [1, 'long'],
      [1, 'long'],
    ]);
    await expect(
      runWalkForward(config(false), dataset(bars), {
        runPoint: () => {
          throw new Error('no engine');
        },
      }),
    ).rejects.toThrow(/window 1: every one of the 2 training runs failed; the first: no engine/);
  });

  it('rejects a config without walk_forward or with an unknown objective, naming the key', async () => {
    const { optimization, ...rest } = config(false);
    await expect(runWalkForward({ ...rest, optimization: { ...optimization!, walkForward: undefined } }, dataset(bars))).rejects.toThrow(/optimization\.walk_forward: add a walk_forward block/);
    await expect(runWalkForward(config(false), dataset(bars), { objective: 'sharpness' })).rejects.toThrow(/optimization\.objective: unknown metric 'sharpness'/);
  });

  it('runs on a worker pool through SweepPool.runOne with the same result as in process', async () => {
    const calls: { runId?: string; enabled?: boolean; curve?: boolean; bars: number; tradeFrom?: number }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    // A pool stand-in: asynchronous like a worker, runs the same engine.
    const pool = {
      async runOne(req: Parameters<typeof runBacktestSync>[2] & { config: unknown; dataset: { kind: string; dataset?: unknown } }) {
        if (req.dataset.kind !== 'dataset') throw new Error('expected the slice itself');
        const ds = req.dataset.dataset as Parameters<typeof runBacktestSync>[1];
        calls.push({ runId: req.runId, enabled: req.traceOverride?.enabled, curve: req.traceOverride?.storeEquityCurve, bars: barsOf(ds.series[0]!).length, tradeFrom: req.tradeFrom });
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((res) => setTimeout(res, 1));
        inFlight--;
        // As the worker does (sweep-worker-host → backtest-point-runner): tradeFrom goes to the engine.
        return runBacktestSync(req.config as StudioConfig, ds, { runId: req.runId, traceOverride: req.traceOverride, tradeFrom: req.tradeFrom, strategies });
      },
    };
    const viaPool = await runWalkForward(config(false), dataset(bars), { runPoint: sweepPoolWalkForwardRunner(pool) });
    const local = await runWalkForward(config(false), dataset(bars), { strategies });
    expect(viaPool).toEqual(local);
    expect(maxInFlight).toBe(2);
    expect(calls.slice(0, 3)).toEqual([
      { runId: 'wf1-train-1', enabled: false, curve: false, bars: 4, tradeFrom: undefined },
      { runId: 'wf1-train-2', enabled: false, curve: false, bars: 4, tradeFrom: undefined },
      // The test run: 4 warm-up (training) bars + 2 test bars, trading from bar 4.
      { runId: 'wf1-test', enabled: false, curve: true, bars: 6, tradeFrom: T0 + 4 * DAY },
    ]);
  });
});

describe('runWalkForward warm-up', () => {
  // Long (whenever flat) once it has seen `lookback` bars: a 3-bar lookback on 2-bar test windows
  // never trades from a cold start, but trades on the first test bar after warming up on the training bars.
  const lookbackStrategy: StrategyDefinition<{ lookback: number }> = {
    kind: 'lookback',
    description: 'test: long once lookback bars were seen',
    params: [],
    symbolCount: { min: 1 },
    parseParams: (raw) => ({ lookback: Number(raw.lookback ?? 3) }),
    create: (id, symbols, params) => {
      let seen = 0;
      return {
        id,
        kind: 'lookback',
        symbols,
        onBar(bar, ctx) {
          seen++;
          if (seen >= params.lookback && ctx.position(bar.symbol) === 'flat') ctx.emitSignal(bar.symbol, 'long');
        },
      };
    },
  };
  const lookup = (kind: string): StrategyDefinition<unknown> | undefined => (kind === 'lookback' ? (lookbackStrategy as StrategyDefinition<unknown>) : undefined);
  const lookbackConfig = studioConfig([strategyContainer('lb_1', 'lookback', { lookback: 3 }), portfolioContainer('portfolio_1', ['lb_1'])], {
    optimization: {
      objective: 'total_return',
      direction: 'maximize',
      parameters: [{ path: 'lb_1.params.lookback', values: [3] }],
      walkForward: { train: 4, test: 2, anchored: false },
    },
  });

  it('a long-lookback strategy trades from the first bar of every test window', async () => {
    const r = await runWalkForward(lookbackConfig, dataset(bars), { strategies: lookup });
    // Signals on test bars 4, 6, 8 fill at the next open (bars 5, 7, 9: 108, 105, 95) and close at
    // the window's last close (110, 100, 90): 10 × (+2, −5, −5) = +20, −50, −50.
    expect(r.oosTrades.map((t) => [t.entryTime, t.entryPrice, t.exitPrice, t.pnl])).toEqual([
      [T0 + 5 * DAY, 108, 110, 20],
      [T0 + 7 * DAY, 105, 100, -50],
      [T0 + 9 * DAY, 95, 90, -50],
    ]);
    expect(r.windows.map((w) => [w.outOfSample.startCapital, w.outOfSample.endCapital])).toEqual([
      [100_000, 100_020],
      [100_020, 99_970],
      [99_970, 99_920],
    ]);
    // The stitched curve holds the test bars only (4..9), the warm-up is not in it.
    expect(r.oosEquityCurve.map((p) => p.timestamp)).toEqual([4, 5, 6, 7, 8, 9].map((i) => T0 + i * DAY));
    expect(r.oosEquityCurve.map((p) => p.equity)).toEqual([100_000, 100_020, 100_020, 99_970, 99_970, 99_920]);
    expect(r.windows.map((w) => w.outOfSample.metrics.equityUpdates)).toEqual([2, 2, 2]);

    // The cold start it replaces: each test window alone (no warm-up) sees only 2 bars and never trades.
    const inner = inProcessWalkForwardRunner(lookup);
    const cold = await runWalkForward(lookbackConfig, dataset(bars), {
      runPoint: (req) =>
        req.tradeFrom === undefined ? inner(req) : inner({ ...req, dataset: sliceDataset(dataset(bars), req.tradeFrom, req.range.endTime), tradeFrom: undefined }),
    });
    expect(cold.oosTrades).toEqual([]);
    expect(cold.finalEquity).toBe(100_000);
  });
});
