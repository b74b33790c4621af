// The backtest engine's public surface (CONTRACT.md §7–8): data, strategies,
// portfolio, execution, runBacktest, optimization grids, walk-forward, user strategies.
// Pure TypeScript like the core: importable in Node and in a Web Worker.

// Results and the run
export type {
  AbortSignalLike,
  BacktestProgress,
  BacktestResult,
  ContainerMemory,
  ContainerResult,
  EquityPoint,
  EventArchiveRef,
  RunBacktest,
  RunBacktestOptions,
} from './backtest-result';
export { runBacktest, runBacktestSync, createBacktestRun, driveAsync, driveSync } from './run-backtest';
export { BacktestRun, ownSettingsResolver } from './backtest-run';
export type { SignalSource, TraceSettingsResolver } from './backtest-run';
export { BacktestAbortedError } from './backtest-aborted-error';
export { BacktestConfigError } from './backtest-config-error';
export { BacktestHandlerError } from './backtest-handler-error';
export { defaultTraceResolver } from './default-trace-resolver';
export { dynamicRulePass } from './dynamic-trace-rules';
export type { DynamicRulePass } from './dynamic-trace-rules';
export { recordSignals, replaySignals, replaySignalsAsync } from './replay-signals';
export type { ReplayableSignal, SignalRecording } from './replay-signals';

// Containers: portfolio, execution, strategies' host
export { Portfolio } from './portfolio';
export type { CloseReason, PortfolioMark, PortfolioOptions } from './portfolio';
export { ExecutionSimulator, DEFAULT_EXECUTION } from './execution-simulator';
export type { ExecutionSimulatorOptions } from './execution-simulator';
export { StrategyContainer } from './strategy-container';
export type { StrategyContainerOptions } from './strategy-container';
export { MarketState } from './market-state';
export { entryQuantity, validateSizing } from './sizing';
export { positionValue, grossPnl } from './position';
export type { Position } from './position';
export { periodsPerYear } from './periods-per-year';

// Market data
export type { Bar, BarColumns, BarSeries, Dataset } from './bar';
export { barSeriesFromBars, barSeriesOf, barAt, barsOf, seriesLength, datasetBarCount, sliceSeries, sliceSeriesByTime } from './bar-series';
export { BarColumnsBuilder } from './data/bar-columns-builder';
export { CsvBarReader, SPIKE_FACTOR } from './data/csv-bar-reader';
export { packDataset, unpackDataset, wireDatasetSource } from './data/packed-dataset';
export type { PackedDataset, PackedSeriesInfo } from './data/packed-dataset';
export { buildBarStream, DataSelectionError } from './bar-stream';
export type { BarStream } from './bar-stream';
export { parseBarsCsv, symbolFromFileName } from './data/csv-bars';
export type { CsvBarError, ParseBarsCsvOptions, ParseBarsCsvResult } from './data/csv-bars';
export { BUNDLED_DATASETS, getBundledDataset, loadBundledDataset } from './data/bundled-datasets';
export type { BundledDatasetDescriptor, BundledDatasetId } from './data/bundled-datasets';
export { generateSyntheticBars } from './data/synthetic-bars';
export { parseSyntheticBarsOptions, DEFAULT_SYNTHETIC_BARS_OPTIONS } from './data/synthetic-bars-options';
export type { SyntheticBarsOptions } from './data/synthetic-bars-options';
export { resampleBars } from './data/resample-bars';
export { deriveTimeframes } from './data/derive-timeframes';
export { parseTimeframe, timeframeToMs, floorToTimeframe, nextTimeframeStart } from './data/timeframe';
export type { Timeframe, TimeframeUnit } from './data/timeframe';
export { TimeframeError } from './data/timeframe-error';
export { inferTimeframe } from './data/infer-timeframe';
export { parseBarTime } from './data/parse-bar-time';
export { SeededRandom } from './data/seeded-random';

// Indicators
export type { StreamingIndicator } from './indicators/streaming-indicator';
export { Sma } from './indicators/sma';
export { Ema } from './indicators/ema';
export { RollingStdDev } from './indicators/rolling-std-dev';
export { Rsi } from './indicators/rsi';
export { BollingerBands } from './indicators/bollinger-bands';
export { RollingMax } from './indicators/rolling-max';
export { RollingMin } from './indicators/rolling-min';
export { RateOfChange } from './indicators/rate-of-change';
export { RollingZScore } from './indicators/rolling-z-score';
export { RollingCorrelation } from './indicators/rolling-correlation';

// Strategies
export type { ParamSpec, Strategy, StrategyContext, StrategyDefinition } from './strategy';
export { BUILTIN_STRATEGIES, getStrategyDefinition, findStrategyDefinition, unknownStrategyMessage } from './strategies/strategy-registry';
export { StrategyParamError } from './strategies/strategy-param-error';
export { parseStrategyParams } from './strategies/parse-strategy-params';
export { momentumStrategy } from './strategies/momentum-strategy';
export type { MomentumParams } from './strategies/momentum-strategy';
export { maCrossoverStrategy } from './strategies/ma-crossover-strategy';
export type { MaCrossoverParams } from './strategies/ma-crossover-strategy';
export { meanReversionStrategy } from './strategies/mean-reversion-strategy';
export type { MeanReversionParams } from './strategies/mean-reversion-strategy';
export { breakoutStrategy } from './strategies/breakout-strategy';
export type { BreakoutParams } from './strategies/breakout-strategy';
export { pairsStrategy } from './strategies/pairs-strategy';
export type { PairsParams } from './strategies/pairs-strategy';
export { classifyRegime, volatilityRegimeStrategy } from './strategies/volatility-regime-strategy';
export type { Regime, VolatilityRegimeParams } from './strategies/volatility-regime-strategy';
export { RecordingContext } from './strategies/recording-context';

// User strategies (strategy lab)
export { compileUserStrategy } from './user-strategy/compile-user-strategy';
export { userStrategyDefinition } from './user-strategy/user-strategy-definition';
export { userStrategyLookup } from './user-strategy/user-strategy-lookup';
export { USER_STRATEGY_TEMPLATES } from './user-strategy/user-strategy-templates';
export type { UserStrategyTemplate } from './user-strategy/user-strategy-templates';
export { USER_STRATEGY_API_TEXT } from './user-strategy/user-strategy-api-text';
export { StrategyTimeoutError } from './user-strategy/strategy-timeout-error';
export { UserStrategyError } from './user-strategy/user-strategy-error';
export type { CompiledUserStrategy, CompileUserStrategyResult, UserParamSpec, UserSourceError, UserStrategySource } from './user-strategy/user-strategy-api';
export { referencedUserStrategies, userStrategySourcesFor } from './user-strategy/referenced-user-strategies';
export { USER_STRATEGY_COMPLETIONS } from './user-strategy/user-strategy-completions';
export { userStrategyErrorLocation } from './user-strategy/user-strategy-error-location';
export { paramSweepValues } from './user-strategy/param-sweep-values';
export { GuardBudget } from './user-strategy/guard-budget';
export { UserStrategy, DEFAULT_PER_BAR_MS, DEFAULT_PER_RUN_MS } from './user-strategy/user-strategy';

// Optimization: grids, phases, ranking, pools
export { expandGrid, gridSize, MAX_GRID_POINTS } from './optimization/expand-grid';
export type { ExpandGridOptions, SweepPoint } from './optimization/expand-grid';
export { planPhases, phasePoints, runSweepPlan, sweepRankOptions, SEED_PHASES, DEFAULT_PHASE_TOP_N } from './optimization/sweep-plan';
export type { PlannedPhase, SweepPlanOptions } from './optimization/sweep-plan';
export { phaseContainerIds, withPhaseContainerIds } from './optimization/phase-container-ids';
export { rankOutcomes, objectiveValue, validateObjective } from './optimization/rank-results';
export type { RankOptions } from './optimization/rank-results';
export { SweepPool } from './optimization/sweep-pool';
export type { RunOneHooks, RunOneRequest, SweepHooks, SweepPoolOptions, SweepRequest } from './optimization/sweep-pool';
export { SweepScheduler, hardTimeLimitMs } from './optimization/sweep-scheduler';
export type { PhaseRunHooks, PoolTimers, PoolWorkerHandle, SweepSchedulerOptions } from './optimization/sweep-scheduler';
export { createSweepWorkerHost } from './optimization/sweep-worker-host';
export type { AsyncPointRunner, PointRunInput, PointRunOutput, PointRunner, RunArchive, SweepWorkerHostOptions } from './optimization/sweep-worker-host';
export { runBacktestPoint, runBacktestPointAsync, keepsTraces } from './optimization/backtest-point-runner';
export { BacktestFailedError } from './optimization/backtest-failed-error';
export { datasetFromSource } from './optimization/dataset-from-source';
export type { BundledLoader } from './optimization/dataset-from-source';
export { parseConfigText } from './optimization/parse-config-text';
export { CancelledError, isCancelledError } from './optimization/cancelled-error';
export { InvalidConfigError } from './optimization/invalid-config-error';
export { SweepPlanError } from './optimization/sweep-plan-error';
export type {
  DatasetInfo,
  DatasetSource,
  PointFailure,
  PointOutcome,
  PointSuccess,
  PoolProgress,
  ResultDetail,
  RunJobRequest,
  SweepContext,
  SweepJob,
  SweepWorkerApi,
  SweepResult,
  SweepPhaseResult,
} from './optimization/pool-protocol';

// Walk-forward
export { planWalkForward } from './walk-forward/plan-walk-forward';
export type { WalkForwardWindow } from './walk-forward/plan-walk-forward';
export { runWalkForward, inProcessWalkForwardRunner } from './walk-forward/run-walk-forward';
export { sweepPoolWalkForwardRunner } from './walk-forward/sweep-pool-walk-forward-runner';
export { sliceDataset } from './walk-forward/slice-dataset';
export { WalkForwardPlanError } from './walk-forward/walk-forward-plan-error';
export type { WalkForwardResult, WalkForwardWindowResult, WalkForwardProgress } from './walk-forward/walk-forward-result';
