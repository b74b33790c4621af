import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../../../core/config/parse-studio-config';
import { DEFAULT_CONFIG_YAML } from '../../../core/config/default-config';
import { findStrategyDefinition, unknownStrategyMessage } from '../../../engine/strategies/strategy-registry';
import { strategyConfigErrors, type StrategyLookup } from './strategy-config-checks';

const builtins: StrategyLookup = (kind) => findStrategyDefinition(kind) ?? { error: unknownStrategyMessage(kind) };

/** The default study without its sweep (tests add the sweep they need). */
const STUDY = DEFAULT_CONFIG_YAML.slice(0, DEFAULT_CONFIG_YAML.indexOf('# Optimization'));

function check(text: string) {
  const parsed = parseStudioConfig(text);
  return strategyConfigErrors(text, parsed.ok ? parsed.config : null, builtins);
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('strategyConfigErrors', () => {
  it('accepts the default study', () => {
    expect(check(DEFAULT_CONFIG_YAML)).toEqual([]);
  });

  it('reports an unknown strategy at its line with a did-you-mean', () => {
    const text = STUDY.replace('strategy: momentum', 'strategy: momentun');
    const errors = check(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain("did you mean 'momentum'");
    expect(errors[0]!.line).toBe(lineOf(text, 'strategy: momentun'));
    expect(errors[0]!.path).toBe('containers[0].strategy');
  });

  it('reports each bad param at its own line: a range and a type', () => {
    const text = STUDY.replace('lookback: 20 ', 'lookback: -5 ').replace('threshold: 0.0', 'threshold: abc');
    const errors = check(text);
    expect(errors.map((e) => e.line)).toEqual([lineOf(text, 'lookback: -5'), lineOf(text, 'threshold: abc')]);
    expect(errors[0]!.message).toMatch(/lookback.*must be an integer/);
    expect(errors[1]!.message).toMatch(/threshold.*must be a number/);
  });

  it('reports an unknown param at its key with the known ones', () => {
    const text = STUDY.replace('lookback: 20 ', 'lookbak: 20 ');
    const errors = check(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(lineOf(text, 'lookbak: 20'));
    expect(errors[0]!.message).toContain("did you mean 'lookback'");
  });

  it('reports a swept value at that value, not at the strategy', () => {
    const text = `${STUDY}\noptimization:\n  objective: sharpe_ratio\n  parameters:\n    strategy_momentum_1.params.lookback:\n      - 10\n      - -5\n`;
    const errors = check(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(lineOf(text, '- -5'));
    expect(errors[0]!.message).toContain('swept value -5');
  });

  it('reports a constraint between params (ma_crossover fast < slow) at the param named', () => {
    const text = STUDY.replace('strategy: momentum', 'strategy: ma_crossover').replace(
      /params:\n(\s+)lookback: 20 .*\n\s+threshold: .*\n/,
      'params:\n$1fast: 50\n$1slow: 20\n',
    );
    const errors = check(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(lineOf(text, 'fast: 50'));
    expect(errors[0]!.message).toContain('must be less than slow');
  });

  it('reports a bad param at its own line when a sweep over it makes the parser refuse the text', () => {
    const text = DEFAULT_CONFIG_YAML.replace('lookback: 20 ', 'lookback: abc ');
    expect(parseStudioConfig(text).ok).toBe(false);
    const errors = check(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(lineOf(text, 'lookback: abc'));
  });

  it('leaves sweep combinations that break a rule between params to the sweep (it skips them)', () => {
    const crossover = STUDY.replace('strategy: momentum', 'strategy: ma_crossover').replace(
      /params:\n(\s+)lookback: 20 .*\n\s+threshold: .*\n/,
      'params:\n$1fast: 10\n$1slow: 100\n',
    );
    expect(check(`${crossover}\noptimization:\n  parameters:\n    strategy_momentum_1.params.fast: [5, 60, 120]\n`)).toEqual([]);
    // fast: 60 alone is fine beside the slow: 100 written next to it (the default slow is lower).
    expect(check(crossover.replace('fast: 10', 'fast: 60'))).toEqual([]);
  });

  it('says nothing about a strategy the lookup cannot judge yet', () => {
    const text = STUDY.replace('strategy: momentum', 'strategy: user:mine');
    const parsed = parseStudioConfig(text);
    expect(parsed.ok && strategyConfigErrors(text, parsed.config, () => null)).toEqual([]);
  });
});
