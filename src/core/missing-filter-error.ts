// Thrown when a JavaScript caller (no compiler to stop it) subscribes to a
// filter-required event type without a filter.
import type { EventType } from './event-type';

export class MissingFilterError extends Error {
  readonly eventType: EventType;
  constructor(eventType: EventType) {
    super(
      `Subscribing to ${eventType} requires a filter: pass ` +
        (eventType === 'SIGNAL'
          ? 'strategyFilter([...strategy ids]) so a portfolio never receives another strategy\'s signals'
          : 'containerFilter(containerId) so a portfolio never receives another container\'s fills') +
        ' as the third argument of subscribe().',
    );
    this.name = 'MissingFilterError';
    this.eventType = eventType;
  }
}
