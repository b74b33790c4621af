// What the strategy worker calls to run configs that name `user:<name>` strategies:
// saved sources (the studio-db `strategies` table: {name, source}) are compiled once per
// worker (cached by source text: compiling is the costly part, and its output is plain
// data), and wrapped as definitions handed to the engine as RunBacktestOptions.strategies.
// Each strategy instance evaluates its code in a fresh Compartment (user-strategy-sandbox.ts).
// Compile problems fail the job with every error located (strategy, line, column)
// instead of an "unknown strategy".
//
// Watchdog: the guards stop loops and recursion inside user code; a call that still never
// returns (native code: a catastrophic regular expression) is stopped from outside by the
// pool worker's watchdog, which hears `monitor` (strategy-worker-runner.ts).
import type { StudioConfig } from '../../core/config/studio-config';
import type { RunBacktestOptions } from '../../engine/backtest-result';
import type { StrategyDefinition } from '../../engine/strategy';
import { closestName } from '../../engine/strategies/closest-name';
import { compileUserStrategy } from '../../engine/user-strategy/compile-user-strategy';
import type { UserStrategyLimits } from '../../engine/user-strategy/user-strategy';
import { userStrategyDefinition } from '../../engine/user-strategy/user-strategy-definition';
import { referencedUserStrategies } from '../../engine/user-strategy/referenced-user-strategies';
import type { CompiledUserStrategy, UserSourceError, UserStrategySource } from '../../engine/user-strategy/user-strategy-api';
import { UserStrategyCompileError, type UserStrategyProblem } from './user-strategy-compile-error';
import type { StrategyMonitor } from './strategy-monitor';
import { createUserStrategySandbox } from './user-strategy-sandbox';

export type { UserStrategySource };

/** Compiled code by name + source: the costly part (ms), reused by every job of a worker. */
const cache = new Map<string, CompiledUserStrategy>();
const CACHE_LIMIT = 64;

function prepared(s: UserStrategySource): CompiledUserStrategy | UserSourceError[] {
  const key = `${s.name}\u0000${s.source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const compiled = compileUserStrategy(s.source, s.name);
  if (!compiled.ok) return compiled.errors;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

export interface UserStrategyJobOptions extends Partial<UserStrategyLimits> {
  /** When given, every `user:` strategy it names must be among the sources. */
  config?: StudioConfig;
  /** Hears every call into user code (the strategy worker's heartbeat to its watchdog). */
  monitor?: StrategyMonitor;
}

/**
 * RunBacktestOptions.strategies for a job: compiles `sources` (cached per worker) into
 * sandboxed definitions; throws UserStrategyCompileError listing every problem, including
 * `user:` names the config uses that no source provides.
 */
export function userStrategiesForJob(sources: readonly UserStrategySource[], options: UserStrategyJobOptions = {}): NonNullable<RunBacktestOptions['strategies']> {
  const limits: UserStrategyLimits = {
    now: options.now ?? (() => performance.now()),
    ...(options.perBarMs !== undefined ? { perBarMs: options.perBarMs } : {}),
    ...(options.perRunMs !== undefined ? { perRunMs: options.perRunMs } : {}),
  };
  const problems: UserStrategyProblem[] = [];
  const defs = new Map<string, StrategyDefinition<unknown>>();
  for (const s of sources) {
    const kind = `user:${s.name}`;
    if (defs.has(kind)) {
      problems.push({ strategy: kind, error: { message: 'two saved strategies have this name; rename one.', line: 0, column: 0 } });
      continue;
    }
    const p = prepared(s);
    if (Array.isArray(p)) for (const error of p) problems.push({ strategy: kind, error });
    else defs.set(kind, userStrategyDefinition(p, createUserStrategySandbox(p, options.monitor), limits) as StrategyDefinition<unknown>);
  }
  if (options.config !== undefined) {
    const names = sources.map((s) => s.name);
    for (const name of referencedUserStrategies(options.config)) {
      if (names.includes(name)) continue;
      const hint = closestName(name, names);
      problems.push({
        strategy: `user:${name}`,
        error: { message: `no saved strategy is named '${name}'${hint ? ` — did you mean 'user:${hint}'?` : ''} (saved: ${names.join(', ') || 'none'}).`, line: 0, column: 0 },
      });
    }
  }
  if (problems.length > 0) throw new UserStrategyCompileError(problems);
  return (kind) => defs.get(kind);
}
