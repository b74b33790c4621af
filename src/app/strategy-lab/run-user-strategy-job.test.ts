// User strategies inside the real engine: a config naming `user:<name>` runs through
// runBacktestSync with the definitions from userStrategiesForJob — and gives exactly
// the built-in's signals, trades and metrics when the source is the built-in's template.
// A failing or looping strategy stops the run with its line; bad sources fail the job
// before it starts, every problem located.
import { describe, expect, it } from 'vitest';
import { lockdownStrategyRealm } from './strategy-realm';
import { parseStudioConfig } from '../../core/config/parse-studio-config';
import type { StudioConfig } from '../../core/config/studio-config';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import { runBacktestSync } from '../../engine/run-backtest';
import { StrategyTimeoutError } from '../../engine/user-strategy/strategy-timeout-error';
import { UserStrategyError } from '../../engine/user-strategy/user-strategy-error';
import { userStrategyLookup } from '../../engine/user-strategy/user-strategy-lookup';
import { compileUserStrategy } from '../../engine/user-strategy/compile-user-strategy';
import { USER_STRATEGY_TEMPLATES } from '../../engine/user-strategy/user-strategy-templates';
import { createUserStrategyDefinition } from './create-user-strategy-definition';
import { referencedUserStrategies, userStrategySourcesFor } from '../../engine/user-strategy/referenced-user-strategies';
import type { UserStrategySource } from '../../engine/user-strategy/user-strategy-api';
import { userStrategiesForJob } from './run-user-strategy-job';
import { UserStrategyCompileError } from './user-strategy-compile-error';

// Strategies run only in a locked-down realm (the strategy worker's); this test file's process is one.
lockdownStrategyRealm();

function config(strategy: string, params: Record<string, unknown>, symbols = '[A, B]'): StudioConfig {
  const yaml = `
name: user strategy run
initial_capital: 1000000
data:
  source: synthetic
  timeframes: ["1m"]
containers:
  - id: strategy_1
    type: strategy
    strategy: ${strategy}
    symbols: ${symbols}
    params: ${JSON.stringify(params)}
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_1]
    sizing: {type: fixed, quantity: 10}
    allow_short: true
`;
  const parsed = parseStudioConfig(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

const DATA = generateSyntheticBars({ seed: 3, symbols: ['A', 'B'], days: 2, correlation: 0.9, missingMinuteProbability: 0 });
const FULL = { traceOverride: { retentionPolicy: 'full' as const, eventsToTrace: 'ALL' as const } };
const template = (builtin: string): UserStrategySource => {
  const t = USER_STRATEGY_TEMPLATES.find((x) => x.builtin === builtin)!;
  return { name: t.name, source: t.source };
};

function signalsOf(result: ReturnType<typeof runBacktestSync>) {
  return result.containers.strategy_1!.events.filter((e) => e.type === 'SIGNAL').map((e) => [e.timestamp, e.payload]);
}

describe('user strategies in runBacktestSync', () => {
  it.each([
    ['ma_crossover', { fast: 5, slow: 20, allow_short: true }],
    ['pairs', { lookback: 40, entry_z: 1.5, exit_z: 0.3 }],
  ])('user template of %s: same SIGNALs, trades and metrics as the built-in', (builtin, params) => {
    const src = template(builtin);
    const strategies = userStrategiesForJob([src], { now: () => 0, config: config(`user:${src.name}`, params) });
    const user = runBacktestSync(config(`user:${src.name}`, params), DATA, { ...FULL, strategies });
    const reference = runBacktestSync(config(builtin, params), DATA, FULL);
    const userSignals = signalsOf(user);
    expect(userSignals.length).toBeGreaterThan(3);
    expect(userSignals).toEqual(signalsOf(reference));
    expect(user.containers.portfolio_1!.trades).toEqual(reference.containers.portfolio_1!.trades);
    expect(user.containers.portfolio_1!.metrics).toEqual(reference.containers.portfolio_1!.metrics);
  });

  it('a definition injected through options.strategies (userStrategyLookup) runs, and built-ins stay reachable', () => {
    const src = template('momentum');
    const compiled = compileUserStrategy(src.source, src.name);
    if (!compiled.ok) throw new Error('compile');
    const strategies = userStrategyLookup({ [src.name]: createUserStrategyDefinition(compiled, { now: () => 0 }) });
    expect(strategies('momentum')).toBeUndefined();
    const result = runBacktestSync(config(`user:${src.name}`, { lookback: 30, threshold: 0.001 }), DATA, { ...FULL, strategies });
    expect(signalsOf(result)).toEqual(signalsOf(runBacktestSync(config('momentum', { lookback: 30, threshold: 0.001 }), DATA, FULL)));
  });

  it('params from YAML are validated against the declared ranges', () => {
    const src = template('ma_crossover');
    const strategies = userStrategiesForJob([src], { now: () => 0 });
    expect(() => runBacktestSync(config(`user:${src.name}`, { fast: 0 }), DATA, { strategies })).toThrow(/fast.*must be an integer in \[1, 10000\]/);
    expect(() => runBacktestSync(config(`user:${src.name}`, { fsat: 3 }), DATA, { strategies })).toThrow(/did you mean 'fast'/);
  });

  it('a throw in onBar stops the run with the user’s line', () => {
    const source = `export function onBar(bar, ctx) {\n  if (bar.close > 0) {\n    throw new Error('not today');\n  }\n}`;
    const strategies = userStrategiesForJob([{ name: 'thrower', source }], { now: () => 0 });
    let error: unknown;
    try {
      runBacktestSync(config('user:thrower', {}), DATA, { strategies });
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(/Strategy 'user:thrower' failed in onBar at line 3: not today/);
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(UserStrategyError);
  });

  it('an endless loop stops the run at the per-bar limit, naming the line', () => {
    let t = 0;
    const source = `export function onBar(bar, ctx) {\n  while (bar.close > 0) {}\n}`;
    const strategies = userStrategiesForJob([{ name: 'looper', source }], { now: () => ++t, perBarMs: 50 });
    let error: unknown;
    try {
      runBacktestSync(config('user:looper', {}), DATA, { strategies });
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(/per-bar time limit of 50 ms at line 2/);
    expect((error as { cause?: unknown }).cause).toBeInstanceOf(StrategyTimeoutError);
  });

  it('a cached source still gets each job’s own limits and clock', () => {
    const source = `export function onBar(bar, ctx) {\n  for (;;) {}\n}`;
    const messages = [50, 120].map((perBarMs) => {
      let t = 0;
      const strategies = userStrategiesForJob([{ name: 'spin', source }], { now: () => ++t, perBarMs });
      try {
        runBacktestSync(config('user:spin', {}), DATA, { strategies });
      } catch (e) {
        return String(e);
      }
      return 'no error';
    });
    expect(messages[0]).toMatch(/limit of 50 ms at line 2/);
    expect(messages[1]).toMatch(/limit of 120 ms at line 2/);
  });

  it('bad sources fail the job before it runs, every problem with strategy and line; missing names get a hint', () => {
    const good = template('breakout');
    const bad = { name: 'broken', source: 'export function onBar(bar, ctx) {\n  const x = ;\n}' };
    let error: unknown;
    try {
      userStrategiesForJob([good, bad], { now: () => 0, config: config('user:my_breakot', {}) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserStrategyCompileError);
    const problems = (error as UserStrategyCompileError).problems;
    expect(problems.map((p) => [p.strategy, p.error.line])).toEqual([
      ['user:broken', 2],
      ['user:my_breakot', 0],
    ]);
    expect(problems[1]!.error.message).toMatch(/did you mean 'user:my_breakout'\?/);
  });

  it('a config’s user strategies: the sources a job, share link or export must carry, and the missing names', () => {
    const saved = [template('breakout'), template('momentum')];
    const cfg = config('user:my_breakout', {});
    expect(referencedUserStrategies(cfg)).toEqual(['my_breakout']);
    expect(userStrategySourcesFor(cfg, saved)).toEqual({ sources: [saved[0]], missing: [] });
    expect(userStrategySourcesFor(config('user:gone', {}), saved)).toEqual({ sources: [], missing: ['gone'] });
    expect(userStrategySourcesFor(config('momentum', {}), saved)).toEqual({ sources: [], missing: [] });
  });
});
