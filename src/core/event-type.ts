// EventType is a const object plus a string-literal union of its values, so a
// value can be used at run time and narrowed on at compile time.
export const EventType = {
  BAR: 'BAR',
  FEATURES: 'FEATURES',
  SIGNAL: 'SIGNAL',
  ORDER_REQUEST: 'ORDER_REQUEST',
  ORDER: 'ORDER',
  FILL: 'FILL',
  POSITION_OPEN: 'POSITION_OPEN',
  POSITION_CLOSE: 'POSITION_CLOSE',
  PORTFOLIO_UPDATE: 'PORTFOLIO_UPDATE',
  REGIME_CHANGE: 'REGIME_CHANGE',
  RISK_BREACH: 'RISK_BREACH',
  ERROR: 'ERROR',
} as const;

export type EventType = (typeof EventType)[keyof typeof EventType];

/** Every event type, in declaration order. */
export const ALL_EVENT_TYPES: readonly EventType[] = Object.freeze(Object.values(EventType));

/** Event types whose subscriptions must carry a filter (contract §2). */
export type FilterRequiredEventType = typeof EventType.SIGNAL | typeof EventType.FILL;
export type FilterOptionalEventType = Exclude<EventType, FilterRequiredEventType>;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EventType, value);
}

export function requiresFilter(type: EventType): type is FilterRequiredEventType {
  return type === EventType.SIGNAL || type === EventType.FILL;
}
