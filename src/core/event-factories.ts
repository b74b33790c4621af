// Factories build every event with the same property order and all optional
// fields present, so V8 sees one object shape per event and the bus's hot path
// stays monomorphic.
import { EventType } from './event-type';
import type {
  BarPayload,
  Direction,
  FillPayload,
  OrderPayload,
  PayloadOf,
  PositionClosePayload,
  PositionOpenPayload,
  TradingEvent,
} from './events';
import { systemClock } from './clock';
import type { Clock } from './clock';
import { adHocIdSource } from './id-generator';
import type { IdSource } from './id-generator';

export interface EventOptions {
  sourceId: string;
  /** Market time; defaults to `clock.now()` (the wall clock only when no clock is given). */
  timestamp?: number;
  eventId?: string;
  /** Where ids come from when `eventId` is absent; runs pass their own for determinism. */
  ids?: IdSource;
  clock?: Clock;
  containerId?: string;
  correlationId?: string;
  causationId?: string;
  metadata?: Record<string, unknown>;
}

let fallbackIds: IdSource | undefined;

function nextId(opts: EventOptions): string {
  if (opts.eventId !== undefined) return opts.eventId;
  if (opts.ids !== undefined) return opts.ids.next();
  fallbackIds ??= adHocIdSource();
  return fallbackIds.next();
}

export function createEvent<T extends EventType>(type: T, payload: PayloadOf<T>, opts: EventOptions): TradingEvent<T> {
  return {
    eventId: nextId(opts),
    type,
    timestamp: opts.timestamp ?? (opts.clock ?? systemClock).now(),
    sourceId: opts.sourceId,
    containerId: opts.containerId,
    correlationId: opts.correlationId,
    causationId: opts.causationId,
    sequence: undefined,
    payload,
    metadata: opts.metadata,
  };
}

export type EventContext = Omit<EventOptions, 'sourceId'> & { sourceId: string };

export function createBarEvent(bar: BarPayload, opts: EventOptions): TradingEvent<typeof EventType.BAR> {
  return createEvent(EventType.BAR, bar, opts);
}

export interface SignalEventInit extends Omit<EventOptions, 'sourceId'> {
  symbol: string;
  direction: Direction;
  strength: number;
  strategyId: string;
  sourceId?: string;
}

/** The seed's create_signal_event: sourceId defaults to the strategy id. */
export function createSignalEvent(init: SignalEventInit): TradingEvent<typeof EventType.SIGNAL> {
  const { symbol, direction, strength, strategyId, ...opts } = init;
  return createEvent(
    EventType.SIGNAL,
    { symbol, direction, strength, strategyId },
    { ...opts, sourceId: init.sourceId ?? strategyId },
  );
}

export function createOrderEvent(order: OrderPayload, opts: EventOptions): TradingEvent<typeof EventType.ORDER> {
  return createEvent(EventType.ORDER, order, opts);
}

export function createFillEvent(fill: FillPayload, opts: EventOptions): TradingEvent<typeof EventType.FILL> {
  return createEvent(EventType.FILL, fill, opts);
}

export function createPositionOpenEvent(
  position: PositionOpenPayload,
  opts: EventOptions,
): TradingEvent<typeof EventType.POSITION_OPEN> {
  return createEvent(EventType.POSITION_OPEN, position, opts);
}

export function createPositionCloseEvent(
  position: PositionClosePayload,
  opts: EventOptions,
): TradingEvent<typeof EventType.POSITION_CLOSE> {
  return createEvent(EventType.POSITION_CLOSE, position, opts);
}
