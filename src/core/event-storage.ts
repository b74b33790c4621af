// The storage protocol behind a tracer. Every method may answer synchronously
// (MemoryStorage) or with a Promise (IndexedDB, files), so one tracer works over
// both; callers that need the value use `await` or `isPromise` from maybe-async.
import type { EventType } from './event-type';
import type { TradingEvent } from './events';

export type MaybePromise<T> = T | Promise<T>;

export interface EventQuery {
  type?: EventType | readonly EventType[];
  /** Inclusive lower bound on event timestamp (ms). */
  from?: number;
  /** Inclusive upper bound on event timestamp (ms). */
  to?: number;
  /** Inclusive sequence range. */
  fromSequence?: number;
  toSequence?: number;
  containerId?: string;
  correlationId?: string;
  symbol?: string;
  /** At most this many events, in sequence order. */
  limit?: number;
  /** Skip this many matching events first (paging). */
  offset?: number;
}

export interface EventStorage {
  append(event: TradingEvent): MaybePromise<void>;
  /** Batched append; backends that cross a boundary (IndexedDB, worker) must prefer it. */
  appendBatch?(events: readonly TradingEvent[]): MaybePromise<void>;
  getByCorrelation(correlationId: string): MaybePromise<TradingEvent[]>;
  query(query?: EventQuery): MaybePromise<TradingEvent[]>;
  /** Removes every event of the correlation id; returns how many were removed. */
  removeCorrelation(correlationId: string): MaybePromise<number>;
  count(): MaybePromise<number>;
  clear(): MaybePromise<void>;
  /** Flushes buffered writes (async backends); a no-op elsewhere. */
  flush?(): MaybePromise<void>;
  /**
   * Events per appendBatch the backend works best with, when the tracer is not told otherwise
   * (its default is 256: few crossings for IndexedDB; a synchronous encoder does better with
   * events it sees while they are still in the CPU's cache).
   */
  readonly preferredBatchSize?: number;
}

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
