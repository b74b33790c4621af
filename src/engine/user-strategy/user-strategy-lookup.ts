// The engine looks strategies up through RunBacktestOptions.strategies (a function
// consulted before the built-ins); this builds that function from user definitions.
import type { RunBacktestOptions } from '../backtest-result';
import type { StrategyDefinition } from '../strategy';

/**
 * A lookup for RunBacktestOptions.strategies. Keys are kinds ('user:x'); a bare 'x' key
 * also answers 'user:x'. Built-in names are never shadowed: the engine asks this first,
 * so a user strategy cannot silently replace 'momentum'.
 */
export function userStrategyLookup(defs: Readonly<Record<string, StrategyDefinition<unknown>>>): NonNullable<RunBacktestOptions['strategies']> {
  const byKind = new Map<string, StrategyDefinition<unknown>>();
  for (const [key, def] of Object.entries(defs)) byKind.set(key.startsWith('user:') ? key : `user:${key}`, def);
  return (kind) => (kind.startsWith('user:') ? byKind.get(kind) : undefined);
}
