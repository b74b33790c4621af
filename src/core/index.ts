// The Events Module's public surface (CONTRACT.md §1–6). Pure TypeScript: importable
// in Node and in a Web Worker. Shells import from here, never from deep paths' internals.

// §1 Events
export { EventType, ALL_EVENT_TYPES, isEventType, requiresFilter } from './event-type';
export type { FilterRequiredEventType, FilterOptionalEventType } from './event-type';
export { isEventOf } from './events';
export type {
  AnyTradingEvent,
  BarPayload,
  Direction,
  ErrorPayload,
  FeaturesPayload,
  FillPayload,
  OrderPayload,
  OrderRequestPayload,
  OrderSide,
  OrderType,
  PayloadMap,
  PayloadOf,
  PortfolioUpdatePayload,
  PositionClosePayload,
  PositionOpenPayload,
  PositionSide,
  RegimeChangePayload,
  RiskBreachPayload,
  SignalPayload,
  TradingEvent,
} from './events';
export {
  createEvent,
  createBarEvent,
  createSignalEvent,
  createOrderEvent,
  createFillEvent,
  createPositionOpenEvent,
  createPositionCloseEvent,
} from './event-factories';
export type { EventOptions, SignalEventInit } from './event-factories';
export { IdGenerator, adHocIdSource } from './id-generator';
export type { IdSource } from './id-generator';
export { SimulatedClock, systemClock } from './clock';
export type { Clock } from './clock';

// §2 Bus, filters, observers, hierarchy, isolation
export { EventBus } from './bus';
export type { EventBusOptions, EventBusStats } from './bus';
export { MissingFilterError } from './missing-filter-error';
export { strategyFilter, containerFilter, symbolFilter, sourceFilter, allOf, anyOf, not } from './filters';
export type { EventFilter } from './filters';
export type { EventObserver } from './observer';
export type { EventHandler, Subscription, Unsubscribe } from './subscription';
export { WeakSubscriptionManager } from './weak-subscription-manager';
export type { WeakSubscriptionManagerOptions, WeakSubscriptionStats } from './weak-subscription-manager';
export { EventIsolationManager } from './event-isolation-manager';
export type { EventIsolationContextOptions } from './event-isolation-manager';
export { ConsoleObserver } from './console-observer';
export type { ConsoleObserverOptions } from './console-observer';
export { SignalObserver } from './signal-observer';
export type { RecordedSignal, SignalObserverOptions } from './signal-observer';

// §3 Tracing, retention, storage, trace levels
export { EventTracer } from './event-tracer';
export type { EventTracerOptions, EventTracerStats } from './event-tracer';
export { createTracerFromConfig, TracerConfigError } from './create-tracer-from-config';
export type { CreateTracerOptions, TraceStorageFactory, TracerConfig } from './create-tracer-from-config';
export { combineModeAndRetention, isRetentionPolicy, normalizeRetentionPolicy, RetentionPolicyDescriptions } from './retention-policy';
export { RETENTION_POLICIES, STORAGE_BACKENDS, DEFAULT_TRACE_SETTINGS } from './trace-settings';
export type { RetentionPolicy, StorageBackendKind, StorageConfig, TraceSettings } from './trace-settings';
export { isPromise } from './event-storage';
export type { EventQuery, EventStorage, MaybePromise } from './event-storage';
export { MemoryStorage } from './memory-storage';
export type { MemoryStorageOptions } from './memory-storage';
export { HierarchicalStorage } from './hierarchical-storage';
export type { HierarchicalStorageOptions, HierarchicalStorageStats, SyncEventStorage } from './hierarchical-storage';
export {
  TraceLevel,
  TRACE_LEVELS,
  TRACE_LEVEL_DESCRIPTIONS,
  TRACE_LEVEL_PRESETS,
  isTraceLevel,
  traceLevelSettings,
  getTraceConfig,
  applyTraceLevel,
} from './trace-level';
export type { TraceLevelPreset, TracePresetName } from './trace-level';

// §4 Metrics
export { StreamingMetrics } from './streaming-metrics';
export type { StreamingMetricsOptions, TradeLike } from './streaming-metrics';
export { MetricsObserver, closedTradeFromEvent } from './metrics-observer';
export type { CorrelationPruner, MetricsCalculator, MetricsObserverOptions, MetricsObserverStats } from './metrics-observer';
export { metricsToJson, toSnakeCase } from './metrics-to-json';
export type { MetricsJson } from './metrics-to-json';
export { metricNames, metricValue } from './metric-value';
export type { AnalysisMetrics, ClosedTrade, FullMetricsSnapshot, MetricsSnapshot } from './metrics-snapshot';

// §5 Barriers
export type { Barrier, BarrierVerdict } from './barriers/barrier';
export { PROCEED, block } from './barriers/barrier';
export { DataAlignmentBarrier } from './barriers/data-alignment-barrier';
export type { DataAlignmentBarrierOptions } from './barriers/data-alignment-barrier';
export { OrderStateBarrier } from './barriers/order-state-barrier';
export type { OrderStateBarrierOptions } from './barriers/order-state-barrier';
export { TimingBarrier } from './barriers/timing-barrier';
export type { TimingBarrierOptions, TradingHours } from './barriers/timing-barrier';
export { CompositeBarrier } from './barriers/composite-barrier';
export type { CompositeMode } from './barriers/composite-barrier';
export { createStandardBarriers } from './barriers/create-standard-barriers';
export type { StandardBarriersOptions } from './barriers/create-standard-barriers';
export { barriersFromConfig } from './barriers/barriers-from-config';
export type { BarriersFromConfigOptions } from './barriers/barriers-from-config';

// §6 Configuration
export { parseStudioConfig } from './config/parse-studio-config';
export { parseEventTracingBlock } from './config/parse-event-tracing-block';
export type { EventTracingBlockResult } from './config/parse-event-tracing-block';
export { resolveTraceSettings, explainTraceSettings, TRACE_SETTINGS_KEYS } from './config/resolve-trace-settings';
export type {
  KeyOrigin,
  ResolveTraceOptions,
  RuleOutcome,
  TraceLayerInfo,
  TraceLayerKind,
  TraceSettingsExplanation,
  TraceSettingsKey,
} from './config/resolve-trace-settings';
export { parseCondition, evaluateCondition, CONDITION_GRAMMAR } from './config/condition-expression';
export type { ConditionSyntaxError } from './config/condition-expression';
export { matchesWildcard, compareWildcardSpecificity, wildcardSpecificity } from './config/wildcard-pattern';
export { applySweepPoint } from './config/apply-sweep-point';
export { ConfigPathError } from './config/config-path-error';
export type { SweepValue } from './config/apply-sweep-point';
export { studioConfigJsonSchema } from './config/studio-config-json-schema';
export type { JsonSchemaNode } from './config/studio-config-json-schema';
export { DEFAULT_CONFIG_YAML } from './config/default-config';
export { KNOWN_METRIC_NAMES, LOWER_IS_BETTER_METRICS, normalizeMetricName } from './config/metric-names';
export type * from './config/studio-config';
