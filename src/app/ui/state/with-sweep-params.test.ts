import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_YAML } from '../../../core/config/default-config';
import { parseStudioConfig } from '../../../core/config/parse-studio-config';
import { withSweepParams } from './with-sweep-params';

describe('withSweepParams', () => {
  it('sets a sweep point’s parameters in place and leaves every other byte of the study alone', () => {
    const out = withSweepParams(DEFAULT_CONFIG_YAML, { 'strategy_momentum_1.params.lookback': 60, 'strategy_momentum_1.params.threshold': 0.01 });
    expect(out).toBe(DEFAULT_CONFIG_YAML.replace('      lookback: 20       # bars', '      lookback: 60       # bars').replace('      threshold: 0.0     # minimum', '      threshold: 0.01     # minimum'));
    const parsed = parseStudioConfig(out);
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const strategy = parsed.config.containers.find((c) => c.id === 'strategy_momentum_1');
    expect(strategy?.type === 'strategy' && strategy.params).toEqual({ lookback: 60, threshold: 0.01 });
    // The sweep itself is kept: the user can sweep again around the new values.
    expect(out).toContain('strategy_momentum_1.params.lookback: [10, 20, 40, 60, 120]');
  });
  it('writes top-level paths and adds a key the container did not spell out', () => {
    const yaml = 'name: t # keep\nexecution:\n  slippage_bps: 1\ncontainers:\n  - id: s1\n    type: strategy\n    strategy: ma_crossover\n    params:\n      fast: 10\n';
    expect(withSweepParams(yaml, { 'execution.slippage_bps': 5, 's1.params.slow': 40, 's1.params.fast': 5 })).toBe(
      'name: t # keep\nexecution:\n  slippage_bps: 5\ncontainers:\n  - id: s1\n    type: strategy\n    strategy: ma_crossover\n    params:\n      fast: 5\n      slow: 40\n',
    );
  });
  it('refuses a config whose YAML does not parse', () => {
    expect(() => withSweepParams('a: [', { 'x.y': 1 })).toThrow(/Fix the config's YAML first/);
  });
});
