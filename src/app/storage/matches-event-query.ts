// EventQuery evaluated in plain code, shared by the backends that cannot push every
// filter into an index (IndexedDB rows, gzip chunks, .jsonl.gz files). Pure: Node uses it too.
import type { EventQuery } from '../../core/event-storage';
import type { TradingEvent } from '../../core/events';

export function matchesEventQuery(event: TradingEvent, query: EventQuery): boolean {
  if (query.type !== undefined) {
    if (typeof query.type === 'string' ? event.type !== query.type : !query.type.includes(event.type)) return false;
  }
  if (query.from !== undefined && event.timestamp < query.from) return false;
  if (query.to !== undefined && event.timestamp > query.to) return false;
  if (query.fromSequence !== undefined && (event.sequence ?? -Infinity) < query.fromSequence) return false;
  if (query.toSequence !== undefined && (event.sequence ?? Infinity) > query.toSequence) return false;
  if (query.containerId !== undefined && event.containerId !== query.containerId) return false;
  if (query.correlationId !== undefined && event.correlationId !== query.correlationId) return false;
  if (query.symbol !== undefined && (event.payload as { symbol?: unknown }).symbol !== query.symbol) return false;
  return true;
}

/** True when the query filters on anything but a sequence range (so paging cannot be pushed down). */
export function hasFieldFilters(query: EventQuery): boolean {
  return (
    query.type !== undefined ||
    query.from !== undefined ||
    query.to !== undefined ||
    query.containerId !== undefined ||
    query.correlationId !== undefined ||
    query.symbol !== undefined
  );
}

/** Sequence order; events without a sequence keep their arrival order after sequenced ones. */
export function compareBySequence(a: TradingEvent, b: TradingEvent): number {
  return (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER);
}

/** Applies offset/limit to events already filtered and in sequence order. */
export function pageEvents(events: TradingEvent[], query: EventQuery): TradingEvent[] {
  const offset = Math.max(0, query.offset ?? 0);
  if (offset === 0 && query.limit === undefined) return events;
  return events.slice(offset, query.limit === undefined ? undefined : offset + Math.max(0, query.limit));
}

/** Same rule as MemoryStorage: limit and offset are non-negative integers when given. */
export function checkPaging(query: EventQuery): void {
  const { limit, offset } = query;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new RangeError(`query.limit must be a non-negative integer, got ${String(limit)}.`);
  }
  if (offset !== undefined && (!Number.isInteger(offset) || offset < 0)) {
    throw new RangeError(`query.offset must be a non-negative integer, got ${String(offset)}.`);
  }
}
