import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_YAML } from '../../../core/config/default-config';
import { parseStudioConfig } from '../../../core/config/parse-studio-config';
import { compileUserStrategy } from '../../../engine/user-strategy/compile-user-strategy';
import { USER_STRATEGY_TEMPLATES } from '../../../engine/user-strategy/user-strategy-templates';
import { sweepParamsInConfig, useStrategyInConfig } from './use-in-config';

const template = USER_STRATEGY_TEMPLATES.find((t) => t.builtin === 'ma_crossover')!;
const compiled = compileUserStrategy(template.source, 'my_ma');
if (!compiled.ok) throw new Error(compiled.errors[0]!.message);

describe('useStrategyInConfig', () => {
  it('points the strategy container at user:<name> with the declared defaults, keeping comments', () => {
    const { text, containerId } = useStrategyInConfig(DEFAULT_CONFIG_YAML, 'my_ma', compiled.params);
    expect(containerId).toBe('strategy_momentum_1');
    expect(text).toContain('# Starting cash of the account.');
    const parsed = parseStudioConfig(text);
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const c = parsed.config.containers.find((x) => x.id === containerId)!;
    expect(c.type === 'strategy' && c.strategy).toBe('user:my_ma');
    expect(c.type === 'strategy' && c.params).toEqual({ fast: 10, slow: 30, allow_short: false });
  });

  it('adds a strategy container the first portfolio listens to when there is none', () => {
    const yaml = 'name: t\ndata:\n  source: sp500\ncontainers:\n  - id: p1\n    type: portfolio\n    strategies: []\n  - id: x\n    type: execution\n';
    const { text, containerId } = useStrategyInConfig(yaml, 'my_ma', compiled.params);
    expect(containerId).toBe('strategy_my_ma');
    expect(text).toContain('strategy: user:my_ma');
    expect(text).toMatch(/strategies:\s*\n?\s*- strategy_my_ma|strategies: \[ strategy_my_ma \]/);
  });
});

describe('useStrategyInConfig edits only the keys it changes', () => {
  it('keeps every other line of the default study byte for byte, the optimization block included', () => {
    const { text } = useStrategyInConfig(DEFAULT_CONFIG_YAML, 'my_ma', compiled.params);
    // Exactly four edits: the strategy line, its params' lines, the sweep's stale paths (now the new params).
    expect(text).toBe(
      DEFAULT_CONFIG_YAML.replace('    strategy: momentum\n', '    strategy: user:my_ma\n')
        .replace(/ {6}lookback: 20 [^\n]*\n {6}threshold: 0\.0 [^\n]*\n/, '      fast: 10\n      slow: 30\n      allow_short: false\n')
        .replace(/ {4}strategy_momentum_1\.params\.lookback: [^\n]*\n {4}strategy_momentum_1\.params\.threshold: [^\n]*\n/, '    strategy_momentum_1.params.fast: [5, 10, 15, 20]\n    strategy_momentum_1.params.slow: [15, 30, 45, 60]\n'),
    );
    expect(text).toContain('  objective: sharpe_ratio    # rank runs by Sharpe ratio…\n  direction: maximize        # …highest first\n');
  });

  it('drops only the stale sweep entries and keeps the rest of the block (phases, walk-forward, other paths)', () => {
    const yaml = [
      '# study',
      'data: {source: sp500}',
      'containers:',
      '  - id: s1',
      '    type: strategy',
      '    strategy: momentum',
      '    params: {lookback: 20}',
      '  - id: p1',
      '    type: portfolio',
      '    strategies: [s1]',
      'optimization:',
      '  objective: total_return   # keep me',
      '  parameters:',
      '    s1.params.lookback: [10, 20]',
      '    execution.slippage_bps: [0, 5]  # costs',
      '  walk_forward:',
      '    train_bars: 500',
      '',
    ].join('\n');
    const { text } = useStrategyInConfig(yaml, 'my_ma', compiled.params);
    expect(text).toBe(
      yaml
        .replace('strategy: momentum', 'strategy: user:my_ma')
        .replace('params: {lookback: 20}', 'params: { fast: 10, slow: 30, allow_short: false }')
        .replace('    s1.params.lookback: [10, 20]\n', ''),
    );
  });
});

describe('sweepParamsInConfig', () => {
  it('sweeps each numeric param around its default, within its declared range', () => {
    const { text, containerId } = useStrategyInConfig(DEFAULT_CONFIG_YAML, 'my_ma', compiled.params);
    const swept = sweepParamsInConfig(text, containerId, compiled.params);
    const parsed = parseStudioConfig(swept);
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const grid = Object.fromEntries(parsed.config.optimization!.parameters.map((p) => [p.path, p.values]));
    expect(Object.keys(grid)).toEqual(['strategy_momentum_1.params.fast', 'strategy_momentum_1.params.slow']);
    const fast = grid['strategy_momentum_1.params.fast'] as number[];
    expect(fast[0]).toBe(5);
    expect(fast[fast.length - 1]).toBe(20);
    expect(fast.length).toBeLessThanOrEqual(4);
    const slow = grid['strategy_momentum_1.params.slow'] as number[];
    expect(slow[0]).toBe(15);
    expect(slow[slow.length - 1]).toBe(60);
  });
});
