// The correlation chain of each trade from a fully traced run: every event carrying
// the trade's correlationId, plus the uncorrelated causes they point at (walking
// causationId up, market data excluded), in sequence order.
import type { TradingEvent } from '../core/events';
import type { BacktestResult } from '../engine/backtest-result';

const CONTEXT_TYPES = new Set<string>(['BAR', 'FEATURES', 'PORTFOLIO_UPDATE']);

/** The run's traced events of every container, each once (by eventId), in sequence order. */
export function collectRunEvents(result: BacktestResult): TradingEvent[] {
  const byId = new Map<string, TradingEvent>();
  for (const id of result.containerIds) for (const e of result.containers[id]?.events ?? []) if (!byId.has(e.eventId)) byId.set(e.eventId, e);
  return [...byId.values()].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.timestamp - b.timestamp);
}

/** Chains of all `tradeIds` in one pass over the events: tradeId → its events in sequence order. */
export function tradeChainEvents(events: readonly TradingEvent[], tradeIds: readonly string[]): Map<string, TradingEvent[]> {
  const wanted = new Set(tradeIds);
  const byId = new Map<string, TradingEvent>();
  const picked = new Map<string, Map<string, TradingEvent>>();
  for (const e of events) {
    byId.set(e.eventId, e);
    if (e.correlationId !== undefined && wanted.has(e.correlationId)) {
      let m = picked.get(e.correlationId);
      if (m === undefined) picked.set(e.correlationId, (m = new Map()));
      m.set(e.eventId, e);
    }
  }
  const out = new Map<string, TradingEvent[]>();
  for (const id of tradeIds) {
    const members = picked.get(id) ?? new Map<string, TradingEvent>();
    for (const e of [...members.values()]) {
      let cause = e.causationId !== undefined ? byId.get(e.causationId) : undefined;
      for (let guard = 0; cause !== undefined && !members.has(cause.eventId) && !CONTEXT_TYPES.has(cause.type) && guard < 64; guard++) {
        members.set(cause.eventId, cause);
        cause = cause.causationId !== undefined ? byId.get(cause.causationId) : undefined;
      }
    }
    out.set(id, [...members.values()].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.timestamp - b.timestamp));
  }
  return out;
}
