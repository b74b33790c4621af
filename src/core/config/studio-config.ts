// The typed, validated studio document (camelCase) that parseStudioConfig returns.
// Trace settings stay as *layers* (partial blocks keyed by pattern/environment):
// resolveTraceSettings cascades them per container, so the config keeps what the
// user wrote and the resolver can explain which layer won.
import type { EventType } from '../event-type';
import type { RetentionPolicy, StorageBackendKind, StorageConfig } from '../trace-settings';

export type TraceLevelName = 'none' | 'minimal' | 'metrics' | 'normal' | 'debug' | 'trades';

/** A settings block as written: any subset of TraceSettings, or a trace-level name. */
export interface PartialTraceSettings {
  enabled?: boolean;
  eventsToTrace?: 'ALL' | readonly EventType[];
  retentionPolicy?: RetentionPolicy;
  maxEvents?: number;
  storageBackend?: StorageBackendKind;
  storageConfig?: Partial<StorageConfig>;
  storeTrades?: boolean;
  storeEquityCurve?: boolean;
  storagePath?: string;
  /** A trace level applied first; keys written beside it win over it. */
  level?: TraceLevelName;
  dynamicRules?: readonly DynamicRule[];
}

export interface DynamicRule {
  /** Source text, e.g. 'metrics.total_pnl > 0'. */
  condition: string;
  action: PartialTraceSettings;
  /** 1-based source line of the condition, for errors. */
  line?: number;
  /** 1-based source column of the condition's first character. */
  column?: number;
}

export interface PatternSettings {
  /** Wildcard pattern; '*' matches any run of characters. */
  pattern: string;
  settings: PartialTraceSettings;
  /** Index among the layers as written (ties: later wins among overrides). */
  order: number;
  /** Where it came from: 'container_settings' or 'overrides'. */
  origin: 'container_settings' | 'overrides';
  line?: number;
}

export interface TraceSettingsConfig {
  /** Global keys written directly under trace_settings. */
  global: PartialTraceSettings;
  /** `default:` — applies under every pattern. */
  default?: PartialTraceSettings;
  patterns: readonly PatternSettings[];
  /** Source line of the `trace_settings:` key (global layer). */
  globalLine?: number;
  /** Source line of `default:`. */
  defaultLine?: number;
}

export interface DataConfig {
  /** Bundled dataset id ('sp500', 'stocks', 'aapl', 'synthetic') or 'csv:<name>' for an imported file. */
  source: string;
  symbols?: readonly string[];
  timeframes: readonly string[];
  /** ISO dates, inclusive. */
  start?: string;
  end?: string;
  /** Parameters of the synthetic generator when source is 'synthetic'. */
  synthetic?: Record<string, unknown>;
}

export type FillModel = 'next_open' | 'close';

export interface ExecutionConfig {
  commissionPerTrade: number;
  /** Percent of notional, e.g. 0.1 means 0.1 %. */
  commissionPercent: number;
  slippageBps: number;
  fillModel: FillModel;
}

export type SizingConfig =
  | { type: 'fixed'; quantity: number }
  | { type: 'percent_equity'; percent: number }
  | { type: 'risk_per_trade'; percent: number; stopLoss?: number };

export interface RiskConfig {
  /** Max units per position (absolute). */
  maxPosition?: number;
  /** Fraction below entry (long) / above (short), e.g. 0.05 = 5 %. */
  stopLoss?: number;
  takeProfit?: number;
}

/** The seed's barrier_config. */
export interface BarrierConfig {
  dataAlignment?: { symbols: readonly string[]; timeframes: readonly string[] };
  orderControl?: { preventDuplicates: boolean };
  timing?: { maxSignalsPerMinute?: number; tradingHours?: { start: string; end: string; timezone?: string } };
}

export type ContainerType = 'strategy' | 'portfolio' | 'execution' | 'analysis' | 'data';

interface ContainerBase {
  id: string;
  eventTracing?: PartialTraceSettings;
  line?: number;
  /** Source line of the container's `event_tracing:` key. */
  eventTracingLine?: number;
}

export interface StrategyContainerConfig extends ContainerBase {
  type: 'strategy';
  /** Built-in name ('momentum', 'ma_crossover', …) or 'user:<name>'. */
  strategy: string;
  params: Record<string, unknown>;
  symbols?: readonly string[];
}

export interface PortfolioContainerConfig extends ContainerBase {
  type: 'portfolio';
  /** Strategy container ids it manages: its mandatory SIGNAL filter. */
  strategies: readonly string[];
  sizing: SizingConfig;
  risk: RiskConfig;
  allowShort: boolean;
  barriers?: BarrierConfig;
  initialCapital?: number;
}

export interface OtherContainerConfig extends ContainerBase {
  type: 'execution' | 'analysis' | 'data';
}

export type ContainerConfig = StrategyContainerConfig | PortfolioContainerConfig | OtherContainerConfig;

/** One swept parameter: a dotted path into the config and its values. */
export interface SweepParameter {
  path: string;
  values: readonly (number | string | boolean)[];
  /** Source line of the parameter's key. */
  line?: number;
}

export interface OptimizationPhase {
  /** 'phase1', 'phase2', 'final' … — container ids become portfolio_<name>_<n>. */
  name: string;
  parameters?: readonly SweepParameter[];
  /** Keep the best N of the previous phase. */
  topN?: number;
}

export interface WalkForwardConfig {
  train: number | string;
  test: number | string;
  step?: number | string;
  anchored: boolean;
}

export interface OptimizationConfig {
  /** Metric name (snake_case or camelCase) to rank by. */
  objective: string;
  direction: 'maximize' | 'minimize';
  parameters: readonly SweepParameter[];
  phases?: readonly OptimizationPhase[];
  walkForward?: WalkForwardConfig;
  /** A condition over the swept parameters; combinations where it is false are not run. */
  constraint?: string;
}

export interface PortfolioSettingsConfig {
  eventsToTrace?: 'ALL' | readonly EventType[];
  retentionPolicy?: RetentionPolicy;
  slidingWindowSize?: number;
  /** Source line of `portfolio_settings:`. */
  line?: number;
}

export interface StudioConfig {
  name: string;
  environment?: string;
  initialCapital: number;
  data: DataConfig;
  execution: ExecutionConfig;
  containers: readonly ContainerConfig[];
  traceSettings: TraceSettingsConfig;
  /** Environment name → its trace settings layers (from `development:`, `production:` or `environments:`). */
  environments: Readonly<Record<string, { traceSettings: TraceSettingsConfig; line?: number }>>;
  portfolioSettings?: PortfolioSettingsConfig;
  optimization?: OptimizationConfig;
}

export interface ConfigError {
  message: string;
  /** 1-based; 0 when the error is about the whole document. */
  line: number;
  /** 1-based. */
  column: number;
  /** Dotted path of the offending key, e.g. 'containers[1].sizing.type'. */
  path: string;
}

/** `warnings` (optional, added): problems that do not stop a run, e.g. a strategy no portfolio manages. */
export type ParseResult = { ok: true; config: StudioConfig; warnings?: ConfigError[] } | { ok: false; errors: ConfigError[] };
