// Looks a metric up by the name a user writes in YAML (an optimization objective
// 'sharpe_ratio', a rule 'metrics.total_pnl') or in code ('sharpeRatio').
import type { MetricsSnapshot } from './metrics-snapshot';
import { toSnakeCase } from './metrics-to-json';

function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The snapshot's metric names in snake_case, in snapshot order. */
export function metricNames(snapshot: Readonly<MetricsSnapshot>): string[] {
  return Object.keys(snapshot).map(toSnakeCase);
}

/**
 * The value of metric `name` (snake_case or camelCase, any letter case, optionally prefixed 'metrics.').
 * Infinity stays Infinity here (a profit factor with no loss ranks above any finite one).
 * An unknown name throws an Error listing every valid name.
 */
export function metricValue(snapshot: Readonly<MetricsSnapshot>, name: string): number {
  const bare = name.trim().replace(/^metrics\./, '');
  const camel = toCamelCase(bare);
  for (const key of [bare, camel]) {
    if (Object.prototype.hasOwnProperty.call(snapshot, key)) {
      const value = snapshot[key];
      if (typeof value === 'number') return value;
    }
  }
  // Last resort, case and underscores ignored: 'Sharpe_Ratio', 'TOTALRETURN'.
  const loose = bare.replace(/_/g, '').toLowerCase();
  for (const key of Object.keys(snapshot)) {
    const value = snapshot[key];
    if (key.toLowerCase() === loose && typeof value === 'number') return value;
  }
  throw new Error(`Unknown metric '${name}'. Valid metric names: ${metricNames(snapshot).join(', ')}.`);
}
