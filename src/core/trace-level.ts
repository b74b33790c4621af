// Named trace levels (the seed's TraceLevel) and presets that map container-id patterns
// to levels. A level is a PartialTraceSettings: it decides what is traced and kept, never
// where it is stored, so a level written next to `storage_backend: disk` keeps the disk.
import { EventType } from './event-type';
import { DEFAULT_TRACE_SETTINGS, type TraceSettings } from './trace-settings';
import type { PartialTraceSettings, PatternSettings, StudioConfig, TraceLevelName, TraceSettingsConfig } from './config/studio-config';

/**
 * - NONE    'none':    zero overhead — no tracer, no events, no trade list or equity curve
 *                      (metrics are still computed by the metrics observer). For containers whose
 *                      events nobody reads: data feeds, strategies in a 1000-point sweep.
 * - MINIMAL 'minimal': only track open trades — POSITION_OPEN/CLOSE, retention `minimal`
 *                      (the POSITION_OPEN of each open position); keeps the trade list.
 * - METRICS 'metrics': metrics + essential events — FILL, POSITION_OPEN/CLOSE, PORTFOLIO_UPDATE
 *                      with `trade_complete` (a trade's events pruned once it closes), trade list
 *                      and equity curve kept. The optimization default for portfolios.
 * - NORMAL  'normal':  standard development tracing — every event except BAR and FEATURES,
 *                      last 10 000 kept (`sliding_window`).
 * - DEBUG   'debug':   full debug tracing — ALL events, nothing pruned (`full`, up to 1 000 000).
 * - TRADES  'trades':  complete trade chains (SIGNAL → ORDER_REQUEST → ORDER → FILL → POSITION_OPEN
 *                      → POSITION_CLOSE) of every trade kept (`full`), for the studio's chain view of
 *                      the best performers.
 */
export const TraceLevel = {
  NONE: 'none',
  MINIMAL: 'minimal',
  METRICS: 'metrics',
  NORMAL: 'normal',
  DEBUG: 'debug',
  TRADES: 'trades',
} as const;

export type TraceLevel = (typeof TraceLevel)[keyof typeof TraceLevel];

/** Every level name, least to most tracing (TRADES last: it is a purpose, not a step). */
export const TRACE_LEVELS: readonly TraceLevel[] = Object.freeze(Object.values(TraceLevel));

// Compile-time guard: the config model's level names and these stay the same set.
const _sameNames: [TraceLevel] extends [TraceLevelName] ? ([TraceLevelName] extends [TraceLevel] ? true : never) : never = true;
void _sameNames;

export const TRACE_LEVEL_DESCRIPTIONS: Readonly<Record<TraceLevel, string>> = Object.freeze({
  none: 'Zero overhead: no tracer, no stored events, no trade list or equity curve.',
  minimal: 'Only track open trades: POSITION_OPEN/POSITION_CLOSE, keeping the open positions only.',
  metrics: 'Metrics + essential events: FILL and position events, pruned when each trade closes.',
  normal: 'Standard development tracing: every event but BAR/FEATURES, last 10 000 kept.',
  debug: 'Full debug tracing: every event, nothing pruned.',
  trades: 'Complete trade chains (signal → order → fill → position) of every trade, nothing pruned.',
});

const TRADE_CHAIN: readonly EventType[] = [
  EventType.SIGNAL,
  EventType.ORDER_REQUEST,
  EventType.ORDER,
  EventType.FILL,
  EventType.POSITION_OPEN,
  EventType.POSITION_CLOSE,
];

const LEVEL_SETTINGS: Readonly<Record<TraceLevel, PartialTraceSettings>> = Object.freeze({
  none: { enabled: false, eventsToTrace: [], retentionPolicy: 'none', maxEvents: 0, storeTrades: false, storeEquityCurve: false },
  minimal: {
    enabled: true,
    eventsToTrace: [EventType.POSITION_OPEN, EventType.POSITION_CLOSE],
    retentionPolicy: 'minimal',
    maxEvents: 1000,
    storeTrades: true,
    storeEquityCurve: false,
  },
  metrics: {
    enabled: true,
    eventsToTrace: [EventType.FILL, EventType.POSITION_OPEN, EventType.POSITION_CLOSE, EventType.PORTFOLIO_UPDATE],
    retentionPolicy: 'trade_complete',
    maxEvents: 10_000,
    storeTrades: true,
    storeEquityCurve: true,
  },
  normal: {
    enabled: true,
    eventsToTrace: [...TRADE_CHAIN, EventType.PORTFOLIO_UPDATE, EventType.REGIME_CHANGE, EventType.RISK_BREACH, EventType.ERROR],
    retentionPolicy: 'sliding_window',
    maxEvents: 10_000,
    storeTrades: true,
    storeEquityCurve: true,
  },
  debug: { enabled: true, eventsToTrace: 'ALL', retentionPolicy: 'full', maxEvents: 1_000_000, storeTrades: true, storeEquityCurve: true },
  trades: { enabled: true, eventsToTrace: TRADE_CHAIN, retentionPolicy: 'full', maxEvents: 1_000_000, storeTrades: true, storeEquityCurve: true },
});

export function isTraceLevel(value: unknown): value is TraceLevel {
  return typeof value === 'string' && (TRACE_LEVELS as readonly string[]).includes(value);
}

/** The keys a level decides (what to trace and keep); storage keys are left to the layers around it. */
export function traceLevelSettings(level: TraceLevel): PartialTraceSettings {
  const s = LEVEL_SETTINGS[level];
  return { ...s, eventsToTrace: s.eventsToTrace === 'ALL' ? 'ALL' : [...(s.eventsToTrace ?? [])] };
}

/** Complete settings of a level: DEFAULT_TRACE_SETTINGS with the level's keys on top. */
export function getTraceConfig(level: TraceLevel): TraceSettings {
  const s = traceLevelSettings(level);
  return {
    ...DEFAULT_TRACE_SETTINGS,
    storageConfig: { ...DEFAULT_TRACE_SETTINGS.storageConfig },
    enabled: s.enabled ?? DEFAULT_TRACE_SETTINGS.enabled,
    eventsToTrace: s.eventsToTrace ?? DEFAULT_TRACE_SETTINGS.eventsToTrace,
    retentionPolicy: s.retentionPolicy ?? DEFAULT_TRACE_SETTINGS.retentionPolicy,
    maxEvents: s.maxEvents ?? DEFAULT_TRACE_SETTINGS.maxEvents,
    storeTrades: s.storeTrades ?? DEFAULT_TRACE_SETTINGS.storeTrades,
    storeEquityCurve: s.storeEquityCurve ?? DEFAULT_TRACE_SETTINGS.storeEquityCurve,
  };
}

/** A preset: a default level plus levels by container-id pattern (events-module.md "Trace Level Configuration"). */
export interface TraceLevelPreset {
  default: TraceLevel;
  overrides: Readonly<Record<string, TraceLevel>>;
}

export const TRACE_LEVEL_PRESETS = Object.freeze({
  /** Full visibility while building a strategy. */
  development: Object.freeze({
    default: 'normal',
    overrides: Object.freeze({ 'portfolio_*': 'normal', 'strategy_*': 'debug', 'data_*': 'minimal' }),
  }),
  /** Memory-efficient sweeps: metrics for portfolios, nothing for strategies/data, full chains for the best. */
  optimization: Object.freeze({
    default: 'minimal',
    overrides: Object.freeze({ 'portfolio_*': 'metrics', 'strategy_*': 'none', 'data_*': 'none', 'best_*': 'trades' }),
  }),
} satisfies Record<string, TraceLevelPreset>);

export type TracePresetName = keyof typeof TRACE_LEVEL_PRESETS;

function presetLayers(base: TraceSettingsConfig, preset: TraceLevelPreset): TraceSettingsConfig {
  const firstOrder = base.patterns.reduce((max, p) => Math.max(max, p.order), -1) + 1;
  const added: PatternSettings[] = Object.entries(preset.overrides).map(([pattern, level], i) => ({
    pattern,
    settings: { level },
    order: firstOrder + i,
    origin: 'overrides',
  }));
  return {
    ...base,
    // The preset's default is written over the base's global keys it decides, so it
    // really applies on top; storage keys (backend, path, compression) stay the base's.
    global: { ...withoutLevelKeys(base.global), level: preset.default },
    patterns: [...base.patterns, ...added],
  };
}

function withoutLevelKeys(s: PartialTraceSettings): PartialTraceSettings {
  const { enabled: _e, eventsToTrace: _t, retentionPolicy: _r, maxEvents: _m, storeTrades: _st, storeEquityCurve: _sc, level: _l, ...rest } = s;
  return rest;
}

function isStudioConfig(c: StudioConfig | TraceSettingsConfig): c is StudioConfig {
  return 'traceSettings' in c;
}

/**
 * Apply a preset ON TOP of a config's trace settings: the preset default replaces the
 * global level keys, and each preset pattern is appended as an override — so it beats a
 * user pattern of equal specificity, while a MORE specific user pattern still wins for
 * the keys it sets (CSS cascade). Environment blocks and containers' own event_tracing
 * still apply on top, as always. Returns a new object; the input is not modified.
 */
export function applyTraceLevel(baseConfig: StudioConfig, preset: TracePresetName | TraceLevelPreset): StudioConfig;
export function applyTraceLevel(baseConfig: TraceSettingsConfig, preset: TracePresetName | TraceLevelPreset): TraceSettingsConfig;
export function applyTraceLevel(
  baseConfig: StudioConfig | TraceSettingsConfig,
  preset: TracePresetName | TraceLevelPreset,
): StudioConfig | TraceSettingsConfig {
  const p: TraceLevelPreset = typeof preset === 'string' ? TRACE_LEVEL_PRESETS[preset] : preset;
  if (isStudioConfig(baseConfig)) return { ...baseConfig, traceSettings: presetLayers(baseConfig.traceSettings, p) };
  return presetLayers(baseConfig, p);
}
