// The exported JSON form of a MetricsSnapshot (contract §4): snake_case keys, and
// non-finite numbers as null because JSON has no Infinity/NaN (profit_factor: null).
import type { MetricsSnapshot } from './metrics-snapshot';

export type MetricsJson = Record<string, number | null>;

/** 'maxDrawdownDuration' → 'max_drawdown_duration'. */
export function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Keys in the snapshot's own order, so metrics.json files diff cleanly between runs. */
export function metricsToJson(snapshot: Readonly<MetricsSnapshot>): MetricsJson {
  const out: MetricsJson = {};
  for (const key of Object.keys(snapshot)) {
    const value = snapshot[key];
    out[toSnakeCase(key)] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  return out;
}
