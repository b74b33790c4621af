// Filters are plain predicates, so composing them costs one closure call each;
// id lists become a Set only when long enough for hashing to beat a scan.
import type { TradingEvent } from './events';

export type EventFilter = (event: TradingEvent) => boolean;

function membership(values: readonly string[]): (value: string | undefined) => boolean {
  if (values.length === 1) {
    const only = values[0];
    return (v) => v === only;
  }
  if (values.length <= 8) {
    const list = values.slice();
    return (v) => v !== undefined && list.includes(v);
  }
  const set = new Set(values);
  return (v) => v !== undefined && set.has(v);
}

function payloadString(event: TradingEvent, key: string): string | undefined {
  const value = (event.payload as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Passes SIGNALs (or any event carrying `payload.strategyId`) from the given strategies. */
export function strategyFilter(strategyIds: readonly string[] | string): EventFilter {
  const ids = typeof strategyIds === 'string' ? [strategyIds] : strategyIds;
  const has = membership(ids);
  return (event) => has(payloadString(event, 'strategyId'));
}

/** Passes events owned by the given container (FILL/ORDER: the portfolio). */
export function containerFilter(containerId: string): EventFilter {
  return (event) => event.containerId === containerId;
}

/** Passes events whose payload names one of the given symbols. */
export function symbolFilter(symbols: readonly string[] | string): EventFilter {
  const list = typeof symbols === 'string' ? [symbols] : symbols;
  const has = membership(list);
  return (event) => has(payloadString(event, 'symbol'));
}

/** Passes events produced by the given source containers. */
export function sourceFilter(sourceIds: readonly string[] | string): EventFilter {
  const list = typeof sourceIds === 'string' ? [sourceIds] : sourceIds;
  const has = membership(list);
  return (event) => has(event.sourceId);
}

export function allOf(...filters: EventFilter[]): EventFilter {
  if (filters.length === 1) return filters[0];
  return (event) => {
    for (let i = 0; i < filters.length; i++) if (!filters[i](event)) return false;
    return true;
  };
}

export function anyOf(...filters: EventFilter[]): EventFilter {
  if (filters.length === 1) return filters[0];
  return (event) => {
    for (let i = 0; i < filters.length; i++) if (filters[i](event)) return true;
    return false;
  };
}

export function not(filter: EventFilter): EventFilter {
  return (event) => !filter(event);
}
