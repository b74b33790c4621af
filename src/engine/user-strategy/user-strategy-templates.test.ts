// Each starter template, compiled and run in the sandbox, emits exactly the signals of
// the built-in it reproduces — same params, same generated data, several param sets
// (shorts on and off) — so a user starting from a template starts from known behaviour.
import { describe, expect, it } from 'vitest';
import { lockdownStrategyRealm } from '../../app/strategy-lab/strategy-realm';
import { createUserStrategyDefinition } from '../../app/strategy-lab/create-user-strategy-definition';
import type { Bar } from '../bar';
import { generateSyntheticBars } from '../data/synthetic-bars';
import { RecordingContext } from '../strategies/recording-context';
import { getStrategyDefinition } from '../strategies/strategy-registry';
import { compileUserStrategy } from './compile-user-strategy';
import { USER_STRATEGY_TEMPLATES } from './user-strategy-templates';
import { barsOf } from '../bar-series';

// Strategies run only in a locked-down realm (the strategy worker's); this test file's process is one.
lockdownStrategyRealm();

const DATA = generateSyntheticBars({ seed: 7, symbols: ['A', 'B'], days: 3, correlation: 0.9, missingMinuteProbability: 0.02 });
const STREAM: Bar[] = DATA.series.flatMap((s) => barsOf(s)).sort((x, y) => x.timestamp - y.timestamp || (x.symbol < y.symbol ? -1 : 1));

const CASES: [string, Record<string, unknown>][] = [
  ['momentum', {}],
  ['momentum', { lookback: 30, threshold: 0.001, allow_short: true }],
  ['ma_crossover', {}],
  ['ma_crossover', { fast: 5, slow: 20, allow_short: true }],
  ['mean_reversion', { mode: 'bollinger', period: 20, num_std: 1.5 }],
  ['mean_reversion', { mode: 'bollinger', period: 30, num_std: 2, allow_short: true }],
  ['mean_reversion', { mode: 'rsi', rsi_period: 14, oversold: 35, overbought: 65, allow_short: true }],
  ['breakout', {}],
  ['breakout', { lookback: 30, exit_lookback: 15, allow_short: true }],
  ['pairs', {}],
  ['pairs', { lookback: 40, entry_z: 1.5, exit_z: 0.3 }],
  ['pairs', { lookback: 40, entry_z: 1.5, exit_z: 0.3, hedge_ratio: 0.8 }],
];

function templateFor(builtin: string) {
  const t = USER_STRATEGY_TEMPLATES.find((x) => x.builtin === builtin);
  if (t === undefined) throw new Error(`no template for ${builtin}`);
  return t;
}

describe('starter templates', () => {
  it('there is one per built-in strategy', () => {
    expect(USER_STRATEGY_TEMPLATES.map((t) => t.builtin).sort()).toEqual(['breakout', 'ma_crossover', 'mean_reversion', 'momentum', 'pairs']);
  });

  it.each(CASES)('%s %j: the template emits the built-in’s signals', (builtin, params) => {
    const t = templateFor(builtin);
    const compiled = compileUserStrategy(t.source, t.name);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const user = createUserStrategyDefinition(compiled, { now: () => performance.now(), perBarMs: 5_000, perRunMs: 120_000 });
    const builtinDef = getStrategyDefinition(builtin);

    const expected = new RecordingContext().run(builtinDef.create('s', ['A', 'B'], builtinDef.parseParams(params)), STREAM);
    const actual = new RecordingContext().run(user.create('s', ['A', 'B'], user.parseParams(params)), STREAM);
    expect(expected.length).toBeGreaterThan(3);
    expect(actual).toEqual(expected);
  });

  it.each(USER_STRATEGY_TEMPLATES.map((t) => [t.builtin, t] as const))('%s: declares the built-in’s params with its defaults and ranges', (builtin, t) => {
    const compiled = compileUserStrategy(t.source, t.name);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const user = createUserStrategyDefinition(compiled, { now: () => 0 });
    const strip = (specs: readonly { name: string; type: string; default: unknown; min?: number; max?: number; options?: readonly string[] }[]) =>
      specs.map((s) => ({ name: s.name, type: s.type, default: s.default, min: s.min, max: s.max, options: s.options }));
    expect(strip(user.params)).toEqual(strip(getStrategyDefinition(builtin).params));
    expect(user.symbolCount).toEqual(getStrategyDefinition(builtin).symbolCount);
  });
});
