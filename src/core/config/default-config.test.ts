import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_YAML } from './default-config';
import { parseStudioConfig } from './parse-studio-config';
import { resolveTraceSettings } from './resolve-trace-settings';

describe('default studio config', () => {
  it('DEFAULT_CONFIG_YAML equals default-config.yaml byte for byte', () => {
    expect(DEFAULT_CONFIG_YAML).toBe(readFileSync(new URL('./default-config.yaml', import.meta.url), 'utf8'));
  });

  it('parses without errors or warnings and holds what the studio expects', () => {
    const r = parseStudioConfig(DEFAULT_CONFIG_YAML);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toBeUndefined();
    const c = r.config;
    expect(c.data).toEqual({ source: 'sp500', symbols: ['SPX'], timeframes: ['1d'] });
    expect(c.containers.map((x) => [x.id, x.type])).toEqual([
      ['strategy_momentum_1', 'strategy'],
      ['portfolio_1', 'portfolio'],
      ['execution_1', 'execution'],
    ]);
    expect(c.containers[0]).toMatchObject({ strategy: 'momentum', params: { lookback: 20, threshold: 0 } });
    expect(c.containers[1]).toMatchObject({ strategies: ['strategy_momentum_1'], sizing: { type: 'percent_equity', percent: 95 } });
    expect(resolveTraceSettings(c, 'portfolio_1').retentionPolicy).toBe('trade_complete');
    expect(resolveTraceSettings(c, 'strategy_momentum_1')).toMatchObject({ retentionPolicy: 'sliding_window', maxEvents: 500 });
    expect(c.optimization?.objective).toBe('sharpe_ratio');
    expect(c.optimization?.parameters.map((p) => p.path)).toEqual(['strategy_momentum_1.params.lookback', 'strategy_momentum_1.params.threshold']);
  });

  it('explains itself: every section has a comment', () => {
    for (const key of ['name:', 'initial_capital:', 'data:', 'execution:', 'containers:', 'trace_settings:', 'optimization:']) {
      const lines = DEFAULT_CONFIG_YAML.split('\n');
      const i = lines.findIndex((l) => l.startsWith(key));
      expect(i, key).toBeGreaterThan(0);
      expect(lines[i - 1]!.startsWith('#'), `comment above ${key}`).toBe(true);
    }
  });
});
