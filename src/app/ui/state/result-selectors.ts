// Derived views of a BacktestResult the tabs share: which portfolio to show, all
// traced events merged in sequence order, and trades by id.
import type { TradingEvent } from '../../../core/events';
import type { BacktestResult, ContainerResult } from '../../../engine/backtest-result';

/** The container the Overview shows by default: the first portfolio with metrics. */
export function defaultContainerId(result: BacktestResult): string | null {
  const ids = result.containerIds.length ? result.containerIds : Object.keys(result.containers);
  const withMetrics = ids.filter((id) => result.containers[id]?.metrics);
  return (
    withMetrics.find((id) => result.containers[id]!.type === 'portfolio') ?? withMetrics[0] ?? ids[0] ?? null
  );
}

export function containerOf(result: BacktestResult | null, id: string | null): ContainerResult | null {
  if (!result) return null;
  return (id && result.containers[id]) || (defaultContainerId(result) ? result.containers[defaultContainerId(result)!]! : null);
}

const mergedCache = new WeakMap<BacktestResult, TradingEvent[]>();

/** Every container's traced events, deduplicated by id, in sequence order. */
export function mergedEvents(result: BacktestResult): TradingEvent[] {
  const hit = mergedCache.get(result);
  if (hit) return hit;
  const seen = new Set<string>();
  const all: TradingEvent[] = [];
  for (const c of Object.values(result.containers)) {
    for (const e of c.events) {
      if (seen.has(e.eventId)) continue;
      seen.add(e.eventId);
      all.push(e);
    }
  }
  all.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.timestamp - b.timestamp);
  mergedCache.set(result, all);
  return all;
}

/** Symbol of an event's payload, when it has one. */
export function eventSymbol(e: TradingEvent): string | undefined {
  const p = e.payload as { symbol?: unknown };
  return typeof p.symbol === 'string' ? p.symbol : undefined;
}

/**
 * Why the shown result is not a result of what the user now asks for, or null when it is: a
 * run that failed or was cancelled after it, or a dataset other than the one it ran on.
 */
export function staleReasonOf(s: { result: BacktestResult | null; staleReason: string | null; datasetId: string; status: string }): string | null {
  if (!s.result) return null;
  if (s.staleReason) return s.staleReason;
  // A synthetic result's id carries its generator options ('synthetic:{…}'); the YAML says 'synthetic'.
  const shown = s.result.datasetId.startsWith('synthetic:') ? 'synthetic' : s.result.datasetId;
  if (s.status === 'idle' && shown !== s.datasetId) {
    return `Data switched to ${s.datasetId}: these results are from ${shown} and have not been run on it yet.`;
  }
  return null;
}
