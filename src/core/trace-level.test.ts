import { describe, expect, it } from 'vitest';
import { applyTraceLevel, getTraceConfig, TRACE_LEVELS, TraceLevel, traceLevelSettings } from './trace-level';
import { parseStudioConfig } from './config/parse-studio-config';
import { resolveTraceSettings } from './config/resolve-trace-settings';
import type { StudioConfig } from './config/studio-config';
import { DEFAULT_TRACE_SETTINGS } from './trace-settings';

function cfg(text: string): StudioConfig {
  const r = parseStudioConfig(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.config;
}

describe('TraceLevel', () => {
  it('names the seed levels plus trades', () => {
    expect(TraceLevel).toEqual({ NONE: 'none', MINIMAL: 'minimal', METRICS: 'metrics', NORMAL: 'normal', DEBUG: 'debug', TRADES: 'trades' });
    expect(TRACE_LEVELS).toHaveLength(6);
  });

  it('getTraceConfig returns complete settings whose meaning follows each level', () => {
    expect(getTraceConfig(TraceLevel.NONE)).toMatchObject({ enabled: false, eventsToTrace: [], retentionPolicy: 'none', maxEvents: 0 });
    expect(getTraceConfig(TraceLevel.MINIMAL)).toMatchObject({ enabled: true, retentionPolicy: 'minimal', eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE'] });
    expect(getTraceConfig(TraceLevel.METRICS)).toMatchObject({ retentionPolicy: 'trade_complete', storeEquityCurve: true });
    const normal = getTraceConfig(TraceLevel.NORMAL);
    expect(normal.retentionPolicy).toBe('sliding_window');
    expect(normal.eventsToTrace).not.toContain('BAR');
    expect(normal.eventsToTrace).toContain('SIGNAL');
    expect(getTraceConfig(TraceLevel.DEBUG)).toMatchObject({ eventsToTrace: 'ALL', retentionPolicy: 'full' });
    expect(getTraceConfig(TraceLevel.TRADES).eventsToTrace).toEqual(['SIGNAL', 'ORDER_REQUEST', 'ORDER', 'FILL', 'POSITION_OPEN', 'POSITION_CLOSE']);
    // Storage is not a level's business.
    for (const l of TRACE_LEVELS) {
      expect(getTraceConfig(l).storageBackend).toBe(DEFAULT_TRACE_SETTINGS.storageBackend);
      expect(traceLevelSettings(l).storageBackend).toBeUndefined();
    }
  });

  it('levels trace more as they go up (none ⊂ minimal ⊂ metrics ⊂ normal ⊂ debug)', () => {
    const count = (l: TraceLevel): number => {
      const e = getTraceConfig(l).eventsToTrace;
      return e === 'ALL' ? Infinity : e.length;
    };
    const order: TraceLevel[] = ['none', 'minimal', 'metrics', 'normal', 'debug'];
    for (let i = 1; i < order.length; i++) expect(count(order[i]!)).toBeGreaterThan(count(order[i - 1]!));
  });

  it('returns copies (mutating one does not change the level)', () => {
    const a = traceLevelSettings('minimal');
    (a.eventsToTrace as string[]).push('BAR');
    expect(traceLevelSettings('minimal').eventsToTrace).toEqual(['POSITION_OPEN', 'POSITION_CLOSE']);
  });
});

describe('applyTraceLevel', () => {
  const base = `containers:
  - id: strategy_momentum_1
    type: strategy
    strategy: momentum
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_momentum_1]
trace_settings:
  storage_backend: hierarchical
  events_to_trace: [FILL]
  container_settings:
    "portfolio_*": {retention_policy: full}
    "portfolio_best_*": {max_events: 7}
`;

  it('optimization preset: default minimal, portfolio_* metrics, strategy_*/data_* none, best_* trades', () => {
    const c = applyTraceLevel(cfg(base), 'optimization');
    expect(resolveTraceSettings(c, 'portfolio_1')).toMatchObject({ ...traceLevelSettings('metrics'), storageBackend: 'hierarchical' });
    expect(resolveTraceSettings(c, 'strategy_momentum_1').enabled).toBe(false);
    expect(resolveTraceSettings(c, 'data_1').enabled).toBe(false);
    expect(resolveTraceSettings(c, 'execution_1')).toMatchObject(traceLevelSettings('minimal'));
    expect(resolveTraceSettings(c, 'best_3')).toMatchObject(traceLevelSettings('trades'));
    // A MORE specific user pattern still wins for the keys it sets.
    expect(resolveTraceSettings(c, 'portfolio_best_1')).toMatchObject({ ...traceLevelSettings('metrics'), maxEvents: 7 });
  });

  it('development preset: normal by default, strategies debug, data minimal', () => {
    const c = applyTraceLevel(cfg('name: x\n'), 'development');
    expect(resolveTraceSettings(c, 'portfolio_1')).toMatchObject(traceLevelSettings('normal'));
    expect(resolveTraceSettings(c, 'strategy_1')).toMatchObject(traceLevelSettings('debug'));
    expect(resolveTraceSettings(c, 'data_1')).toMatchObject(traceLevelSettings('minimal'));
    expect(resolveTraceSettings(c, 'analysis_1')).toMatchObject(traceLevelSettings('normal'));
  });

  it('works on a TraceSettingsConfig alone and does not modify its input', () => {
    const config = cfg(base);
    const before = JSON.stringify(config);
    const ts = applyTraceLevel(config.traceSettings, { default: 'none', overrides: { 'portfolio_*': 'debug' } });
    expect(ts.global.level).toBe('none');
    expect(ts.global.eventsToTrace).toBeUndefined();
    expect(ts.global.storageBackend).toBe('hierarchical');
    expect(ts.patterns.at(-1)).toMatchObject({ pattern: 'portfolio_*', settings: { level: 'debug' } });
    expect(JSON.stringify(config)).toBe(before);
  });
});
