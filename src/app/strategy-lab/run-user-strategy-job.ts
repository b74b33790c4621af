// What the backtest worker calls to run configs that name `user:<name>` strategies:
// saved sources (the studio-db `strategies` table: {name, source}) are compiled and
// evaluated in the sandbox once per worker (cached by source text), and wrapped as definitions, and handed
// to the engine as RunBacktestOptions.strategies. Compile problems fail the job with
// every error located (strategy, line, column) instead of an "unknown strategy".
//
// Watchdog: the guards stop loops and recursion inside user code; a bar that still never
// returns (a guard-free pathological case) is stopped by the pool's per-backtest time limit,
// which terminates and respawns the worker (BacktestPool perJobTimeoutMs).
import type { StudioConfig } from '../../core/config/studio-config';
import type { RunBacktestOptions } from '../../engine/backtest-result';
import type { StrategyDefinition } from '../../engine/strategy';
import { closestName } from '../../engine/strategies/closest-name';
import { compileUserStrategy } from '../../engine/user-strategy/compile-user-strategy';
import type { UserStrategyLimits, UserStrategySandbox } from '../../engine/user-strategy/user-strategy';
import { userStrategyDefinition } from '../../engine/user-strategy/user-strategy-definition';
import { referencedUserStrategies } from '../../engine/user-strategy/referenced-user-strategies';
import type { CompiledUserStrategy, UserSourceError, UserStrategySource } from '../../engine/user-strategy/user-strategy-api';
import { UserStrategyCompileError, type UserStrategyProblem } from './user-strategy-compile-error';
import { createUserStrategySandbox } from './user-strategy-sandbox';

export type { UserStrategySource };

interface Prepared {
  compiled: CompiledUserStrategy;
  sandbox: UserStrategySandbox;
}

/** Compiled code and its evaluated sandbox by name + source: the costly part (ms), reused by every job of a worker. */
const cache = new Map<string, Prepared>();
const CACHE_LIMIT = 64;

function prepared(s: UserStrategySource): Prepared | UserSourceError[] {
  const key = `${s.name}\u0000${s.source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const compiled = compileUserStrategy(s.source, s.name);
  if (!compiled.ok) return compiled.errors;
  const entry = { compiled, sandbox: createUserStrategySandbox(compiled) };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
  return entry;
}

export interface UserStrategyJobOptions extends Partial<UserStrategyLimits> {
  /** When given, every `user:` strategy it names must be among the sources. */
  config?: StudioConfig;
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
    else defs.set(kind, userStrategyDefinition(p.compiled, p.sandbox, limits) as StrategyDefinition<unknown>);
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
