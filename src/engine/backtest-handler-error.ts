// A container's handler threw while the run was going (a strategy bug, a bad custom
// barrier): the run stops there instead of producing results that silently lack its
// signals, and says which event at what market time.
import type { TradingEvent } from '../core/events';

export class BacktestHandlerError extends Error {
  readonly eventType: string;
  readonly timestamp: number;
  readonly busId: string;
  override readonly cause: unknown;

  constructor(error: unknown, event: TradingEvent, busId: string) {
    const message = error instanceof Error ? error.message : String(error);
    const at = Number.isFinite(event.timestamp) ? new Date(event.timestamp).toISOString() : String(event.timestamp);
    super(`A handler on bus '${busId}' threw on ${event.type} ${event.eventId} at ${at}: ${message}`);
    this.name = 'BacktestHandlerError';
    this.eventType = event.type;
    this.timestamp = event.timestamp;
    this.busId = busId;
    this.cause = error;
  }
}
