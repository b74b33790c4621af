import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from './parse-studio-config';
import { explainTraceSettings, resolveTraceSettings } from './resolve-trace-settings';
import type { StudioConfig } from './studio-config';
import { traceLevelSettings } from '../trace-level';

function cfg(text: string): StudioConfig {
  const r = parseStudioConfig(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

describe('resolveTraceSettings: the cascade', () => {
  it('orders patterns by specificity, whatever order they are written in', () => {
    const specificLast = cfg(`trace_settings:
  container_settings:
    "*": {max_events: 1, retention_policy: minimal}
    "portfolio_*": {max_events: 2}
    "portfolio_aggressive_*": {max_events: 3}
`);
    const specificFirst = cfg(`trace_settings:
  container_settings:
    "portfolio_aggressive_*": {max_events: 3}
    "portfolio_*": {max_events: 2}
    "*": {max_events: 1, retention_policy: minimal}
`);
    for (const c of [specificLast, specificFirst]) {
      expect(resolveTraceSettings(c, 'portfolio_aggressive_1')).toMatchObject({ maxEvents: 3, retentionPolicy: 'minimal' });
      expect(resolveTraceSettings(c, 'portfolio_1').maxEvents).toBe(2);
      expect(resolveTraceSettings(c, 'strategy_1').maxEvents).toBe(1);
    }
  });

  it('fewer wildcards beat more literal characters', () => {
    const c = cfg(`trace_settings:
  overrides:
    - pattern: "portfolio_1"
      max_events: 5
    - pattern: "p*_*"
      max_events: 6
    - pattern: "portfolio_*1"
      max_events: 7
`);
    // 'portfolio_1' (0 wildcards) wins over 'portfolio_*1' (1) over 'p*_*' (2).
    const e = explainTraceSettings(c, 'portfolio_1');
    expect(e.settings.maxEvents).toBe(5);
    expect(e.keys.maxEvents.overridden.map((o) => o.label)).toEqual([
      'built-in defaults',
      'trace_settings.overrides[pattern: "p*_*"]',
      'trace_settings.overrides[pattern: "portfolio_*1"]',
    ]);
  });

  it('among equally specific overrides, the later entry wins', () => {
    const c = cfg(`trace_settings:
  overrides:
    - pattern: "*_1"
      max_events: 10
    - pattern: "s*_1"
      max_events: 99
    - pattern: "p*_1"
      max_events: 20
`);
    // '*_1' has 1 wildcard / 2 literals; 'p*_1' has 1 / 3 — more specific; 's*_1' does not match.
    expect(resolveTraceSettings(c, 'p_1').maxEvents).toBe(20);
    const tie = cfg(`trace_settings:
  overrides:
    - pattern: "a*"
      max_events: 1
    - pattern: "*b"
      max_events: 2
`);
    expect(resolveTraceSettings(tie, 'ab').maxEvents).toBe(2);
    const tieReversed = cfg(`trace_settings:
  overrides:
    - pattern: "*b"
      max_events: 2
    - pattern: "a*"
      max_events: 1
`);
    expect(resolveTraceSettings(tieReversed, 'ab').maxEvents).toBe(1);
    expect(explainTraceSettings(tieReversed, 'ab').layers.at(-1)!.why).toContain('the later written wins');
  });

  it('default < global < patterns', () => {
    const c = cfg(`trace_settings:
  max_events: 200
  store_trades: false
  default: {max_events: 100, enabled: false, store_equity_curve: false}
  container_settings:
    "x_*": {max_events: 300}
`);
    expect(resolveTraceSettings(c, 'x_1')).toMatchObject({ maxEvents: 300, enabled: false, storeTrades: false, storeEquityCurve: false });
    expect(resolveTraceSettings(c, 'y_1').maxEvents).toBe(200);
  });

  it('environment block on top of the base, container event_tracing on top of that', () => {
    const c = cfg(`containers:
  - id: portfolio_1
    type: portfolio
    event_tracing: {storage_backend: disk}
trace_settings:
  container_settings:
    "portfolio_*": {max_events: 10, storage_backend: hierarchical, retention_policy: minimal}
production:
  trace_settings:
    container_settings:
      "*": {max_events: 20, storage_backend: memory}
`);
    const e = explainTraceSettings(c, 'portfolio_1', { environment: 'production' });
    // The environment's '*' is less specific than 'portfolio_*' but still wins: environments apply on top.
    expect(e.settings).toMatchObject({ maxEvents: 20, storageBackend: 'disk', retentionPolicy: 'minimal' });
    expect(e.keys.maxEvents.label).toBe('production.trace_settings.container_settings["*"]');
    expect(e.keys.storageBackend.label).toBe('containers[0].event_tracing');
    expect(e.keys.storageBackend.reason).toContain('wins over trace_settings');
    expect(e.environment).toBe('production');
    expect(resolveTraceSettings(c, 'portfolio_1').maxEvents).toBe(10);
  });

  it('storage_config merges key by key', () => {
    const c = cfg(`trace_settings:
  storage_config: {compression: true}
  container_settings:
    "a*": {storage_config: {max_file_size_mb: 5}}
`);
    expect(resolveTraceSettings(c, 'a1').storageConfig).toEqual({ compression: true, maxFileSizeMb: 5 });
  });

  it('a trace level works wherever a block is, and keys written beside it win', () => {
    const c = cfg(`trace_settings:
  container_settings:
    "portfolio_*": metrics
    "strategy_*": {level: debug, max_events: 50}
    "data_*": none
  storage_backend: disk
`);
    const metrics = traceLevelSettings('metrics');
    expect(resolveTraceSettings(c, 'portfolio_1')).toMatchObject({ ...metrics, storageBackend: 'disk' });
    expect(resolveTraceSettings(c, 'strategy_1')).toMatchObject({ eventsToTrace: 'ALL', retentionPolicy: 'full', maxEvents: 50 });
    expect(resolveTraceSettings(c, 'data_1').enabled).toBe(false);
    const e = explainTraceSettings(c, 'portfolio_1');
    expect(e.keys.retentionPolicy.reason).toContain('from level metrics');
  });

  it('dynamic rules: several rules, and/or, level actions, unknown metrics warn', () => {
    const c = cfg(`trace_settings:
  container_settings:
    "portfolio_*":
      events_to_trace: [POSITION_CLOSE]
      dynamic_rules:
        - condition: "metrics.total_pnl > 0 and metrics.sharpe_ratio >= 1"
          action: {events_to_trace: ALL}
        - condition: "metrics.max_drawdown > 0.2 or metrics.win_rate < 0.3"
          action: debug
        - condition: "metrics.sharpe > 1"
          action: {storage_backend: disk}
`);
    const warnings: string[] = [];
    const good = explainTraceSettings(c, 'portfolio_1', { metrics: { total_pnl: 10, sharpe_ratio: 1.2, max_drawdown: 0.1, win_rate: 0.6 }, onWarning: (w) => warnings.push(w) });
    expect(good.settings.eventsToTrace).toBe('ALL');
    expect(good.settings.retentionPolicy).toBe('trade_complete');
    expect(good.settings.storageBackend).toBe('memory');
    expect(good.rules.map((r) => r.result)).toEqual([true, false, false]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('metrics.sharpe');
    expect(good.warnings).toEqual(warnings);
    const bad = resolveTraceSettings(c, 'portfolio_1', { metrics: { total_pnl: -10, sharpe_ratio: 0, max_drawdown: 0.5, win_rate: 0.2 } });
    expect(bad).toMatchObject({ eventsToTrace: 'ALL', retentionPolicy: 'full' });
    expect(explainTraceSettings(c, 'portfolio_1').rules.every((r) => r.result === 'not_evaluated')).toBe(true);
  });

  it('the unknown-metric warning is surfaced at parse time too', () => {
    const r = parseStudioConfig('trace_settings:\n  dynamic_rules:\n    - condition: "metrics.totl_pnl > 0"\n      action: debug\n');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.warnings?.[0]).toMatchObject({ line: 3, column: 19, path: 'trace_settings.dynamic_rules[0].condition' });
    if (r.ok) expect(r.warnings?.[0]!.message).toContain('did you mean "metrics.total_pnl"?');
  });

  it('asking for an environment the config lacks warns and applies only the base', () => {
    const c = cfg('production:\n  trace_settings: {max_events: 1}\n');
    const warnings: string[] = [];
    expect(resolveTraceSettings(c, 'x', { environment: 'staging', onWarning: (w) => warnings.push(w) }).maxEvents).toBe(10000);
    expect(warnings[0]).toContain('staging');
  });

  it('returns a fresh object each time (callers may mutate it)', () => {
    const c = cfg('name: x\n');
    const a = resolveTraceSettings(c, 'p');
    a.storageConfig.compression = true;
    expect(resolveTraceSettings(c, 'p').storageConfig.compression).toBe(false);
  });
});
