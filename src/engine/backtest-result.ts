// What runBacktest returns: per container its metrics, trades, equity curve,
// traced events and memory figures. Plain data only (structured-clone safe), so
// it crosses a worker boundary and lands in IndexedDB as it is.
import type { ContainerType } from '../core/config/studio-config';
import type { EventStorage } from '../core/event-storage';
import type { TradingEvent } from '../core/events';
import type { ClosedTrade, MetricsSnapshot } from '../core/metrics-snapshot';
import type { TraceSettings } from '../core/trace-settings';
import type { StrategyDefinition } from './strategy';

export interface EquityPoint {
  timestamp: number;
  equity: number;
  cash: number;
  /** (peak − equity) / peak at this point, ≥ 0. */
  drawdown: number;
}

/** A run of consecutive equity-curve points as columns (equal lengths); the receiver owns the arrays. */
export interface EquityBlock {
  timestamp: Float64Array<ArrayBuffer>;
  equity: Float64Array<ArrayBuffer>;
  cash: Float64Array<ArrayBuffer>;
  drawdown: Float64Array<ArrayBuffer>;
}

/** Takes a portfolio's equity curve block by block while the run goes (RunBacktestOptions.equityCurveSink). */
export interface EquityCurveSink {
  /** The next points of the curve, in order; the arrays are the sink's to keep or transfer. */
  write(block: EquityBlock): void;
}

export interface ContainerMemory {
  eventsInMemory: number;
  openPositions: number;
  peakEventsInMemory: number;
}

export interface ContainerResult {
  containerId: string;
  type: ContainerType;
  /** Portfolios (and the root summary) have metrics. */
  metrics?: MetricsSnapshot;
  trades: ClosedTrade[];
  /** Present when the container's settings say store_equity_curve (empty when it went to `equityCurveSink`). */
  equityCurve?: EquityPoint[];
  /** Points handed to RunBacktestOptions.equityCurveSink instead of kept in `equityCurve`. */
  equityCurveStreamed?: number;
  /** Traced events kept by its retention policy (sequence order). */
  events: TradingEvent[];
  /** Events the retention policy dropped (sliding_window) — never silently partial. */
  eventsDropped: number;
  traceSettings: TraceSettings;
  memory: ContainerMemory;
  /**
   * Set when the container's full event record was streamed to an archive (the browser's
   * IndexedDB for storage_backend disk/hierarchical): `events` is then only the in-memory
   * window; read the record by `runId` + `containerId` (`count` events) from the archive.
   */
  archive?: EventArchiveRef;
}

/** Where a container's full event record lives when it is not in the result. */
export interface EventArchiveRef {
  /** The archive's key for the run (IndexedDB: the events/chunks tables' runId). */
  runId: string;
  containerId: string;
  count: number;
}

export interface BacktestResult {
  runId: string;
  configName: string;
  datasetId: string;
  /** Market time of the first and last bar processed. */
  startTime: number;
  endTime: number;
  barsProcessed: number;
  eventsPublished: number;
  /** Container ids in config order. */
  containerIds: string[];
  containers: Record<string, ContainerResult>;
  /**
   * The sweep point's parameters applied to the config (`ma_1.params.fast: 10`), when the run was
   * one: the config text alone does not reproduce it, so reopening and re-running need them.
   */
  params?: Record<string, number | string | boolean>;
  /**
   * The phase suffix its container ids carry ('final_2': portfolio_final_2), when it was a point of
   * a multi-phase sweep: re-running it with the same suffix resolves the same trace settings.
   */
  containerSuffix?: string;
  /** Notes that did not stop the run (e.g. a config with an optimization block run as its base config). */
  warnings?: string[];
}

export interface BacktestProgress {
  barsDone: number;
  barsTotal: number;
  eventsPublished: number;
}

/** The part of AbortSignal the engine reads (the DOM type is not in its lib). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

export interface RunBacktestOptions {
  onProgress?: (progress: BacktestProgress) => void;
  signal?: AbortSignalLike;
  /** Deterministic run id (prefix of every event id); default derived from the config name. */
  runId?: string;
  /** Environment to resolve trace settings for (overrides config.environment). */
  environment?: string;
  /**
   * Applied on top of every container's resolved trace settings. The studio re-runs a
   * (deterministic) backtest with `{retentionPolicy: 'full', eventsToTrace: 'ALL'}` to show
   * every trade's chain without changing what the user's config keeps.
   */
  traceOverride?: Partial<TraceSettings>;
  /**
   * 'on_change' (default): PORTFOLIO_UPDATE when a position is open or cash/equity changed;
   * a flat, unchanged bar feeds the metrics without an event. 'every_bar': one per bar (time slice).
   * Metrics, trades and equity curve are the same either way.
   */
  portfolioUpdates?: 'on_change' | 'every_bar';
  /** Bars between onProgress calls and abort checks (default 10 000). */
  progressEvery?: number;
  /** Strategy definitions looked up before the built-ins (user strategies, tests). */
  strategies?: (kind: string) => StrategyDefinition<unknown> | undefined;
  /**
   * An archive backend per traced container (the headless runner streams `disk` containers to
   * events.jsonl.gz, the browser to IndexedDB); undefined keeps that container in memory only.
   */
  storageFor?: (containerId: string, settings: TraceSettings) => EventStorage | undefined;
  /**
   * Where a portfolio's equity curve (store_equity_curve) goes instead of memory: the engine
   * hands it over in blocks of columns while the run goes and keeps none of it, so a 10 M-bar
   * curve never sits in the heap (the headless runner encodes equity.json on another thread).
   * Called once per portfolio and pass (a dynamic_rules re-run asks again: start over);
   * undefined keeps that curve in `equityCurve`. The result then has `equityCurve: []` and
   * `equityCurveStreamed` points.
   */
  equityCurveSink?: (containerId: string, settings: TraceSettings) => EquityCurveSink | undefined;
  /**
   * Market time (ms, inclusive) trading starts at; bars before it only warm strategies up.
   * Every SIGNAL a strategy emits on an earlier bar is dropped (not published, traced or
   * counted) and portfolios neither trade nor mark equity before it (no PORTFOLIO_UPDATE, no
   * equity-curve point, no metrics update): metrics, equity curve, trades, buy-and-hold and
   * `startTime` cover [tradeFrom, end] as if the run started there with warm indicators.
   * Walk-forward test windows use it. Default: the first bar (everything trades).
   */
  tradeFrom?: number;
}

/**
 * The engine's entry points (implemented in run-backtest.ts):
 *   runBacktest(config: StudioConfig, data: Dataset, options?: RunBacktestOptions): Promise<BacktestResult>
 *   runBacktestSync(config: StudioConfig, data: Dataset, options?: RunBacktestOptions): BacktestResult
 */
export type RunBacktest = (
  config: import('../core/config/studio-config').StudioConfig,
  data: import('./bar').Dataset,
  options?: RunBacktestOptions,
) => Promise<BacktestResult>;
