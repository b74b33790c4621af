// Orders a phase's outcomes by the optimization objective. Every outcome is kept
// (the ranking is a permutation, not a filter); points whose objective is missing
// or NaN come after every real value, and failed points after those.
import { metricNames, metricValue } from '../../core/metric-value';
import { StreamingMetrics } from '../../core/streaming-metrics';
import type { PointOutcome } from './pool-protocol';
import { SweepPlanError } from './sweep-plan-error';

export interface RankOptions {
  /** Metric name, snake_case or camelCase ('sharpe_ratio', 'totalReturn', 'metrics.total_pnl'). */
  objective: string;
  direction: 'maximize' | 'minimize';
  /** The config's container id whose metrics are ranked; default: the point's first container with metrics. */
  objectiveContainer?: string | null;
}

/** Throws a SweepPlanError listing the valid names when `objective` is not a metric. */
export function validateObjective(objective: string): void {
  const sample = new StreamingMetrics({ initialCapital: 1 }).snapshot();
  try {
    metricValue(sample, objective);
  } catch {
    throw new SweepPlanError(`unknown metric '${objective}'; valid names: ${metricNames(sample).join(', ')}`, 'optimization.objective');
  }
}

/** The objective of one outcome, or null when it failed or has no metrics for the container. */
export function objectiveValue(outcome: PointOutcome, options: RankOptions): number | null {
  if (!outcome.ok) return null;
  let snapshot;
  if (options.objectiveContainer) {
    const runId = outcome.containerIds[options.objectiveContainer];
    snapshot = runId === undefined ? undefined : outcome.metrics[runId];
  } else {
    snapshot = Object.values(outcome.metrics)[0];
  }
  if (!snapshot) return null;
  const value = metricValue(snapshot, options.objective);
  return Number.isNaN(value) ? null : value;
}

/** Positions into `outcomes`, best first; ties keep grid order (lower index first). */
export function rankOutcomes(outcomes: readonly PointOutcome[], options: RankOptions): number[] {
  const sign = options.direction === 'minimize' ? 1 : -1;
  const keyed = outcomes.map((o, at) => ({ at, index: o.index, value: objectiveValue(o, options), tier: o.ok ? 0 : 2 }));
  for (const k of keyed) if (k.tier === 0 && k.value === null) k.tier = 1;
  keyed.sort((a, b) => {
    if (a.tier !== b.tier) return a.tier - b.tier;
    if (a.value !== null && b.value !== null && a.value !== b.value) {
      // Infinity − Infinity is NaN: compare, don't subtract.
      return a.value < b.value ? -sign : sign;
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.at);
}
