import { describe, expect, it } from 'vitest';
import { BUILTIN_STRATEGIES, findStrategyDefinition, getStrategyDefinition } from './strategy-registry';

describe('strategy registry', () => {
  it('holds the six built-ins under their kinds', () => {
    expect([...BUILTIN_STRATEGIES.keys()]).toEqual(['momentum', 'ma_crossover', 'mean_reversion', 'breakout', 'pairs', 'volatility_regime']);
    for (const [kind, def] of BUILTIN_STRATEGIES) expect(def.kind).toBe(kind);
    expect(findStrategyDefinition('nope')).toBeUndefined();
  });

  it('names the known kinds and the closest one for an unknown kind', () => {
    expect(() => getStrategyDefinition('ma_cross')).toThrow(
      "Unknown strategy 'ma_cross' — did you mean 'ma_crossover'? Built-in strategies: momentum, ma_crossover, mean_reversion, breakout, pairs, volatility_regime.",
    );
    expect(() => getStrategyDefinition('momentun')).toThrow(/did you mean 'momentum'/);
    expect(() => getStrategyDefinition('zzzzzzzzzz')).toThrow(/^Unknown strategy 'zzzzzzzzzz' Built-in strategies/);
  });

  it('documents every param: defaults parse, lie within their ranges and options, and have descriptions', () => {
    for (const def of BUILTIN_STRATEGIES.values()) {
      expect(def.description.length).toBeGreaterThan(20);
      const parsed = def.parseParams({}) as Record<string, unknown>;
      for (const p of def.params) {
        expect(p.description.length, `${def.kind}.${p.name}`).toBeGreaterThan(10);
        expect(parsed[p.name]).toEqual(p.default);
        if (typeof p.default === 'number') {
          if (p.min !== undefined) expect(p.default).toBeGreaterThanOrEqual(p.min);
          if (p.max !== undefined) expect(p.default).toBeLessThanOrEqual(p.max);
        }
        if (p.options) expect(p.options).toContain(p.default);
        // Each param accepts its own default written explicitly.
        expect(() => def.parseParams({ [p.name]: p.default })).not.toThrow();
      }
    }
  });
});
