// What the backtest worker calls to run configs that name `user:<name>` strategies:
// saved sources (the studio-db `strategies` table: {name, source}) are compiled and
// turned into sandboxed definitions once per worker (cached by source text), and handed
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
import type { UserStrategyLimits } from '../../engine/user-strategy/user-strategy';
import type { UserSourceError } from '../../engine/user-strategy/user-strategy-api';
import { createUserStrategyDefinition } from './create-user-strategy-definition';

/** A saved user strategy as the UI stores it and a job carries it. */
export interface UserStrategySource {
  /** Name used in YAML after `user:`. */
  name: string;
  /** TypeScript/JavaScript source. */
  source: string;
}

/** A job's user strategies do not compile (or are missing); `errors` say where. */
export class UserStrategyCompileError extends Error {
  override readonly name = 'UserStrategyCompileError';

  constructor(readonly problems: readonly { strategy: string; error: UserSourceError }[]) {
    super(
      `User strategies do not compile:\n${problems.map((p) => `  ${p.strategy}${p.error.line > 0 ? ` line ${p.error.line}:${p.error.column}` : ''}: ${p.error.message}`).join('\n')}`,
    );
  }
}

/** The `user:<name>` strategies a config refers to, in container order, without repeats. */
export function referencedUserStrategies(config: StudioConfig): string[] {
  const out: string[] = [];
  for (const c of config.containers) {
    if (c.type === 'strategy' && c.strategy.startsWith('user:')) {
      const name = c.strategy.slice('user:'.length);
      if (!out.includes(name)) out.push(name);
    }
  }
  return out;
}

const cache = new Map<string, StrategyDefinition<unknown>>();
const CACHE_LIMIT = 64;

function definitionFor(s: UserStrategySource, limits: UserStrategyLimits): StrategyDefinition<unknown> | UserSourceError[] {
  const key = `${s.name}\u0000${limits.perBarMs ?? ''}\u0000${limits.perRunMs ?? ''}\u0000${s.source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const compiled = compileUserStrategy(s.source, s.name);
  if (!compiled.ok) return compiled.errors;
  const def = createUserStrategyDefinition(compiled, limits) as StrategyDefinition<unknown>;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, def);
  return def;
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
  const problems: { strategy: string; error: UserSourceError }[] = [];
  const defs = new Map<string, StrategyDefinition<unknown>>();
  for (const s of sources) {
    const kind = `user:${s.name}`;
    if (defs.has(kind)) {
      problems.push({ strategy: kind, error: { message: 'two saved strategies have this name; rename one.', line: 0, column: 0 } });
      continue;
    }
    const def = definitionFor(s, limits);
    if (Array.isArray(def)) for (const error of def) problems.push({ strategy: kind, error });
    else defs.set(kind, def);
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
