// The trace-settings cascade of CONTRACT §6, and its explanation for the studio.
// Layers, lowest first: built-in defaults < trace_settings.default < global keys <
// portfolio_settings (portfolio containers) < matching patterns from least to most
// specific (more '*' first, then fewer literal characters; a later entry wins a tie)
// < the selected environment's layers (same order) < the container's own event_tracing
// < dynamic_rules actions whose condition holds for the given metrics.
// Each layer sets only the keys it writes (a level name expands to the keys it decides).
import { evaluateCondition, parseCondition, type MetricsRecord } from './condition-expression';
import type { ContainerConfig, DynamicRule, PartialTraceSettings, PatternSettings, StudioConfig, TraceSettingsConfig } from './studio-config';
import { compareWildcardSpecificity, describeSpecificity, matchesWildcard } from './wildcard-pattern';
import { DEFAULT_TRACE_SETTINGS, type TraceSettings } from '../trace-settings';
import { traceLevelSettings } from '../trace-level';

export interface ResolveTraceOptions {
  /** Environment block to apply; default: the document's `environment`. */
  environment?: string;
  /** Metrics the dynamic_rules conditions are evaluated against; without them no rule applies. */
  metrics?: MetricsRecord;
  /** Called with each warning (unknown metric in a condition, unknown environment…). */
  onWarning?: (message: string) => void;
}

export type TraceLayerKind = 'builtin' | 'default' | 'global' | 'portfolio_settings' | 'pattern' | 'event_tracing' | 'dynamic_rule';

export interface TraceLayerInfo {
  kind: TraceLayerKind;
  /** Where it is written, e.g. `trace_settings.container_settings["portfolio_*"]`. */
  label: string;
  /** Environment block the layer belongs to, when it does. */
  environment?: string;
  pattern?: string;
  line?: number;
  /** Why this layer applies to the container and where it ranks. */
  why: string;
  /** The layer's settings as written. */
  settings: PartialTraceSettings;
}

export const TRACE_SETTINGS_KEYS = [
  'enabled',
  'eventsToTrace',
  'retentionPolicy',
  'maxEvents',
  'storageBackend',
  'storageConfig',
  'storeTrades',
  'storeEquityCurve',
  'storagePath',
] as const satisfies readonly (keyof TraceSettings)[];
export type TraceSettingsKey = (typeof TRACE_SETTINGS_KEYS)[number];

export interface KeyOrigin {
  /** Index into `layers` of the layer whose value won. */
  layer: number;
  label: string;
  line?: number;
  value: unknown;
  /** Earlier layers that also set this key, lowest first (what the winner overrode). */
  overridden: readonly { layer: number; label: string; line?: number; value: unknown }[];
  /** One sentence: which layer won and why. */
  reason: string;
}

export interface RuleOutcome {
  condition: string;
  line?: number;
  /** 'not_evaluated' when no metrics were given. */
  result: boolean | 'not_evaluated' | 'invalid';
  unknownNames: readonly string[];
}

export interface TraceSettingsExplanation {
  containerId: string;
  environment?: string;
  settings: TraceSettings;
  /** Every layer that applied, in cascade order (lowest first). */
  layers: readonly TraceLayerInfo[];
  keys: Readonly<Record<TraceSettingsKey, KeyOrigin>>;
  rules: readonly RuleOutcome[];
  warnings: readonly string[];
}

/** A layer's settings with its level expanded underneath the keys written beside it. */
function expand(s: PartialTraceSettings): PartialTraceSettings {
  if (s.level === undefined) return s;
  const { level, ...rest } = s;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as PartialTraceSettings;
  return { ...traceLevelSettings(level), ...defined };
}

function lineSuffix(line: number | undefined): string {
  return line === undefined ? '' : ` (line ${line})`;
}

function patternLabel(prefix: string, p: PatternSettings): string {
  return p.origin === 'overrides' ? `${prefix}overrides[pattern: "${p.pattern}"]` : `${prefix}container_settings["${p.pattern}"]`;
}

/** Layers of one trace_settings section that apply to `id`, lowest first. */
function sectionLayers(ts: TraceSettingsConfig, id: string, env: string | undefined, portfolio: PartialTraceSettings | undefined, portfolioLine: number | undefined): TraceLayerInfo[] {
  const prefix = env === undefined ? 'trace_settings.' : `${env}.trace_settings.`;
  const envNote = env === undefined ? '' : ` [environment ${env}]`;
  const out: TraceLayerInfo[] = [];
  if (ts.default) {
    out.push({ kind: 'default', label: `${prefix}default`, line: ts.defaultLine, why: `default${envNote}: applies to every container, under the global keys and patterns`, settings: ts.default, ...(env ? { environment: env } : {}) });
  }
  if (Object.keys(ts.global).length > 0) {
    out.push({ kind: 'global', label: prefix.slice(0, -1), line: ts.globalLine, why: `global keys${envNote}: apply to every container, under patterns`, settings: ts.global, ...(env ? { environment: env } : {}) });
  }
  if (portfolio) {
    out.push({ kind: 'portfolio_settings', label: 'portfolio_settings', line: portfolioLine, why: `portfolio_settings: "${id}" is a portfolio container`, settings: portfolio });
  }
  const matching = ts.patterns.filter((p) => matchesWildcard(p.pattern, id));
  const sorted = [...matching].sort((a, b) => compareWildcardSpecificity(a.pattern, b.pattern) || a.order - b.order);
  sorted.forEach((p, i) => {
    const tie = sorted.some((q) => q !== p && compareWildcardSpecificity(q.pattern, p.pattern) === 0);
    out.push({
      kind: 'pattern',
      label: patternLabel(prefix, p),
      pattern: p.pattern,
      line: p.line,
      why:
        `"${p.pattern}" matches "${id}"${envNote} (${describeSpecificity(p.pattern)}); ` +
        `rank ${i + 1} of ${sorted.length} matching patterns, more specific ones apply later and win` +
        (tie ? '; ties with another pattern of equal specificity: the later written wins' : ''),
      settings: p.settings,
      ...(env ? { environment: env } : {}),
    });
  });
  return out;
}

function portfolioLayer(config: StudioConfig, container: ContainerConfig | undefined, id: string): PartialTraceSettings | undefined {
  const ps = config.portfolioSettings;
  if (!ps) return undefined;
  const isPortfolio = container ? container.type === 'portfolio' : matchesWildcard('portfolio_*', id);
  if (!isPortfolio) return undefined;
  const s: PartialTraceSettings = {};
  if (ps.eventsToTrace !== undefined) s.eventsToTrace = ps.eventsToTrace;
  if (ps.retentionPolicy !== undefined) s.retentionPolicy = ps.retentionPolicy;
  // sliding_window_size is the window only under sliding_window; trade_complete keeps no history anyway.
  if (ps.slidingWindowSize !== undefined && ps.retentionPolicy === 'sliding_window') s.maxEvents = ps.slidingWindowSize;
  return s;
}

interface Cascade {
  settings: TraceSettings;
  origins: Map<TraceSettingsKey, { layer: number; value: unknown }[]>;
  rules: readonly DynamicRule[] | undefined;
  rulesLayer: number;
}

function applyLayer(c: Cascade, layerIndex: number, raw: PartialTraceSettings): void {
  const s = expand(raw);
  const set = (key: TraceSettingsKey, value: unknown): void => {
    const list = c.origins.get(key) ?? [];
    list.push({ layer: layerIndex, value });
    c.origins.set(key, list);
  };
  const t = c.settings;
  if (s.enabled !== undefined) set('enabled', (t.enabled = s.enabled));
  if (s.eventsToTrace !== undefined) set('eventsToTrace', (t.eventsToTrace = s.eventsToTrace));
  if (s.retentionPolicy !== undefined) set('retentionPolicy', (t.retentionPolicy = s.retentionPolicy));
  if (s.maxEvents !== undefined) set('maxEvents', (t.maxEvents = s.maxEvents));
  if (s.storageBackend !== undefined) set('storageBackend', (t.storageBackend = s.storageBackend));
  if (s.storageConfig !== undefined) {
    t.storageConfig = { ...t.storageConfig, ...Object.fromEntries(Object.entries(s.storageConfig).filter(([, v]) => v !== undefined)) };
    set('storageConfig', { ...s.storageConfig });
  }
  if (s.storeTrades !== undefined) set('storeTrades', (t.storeTrades = s.storeTrades));
  if (s.storeEquityCurve !== undefined) set('storeEquityCurve', (t.storeEquityCurve = s.storeEquityCurve));
  if (s.storagePath !== undefined) set('storagePath', (t.storagePath = s.storagePath));
  if (raw.dynamicRules !== undefined) {
    c.rules = raw.dynamicRules;
    c.rulesLayer = layerIndex;
  }
}

/** Resolve and explain: one walk produces both, so the explanation can never disagree with the result. */
export function explainTraceSettings(config: StudioConfig, containerId: string, options: ResolveTraceOptions = {}): TraceSettingsExplanation {
  const warnings: string[] = [];
  const warn = (m: string): void => {
    warnings.push(m);
    options.onWarning?.(m);
  };
  const containerIndex = config.containers.findIndex((c) => c.id === containerId);
  const container = containerIndex >= 0 ? config.containers[containerIndex] : undefined;
  const envName = options.environment ?? config.environment;
  const envBlock = envName !== undefined ? config.environments[envName] : undefined;
  if (envName !== undefined && envBlock === undefined && Object.keys(config.environments).length > 0) {
    warn(`environment "${envName}" has no block in this config (defined: ${Object.keys(config.environments).join(', ')}); only the base trace_settings apply`);
  }

  const layers: TraceLayerInfo[] = [
    { kind: 'builtin', label: 'built-in defaults', why: 'DEFAULT_TRACE_SETTINGS: the base every other layer refines', settings: { ...DEFAULT_TRACE_SETTINGS } },
    ...sectionLayers(config.traceSettings, containerId, undefined, portfolioLayer(config, container, containerId), config.portfolioSettings?.line),
  ];
  if (envBlock && envName !== undefined) layers.push(...sectionLayers(envBlock.traceSettings, containerId, envName, undefined, undefined));
  if (container?.eventTracing) {
    layers.push({
      kind: 'event_tracing',
      label: `containers[${containerIndex}].event_tracing`,
      line: container.eventTracingLine ?? container.line,
      why: `"${containerId}"'s own event_tracing block: wins over trace_settings`,
      settings: container.eventTracing,
    });
  }

  const cascade: Cascade = {
    settings: { ...DEFAULT_TRACE_SETTINGS, storageConfig: { ...DEFAULT_TRACE_SETTINGS.storageConfig } },
    origins: new Map(),
    rules: undefined,
    rulesLayer: -1,
  };
  layers.forEach((l, i) => applyLayer(cascade, i, l.settings));

  const rules: RuleOutcome[] = [];
  for (const rule of cascade.rules ?? []) {
    const parsed = parseCondition(rule.condition);
    if (!parsed.ok) {
      warn(`dynamic rule "${rule.condition}"${lineSuffix(rule.line)} is not a valid condition (${parsed.error.message}); skipped`);
      rules.push({ condition: rule.condition, ...(rule.line !== undefined ? { line: rule.line } : {}), result: 'invalid', unknownNames: [] });
      continue;
    }
    if (options.metrics === undefined) {
      rules.push({ condition: rule.condition, ...(rule.line !== undefined ? { line: rule.line } : {}), result: 'not_evaluated', unknownNames: [] });
      continue;
    }
    const ev = evaluateCondition(parsed.node, options.metrics);
    if (ev.unknownNames.length > 0) {
      warn(`dynamic rule "${rule.condition}"${lineSuffix(rule.line)}: unknown metric${ev.unknownNames.length > 1 ? 's' : ''} ${ev.unknownNames.join(', ')} — the condition counts as false`);
    }
    rules.push({ condition: rule.condition, ...(rule.line !== undefined ? { line: rule.line } : {}), result: ev.value, unknownNames: ev.unknownNames });
    if (ev.value) {
      const from = layers[cascade.rulesLayer];
      layers.push({
        kind: 'dynamic_rule',
        label: `${from?.label ?? 'trace_settings'}.dynamic_rules: ${rule.condition}`,
        line: rule.line,
        why: `the condition "${rule.condition}" holds for the given metrics: its action applies on top of everything`,
        settings: rule.action,
      });
      applyLayer(cascade, layers.length - 1, rule.action);
    }
  }

  const keys = {} as Record<TraceSettingsKey, KeyOrigin>;
  for (const key of TRACE_SETTINGS_KEYS) {
    const list = cascade.origins.get(key) ?? [];
    const winner = list[list.length - 1];
    const value = cascade.settings[key];
    if (!winner) {
      keys[key] = { layer: 0, label: layers[0]!.label, value, overridden: [], reason: `${key} is not set by any layer: built-in default ${JSON.stringify(value) ?? 'unset'}` };
      continue;
    }
    const wl = layers[winner.layer]!;
    const overridden = list.slice(0, -1).map((o) => ({ layer: o.layer, label: layers[o.layer]!.label, ...(layers[o.layer]!.line !== undefined ? { line: layers[o.layer]!.line } : {}), value: o.value }));
    const over = overridden.length > 0 ? `; it overrides ${overridden.map((o) => `${o.label}${lineSuffix(o.line)}`).join(', ')}` : '';
    const viaLevel = wl.settings.level !== undefined && (wl.settings as Record<string, unknown>)[key] === undefined ? ` (from level ${wl.settings.level})` : '';
    keys[key] = {
      layer: winner.layer,
      label: wl.label,
      ...(wl.line !== undefined ? { line: wl.line } : {}),
      value,
      overridden,
      reason: `${key} = ${JSON.stringify(value)} set by ${wl.label}${lineSuffix(wl.line)}${viaLevel} — ${wl.why}${over}`,
    };
  }
  // A container switched off keeps its other keys (the UI shows them greyed), but a
  // tracer is built only when enabled is true.
  return {
    containerId,
    ...(envBlock && envName !== undefined ? { environment: envName } : {}),
    settings: cascade.settings,
    layers,
    keys,
    rules,
    warnings,
  };
}

/** The effective tracing settings of one container (CONTRACT §6). */
export function resolveTraceSettings(config: StudioConfig, containerId: string, options: ResolveTraceOptions = {}): TraceSettings {
  return explainTraceSettings(config, containerId, options).settings;
}
