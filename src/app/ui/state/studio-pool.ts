// The studio's view of the worker pool: BacktestPool (Web Workers) with the
// dataset resolved from the picker's id (bundled, or an imported CSV's text).
import type { BacktestProgress, BacktestResult } from '../../../engine/backtest-result';
import type { TraceSettings } from '../../../core/trace-settings';
import type { DatasetSource, PointOutcome, PoolProgress, SweepResult } from '../../../engine/optimization/pool-protocol';
import type { SweepValue } from '../../../engine/optimization/expand-grid';
import type { UserStrategySource } from '../../../engine/user-strategy/user-strategy-api';
import { BacktestPool } from '../../workers/backtest-pool';
import { sweepPoolWalkForwardRunner } from '../../../engine/walk-forward/sweep-pool-walk-forward-runner';
import type { WalkForwardPointRunner } from '../../../engine/walk-forward/walk-forward-result';
import { unpackChartDataset, type ChartDataset, type ChartSeries } from '../../data/chart-bars';
import type { Overlay, OverlaySpec } from '../charts/strategy-overlays';
import type { OverlayWindow } from '../../workers/backtest-worker-api';

export interface StudioRunRequest {
  configText: string;
  dataset: DatasetSource;
  params?: Record<string, SweepValue>;
  /** A multi-phase sweep point's suffix: its container ids (portfolio_final_2), so its trace settings. */
  containerSuffix?: string;
  traceOverride?: Partial<TraceSettings>;
  /** Sources of the `user:<name>` strategies the config names (run in the workers' sandbox). */
  userStrategies?: UserStrategySource[];
}

export interface StudioPool {
  runOne(request: StudioRunRequest, hooks?: { onProgress?(p: BacktestProgress): void }): Promise<BacktestResult>;
  runSweep(
    request: { configText: string; dataset: DatasetSource; userStrategies?: UserStrategySource[] },
    hooks?: { onProgress?(p: PoolProgress): void; onPoint?(o: PointOutcome): void },
  ): Promise<SweepResult>;
  /** Walk-forward backtests on the same workers (each run a window slice; cancel() stops them too). */
  walkForwardRunner(userStrategies?: UserStrategySource[]): WalkForwardPointRunner;
  /**
   * The dataset as the price chart draws it (whole series, or thinned to candles), computed
   * by a worker that holds the bars: the page never keeps a big dataset's full columns.
   */
  chartData(dataset: DatasetSource): Promise<ChartDataset>;
  /** Buy & hold at each of `times` over the full closes (for a thinned chart; exact as buyAndHoldCurve). */
  buyAndHold(dataset: DatasetSource, initialCapital: number, times: readonly number[]): Promise<[number, number][]>;
  /** `symbol`'s bars from `from` to `to` (ms, inclusive) as candles (at most CHART_CANDLE_LIMIT): a zoomed-in thinned chart drawn finer. */
  chartWindow(dataset: DatasetSource, symbol: string, from: number, to: number): Promise<ChartSeries | null>;
  /** Indicator lines of `specs` over every bar of `symbol`, valued at each candle's last bar (candles of `barsPerCandle` bars, as chartData thinned them). */
  overlays(dataset: DatasetSource, symbol: string, specs: readonly OverlaySpec[], barsPerCandle: number, window?: OverlayWindow): Promise<Overlay[]>;
  cancel(): void;
  /** Workers in the pool. */
  readonly size: number;
  /** Terminates the workers for good (a new pool replaces it, e.g. with another size). */
  dispose(): void;
}

/** `size`: workers (default: one per core but one, which stays with the UI). */
export function createStudioPool(size?: number): StudioPool {
  // The backstop for user code that never yields to its guards: past this, the worker is
  // terminated and respawned (the sandbox's own per-run limit, 60 s, normally fires first).
  const pool = new BacktestPool({ perJobTimeoutMs: 120_000, ...(size !== undefined ? { size } : {}) });
  return {
    runOne: (r, hooks) =>
      pool.runOne(
        {
          config: r.configText,
          dataset: r.dataset,
          params: r.params,
          ...(r.containerSuffix ? { containerSuffix: r.containerSuffix } : {}),
          traceOverride: r.traceOverride,
          userStrategies: r.userStrategies,
        },
        hooks,
      ),
    // Sweeps bring back metrics only: a grid of hundreds stays light; a point opens as a full run.
    runSweep: (r, hooks) => pool.runSweep({ config: r.configText, dataset: r.dataset, detail: 'metrics', userStrategies: r.userStrategies }, hooks),
    walkForwardRunner: (userStrategies) =>
      sweepPoolWalkForwardRunner({ runOne: (request) => pool.runOne(userStrategies?.length ? { ...request, userStrategies } : request) }),
    chartData: async (dataset) => unpackChartDataset(await pool.withDataset(dataset, (remote, id) => remote.chartData(id))),
    buyAndHold: async (dataset, initialCapital, times) => {
      const at = Float64Array.from(times);
      const values = await pool.withDataset(dataset, (remote, id) => remote.buyAndHold(id, initialCapital, at));
      return Array.from(values, (v, i): [number, number] => [at[i]!, v]);
    },
    chartWindow: async (dataset, symbol, from, to) => unpackChartDataset(await pool.withDataset(dataset, (remote, id) => remote.chartWindow(id, symbol, from, to))).series[0] ?? null,
    overlays: (dataset, symbol, specs, barsPerCandle, window) => pool.withDataset(dataset, (remote, id) => remote.overlays(id, symbol, [...specs], barsPerCandle, window)),
    cancel: () => pool.cancel(),
    size: pool.size,
    dispose: () => pool.dispose(),
  };
}
