// A trade's event chain: every event carrying its correlation id, plus the causes
// they point at (a SIGNAL may precede the trade id), in sequence order, with links.
import type { TradingEvent } from '../../../core/events';

export interface ChainLink {
  from: string;
  to: string;
}

export interface TradeChain {
  events: TradingEvent[];
  links: ChainLink[];
}

/**
 * Event types that are market context, not part of a trade's story. FEATURES and REGIME_CHANGE
 * are not: a signal caused by them shows what the strategy saw when it fired.
 */
const CONTEXT_TYPES = new Set(['BAR']);

export function indexById(events: readonly TradingEvent[]): Map<string, TradingEvent> {
  const map = new Map<string, TradingEvent>();
  for (const e of events) map.set(e.eventId, e);
  return map;
}

export function tradeChain(events: readonly TradingEvent[], tradeId: string, byId = indexById(events)): TradeChain {
  const picked = new Map<string, TradingEvent>();
  for (const e of events) if (e.correlationId === tradeId) picked.set(e.eventId, e);
  // Walk causation upwards from every member to pull in uncorrelated causes (e.g. the SIGNAL).
  for (const e of [...picked.values()]) {
    let cause = e.causationId ? byId.get(e.causationId) : undefined;
    let guard = 0;
    while (cause && !picked.has(cause.eventId) && !CONTEXT_TYPES.has(cause.type) && guard++ < 64) {
      picked.set(cause.eventId, cause);
      cause = cause.causationId ? byId.get(cause.causationId) : undefined;
    }
  }
  const chain = [...picked.values()].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0) || a.timestamp - b.timestamp);
  const links: ChainLink[] = [];
  for (const e of chain) if (e.causationId && picked.has(e.causationId)) links.push({ from: e.causationId, to: e.eventId });
  return { events: chain, links };
}
