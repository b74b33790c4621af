// Every seed YAML example parses and resolves to what events-module.md says it means.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseEventTracingBlock } from './parse-event-tracing-block';
import { parseStudioConfig } from './parse-studio-config';
import { explainTraceSettings, resolveTraceSettings } from './resolve-trace-settings';
import type { StudioConfig } from './studio-config';
import { DEFAULT_TRACE_SETTINGS } from '../trace-settings';

const dir = new URL('./fixtures/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

function config(name: string): StudioConfig {
  const r = parseStudioConfig(fixture(name));
  if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
  return r.config;
}

// The design folder sits beside the repository (a clone's ../shared), not inside it.
const SEED_DIR = fileURLToPath(new URL('../../../../shared/seed/yaml-examples', import.meta.url));

describe('seed fixtures', () => {
  it('are byte-identical copies of ../shared/seed/yaml-examples (beside the repo) when that folder exists', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files).toHaveLength(13);
    let seed: string[];
    try {
      seed = readdirSync(SEED_DIR);
    } catch {
      return; // The seed folder is not part of the repo; the copies are what we test.
    }
    expect(files.sort()).toEqual(seed.sort());
    for (const f of files) expect(fixture(f)).toBe(readFileSync(join(SEED_DIR, f), 'utf8'));
  });

  it("00: minimal mode block — the seed's minimal mode beside trade_complete means trade_complete, three event types", () => {
    const r = parseEventTracingBlock(fixture('00-container-minimal-tracing.yaml'));
    expect(r).toEqual({ ok: true, settings: { eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE', 'FILL'], retentionPolicy: 'trade_complete' } });
  });

  it('01: full mode streams ALL events to disk', () => {
    const r = parseEventTracingBlock(fixture('01-container-full-disk.yaml'));
    expect(r).toEqual({ ok: true, settings: { eventsToTrace: 'ALL', retentionPolicy: 'full', storageBackend: 'disk' } });
  });

  it('02: sliding window of 1000 BAR/FEATURES events', () => {
    const r = parseEventTracingBlock(fixture('02-container-sliding-window.yaml'));
    expect(r).toEqual({ ok: true, settings: { eventsToTrace: ['BAR', 'FEATURES'], retentionPolicy: 'sliding_window', maxEvents: 1000 } });
  });

  it('00–02 as a container block inside a whole document resolve the same way', () => {
    const block = fixture('02-container-sliding-window.yaml').replace(/^/gm, '    ').trimStart();
    const doc = `containers:\n  - id: features_1\n    type: analysis\n    ${block}`;
    const r = parseStudioConfig(doc);
    expect(r.ok).toBe(true);
    if (r.ok) {
      const s = resolveTraceSettings(r.config, 'features_1');
      expect(s.retentionPolicy).toBe('sliding_window');
      expect(s.maxEvents).toBe(1000);
      expect(s.eventsToTrace).toEqual(['BAR', 'FEATURES']);
    }
  });

  it('03: containers list — portfolio_1 trade_complete with storage_path, signal_analyzer full on compressed disk', () => {
    const c = config('03-containers-list.yaml');
    const p = resolveTraceSettings(c, 'portfolio_1');
    expect(p).toMatchObject({ enabled: true, retentionPolicy: 'trade_complete', eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE', 'FILL'], storagePath: './results/portfolio_1/' });
    const a = resolveTraceSettings(c, 'signal_analyzer');
    expect(a).toMatchObject({ enabled: true, retentionPolicy: 'full', eventsToTrace: 'ALL', storageBackend: 'disk', storageConfig: { compression: true, maxFileSizeMb: 100 } });
    expect(c.containers.map((x) => [x.id, x.type])).toEqual([
      ['portfolio_1', 'portfolio'],
      ['signal_analyzer', 'analysis'],
    ]);
  });

  it('04: only portfolios trace; everything else is disabled', () => {
    const c = config('04-portfolio-only-tracing.yaml');
    expect(resolveTraceSettings(c, 'portfolio_1')).toMatchObject({ enabled: true, eventsToTrace: 'ALL' });
    expect(resolveTraceSettings(c, 'strategy_momentum_1').enabled).toBe(false);
    expect(resolveTraceSettings(c, 'data_1').enabled).toBe(false);
  });

  it('05: all containers trace the four filtered events with trade_complete', () => {
    const c = config('05-all-trace-filtered-events.yaml');
    for (const id of ['portfolio_1', 'strategy_x', 'data_1']) {
      expect(resolveTraceSettings(c, id)).toMatchObject({
        enabled: true,
        eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE', 'FILL', 'PORTFOLIO_UPDATE'],
        retentionPolicy: 'trade_complete',
      });
    }
  });

  it('06: per-type mixed settings', () => {
    const c = config('06-per-type-mixed.yaml');
    expect(resolveTraceSettings(c, 'portfolio_7')).toMatchObject({ enabled: true, retentionPolicy: 'trade_complete', maxEvents: 1000, eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE', 'FILL'] });
    expect(resolveTraceSettings(c, 'strategy_momentum_1')).toMatchObject({ enabled: true, retentionPolicy: 'sliding_window', maxEvents: 100, eventsToTrace: ['SIGNAL'] });
    expect(resolveTraceSettings(c, 'data_spx').enabled).toBe(false);
    // A container no pattern names keeps the built-in defaults.
    expect(resolveTraceSettings(c, 'execution_1')).toEqual({ ...DEFAULT_TRACE_SETTINGS, storageConfig: { ...DEFAULT_TRACE_SETTINGS.storageConfig } });
  });

  it('07: ultra-minimal portfolio_settings apply to portfolio containers only', () => {
    const c = config('07-ultra-minimal-portfolio.yaml');
    expect(c.portfolioSettings).toMatchObject({ eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE'], retentionPolicy: 'trade_complete', slidingWindowSize: 0 });
    expect(resolveTraceSettings(c, 'portfolio_1')).toMatchObject({ eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE'], retentionPolicy: 'trade_complete' });
    expect(resolveTraceSettings(c, 'strategy_1').eventsToTrace).toBe('ALL');
    // Declared as a portfolio by type, whatever its id.
    const typed = parseStudioConfig(`${fixture('07-ultra-minimal-portfolio.yaml')}\ncontainers:\n  - id: book_a\n    type: portfolio\n`);
    expect(typed.ok && resolveTraceSettings(typed.config, 'book_a').retentionPolicy).toBe('trade_complete');
  });

  it('08: multi-phase optimization ids pick their phase settings', () => {
    const c = config('08-multi-phase-optimization.yaml');
    expect(resolveTraceSettings(c, 'portfolio_phase1_17')).toMatchObject({ enabled: true, eventsToTrace: ['FILL', 'POSITION_CLOSE'], retentionPolicy: 'trade_complete', maxEvents: 100 });
    expect(resolveTraceSettings(c, 'portfolio_phase2_3')).toMatchObject({ eventsToTrace: 'ALL', retentionPolicy: 'sliding_window', maxEvents: 10000 });
    expect(resolveTraceSettings(c, 'portfolio_final_1')).toMatchObject({ eventsToTrace: 'ALL', storageBackend: 'disk' });
  });

  it('09: strategy-specific wildcards with two stars', () => {
    const c = config('09-strategy-specific-wildcards.yaml');
    expect(resolveTraceSettings(c, 'backtest_x_momentum_1').eventsToTrace).toEqual(['BAR', 'SIGNAL', 'FILL']);
    expect(resolveTraceSettings(c, 'backtest_2024_hmm_3').eventsToTrace).toEqual(['REGIME_CHANGE', 'SIGNAL', 'POSITION_CLOSE']);
    expect(resolveTraceSettings(c, 'backtest_a_ml_9')).toMatchObject({ eventsToTrace: 'ALL', storageBackend: 'disk' });
    expect(resolveTraceSettings(c, 'backtest_a_other_9').eventsToTrace).toBe('ALL');
    expect(resolveTraceSettings(c, 'backtest_a_other_9').storageBackend).toBe('memory');
  });

  it('10: development vs production', () => {
    const c = config('10-environments-dev-prod.yaml');
    expect(Object.keys(c.environments)).toEqual(['development', 'production']);
    const dev = resolveTraceSettings(c, 'portfolio_1', { environment: 'development' });
    expect(dev).toMatchObject({ enabled: true, eventsToTrace: 'ALL', retentionPolicy: 'full', maxEvents: 100000, storageBackend: 'memory' });
    const prodP = resolveTraceSettings(c, 'portfolio_1', { environment: 'production' });
    expect(prodP).toMatchObject({ enabled: true, eventsToTrace: ['FILL', 'RISK_BREACH', 'ERROR'], retentionPolicy: 'sliding_window', maxEvents: 1000 });
    const prodE = resolveTraceSettings(c, 'execution_1', { environment: 'production' });
    expect(prodE).toMatchObject({ enabled: true, eventsToTrace: ['ORDER', 'FILL', 'ERROR'], maxEvents: 5000 });
    expect(resolveTraceSettings(c, 'strategy_1', { environment: 'production' }).enabled).toBe(false);
    // Selected by the document too.
    const selected = parseStudioConfig(`environment: production\n${fixture('10-environments-dev-prod.yaml')}`);
    expect(selected.ok && resolveTraceSettings(selected.config, 'strategy_1').enabled).toBe(false);
    // No environment: neither block applies.
    expect(resolveTraceSettings(c, 'strategy_1')).toMatchObject({ enabled: true, maxEvents: DEFAULT_TRACE_SETTINGS.maxEvents });
  });

  it('11: dynamic rule turns on full disk tracing only for profitable portfolios', () => {
    const c = config('11-dynamic-rules.yaml');
    const base = resolveTraceSettings(c, 'portfolio_1');
    expect(base).toMatchObject({ enabled: true, eventsToTrace: ['POSITION_CLOSE'], storageBackend: 'memory' });
    const winning = resolveTraceSettings(c, 'portfolio_1', { metrics: { total_pnl: 1250 } });
    expect(winning).toMatchObject({ eventsToTrace: 'ALL', storageBackend: 'disk' });
    const losing = resolveTraceSettings(c, 'portfolio_1', { metrics: { totalPnl: -3 } });
    expect(losing).toMatchObject({ eventsToTrace: ['POSITION_CLOSE'], storageBackend: 'memory' });
    const e = explainTraceSettings(c, 'portfolio_1', { metrics: { total_pnl: 1 } });
    expect(e.rules).toEqual([{ condition: 'metrics.total_pnl > 0', line: 9, result: true, unknownNames: [] }]);
    expect(e.keys.storageBackend.line).toBe(9);
  });

  it('12: portfolio_aggressive_1 gets ALL + full retention and inherits enabled=true from portfolio_*; data_1 disabled', () => {
    const c = config('12-default-and-overrides.yaml');
    const aggressive = explainTraceSettings(c, 'portfolio_aggressive_1');
    expect(aggressive.settings).toMatchObject({ enabled: true, eventsToTrace: 'ALL', retentionPolicy: 'full' });
    expect(aggressive.keys.enabled).toMatchObject({ label: 'trace_settings.overrides[pattern: "portfolio_*"]', line: 9 });
    expect(aggressive.keys.eventsToTrace).toMatchObject({ label: 'trace_settings.overrides[pattern: "portfolio_aggressive_*"]', line: 14 });
    expect(aggressive.keys.enabled.overridden.map((o) => o.label)).toEqual(['built-in defaults', 'trace_settings.default']);
    expect(resolveTraceSettings(c, 'portfolio_1')).toMatchObject({ enabled: true, eventsToTrace: ['POSITION_OPEN', 'POSITION_CLOSE'], retentionPolicy: 'trade_complete' });
    expect(resolveTraceSettings(c, 'data_1').enabled).toBe(false);
    expect(resolveTraceSettings(c, 'strategy_1').enabled).toBe(false);
  });
});
