// One subscription record: identity for unsubscribe, and what observers see in onDelivered.
import type { EventType } from './event-type';
import type { TradingEvent } from './events';
import type { EventFilter } from './filters';

export type EventHandler<T extends EventType = EventType> = (event: TradingEvent<T>) => void;

export interface Subscription {
  readonly id: number;
  readonly busId: string;
  readonly type: EventType;
  readonly handler: (event: never) => void;
  readonly filter: EventFilter | undefined;
}

/** Calling it removes the subscription; calling it again does nothing. */
export type Unsubscribe = () => void;
