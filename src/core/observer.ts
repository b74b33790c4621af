// The observer protocol: every method optional, so an observer implements only
// the hooks it needs and the bus calls only the hooks someone implements.
import type { TradingEvent } from './events';
import type { Subscription } from './subscription';

export interface EventObserver {
  /** Called once per bus an event passes through, before its subscribers; `busId` says which bus. */
  onPublish?(event: TradingEvent, busId: string): void;
  /** Called after a subscriber's handler returned normally. */
  onDelivered?(event: TradingEvent, subscriber: Subscription): void;
  /** Called when a subscriber's handler threw. */
  onError?(event: TradingEvent, error: unknown, subscriber?: Subscription): void;
}
