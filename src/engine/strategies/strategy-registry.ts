// The built-in strategies by kind. Lookups of an unknown kind fail with the list of
// known kinds and the closest one, because a typo in YAML is the usual cause.
import type { StrategyDefinition } from '../strategy';
import { breakoutStrategy } from './breakout-strategy';
import { closestName } from './closest-name';
import { maCrossoverStrategy } from './ma-crossover-strategy';
import { meanReversionStrategy } from './mean-reversion-strategy';
import { momentumStrategy } from './momentum-strategy';
import { pairsStrategy } from './pairs-strategy';
import { volatilityRegimeStrategy } from './volatility-regime-strategy';

export const BUILTIN_STRATEGIES: ReadonlyMap<string, StrategyDefinition<unknown>> = new Map<string, StrategyDefinition<unknown>>([
  [momentumStrategy.kind, momentumStrategy],
  [maCrossoverStrategy.kind, maCrossoverStrategy],
  [meanReversionStrategy.kind, meanReversionStrategy],
  [breakoutStrategy.kind, breakoutStrategy],
  [pairsStrategy.kind, pairsStrategy],
  [volatilityRegimeStrategy.kind, volatilityRegimeStrategy],
]);

/** The built-in definition of `kind`, or undefined (for callers that chain other registries). */
export function findStrategyDefinition(kind: string): StrategyDefinition<unknown> | undefined {
  return BUILTIN_STRATEGIES.get(kind);
}

/** Why `kind` is not a built-in strategy, with a "did you mean" and the known kinds. */
export function unknownStrategyMessage(kind: string): string {
  const known = [...BUILTIN_STRATEGIES.keys()];
  const hint = closestName(kind, known);
  return `Unknown strategy '${kind}'${hint ? ` — did you mean '${hint}'?` : ''} Built-in strategies: ${known.join(', ')}.`;
}

/** The built-in definition of `kind`; throws an Error naming the known kinds otherwise. */
export function getStrategyDefinition(kind: string): StrategyDefinition<unknown> {
  const def = BUILTIN_STRATEGIES.get(kind);
  if (def === undefined) throw new Error(unknownStrategyMessage(kind));
  return def;
}
