// SignalObserver: records SIGNAL events as small flat records so a portfolio can
// later be replayed from the signals alone (toEvents() → publish), without
// re-running the strategies — the basis of fast sizing/risk sweeps.
import { createEvent } from './event-factories';
import { EventType } from './event-type';
import type { Direction, TradingEvent } from './events';
import type { EventObserver } from './observer';

export interface RecordedSignal {
  eventId: string;
  sequence: number | undefined;
  timestamp: number;
  sourceId: string;
  containerId: string | undefined;
  correlationId: string | undefined;
  causationId: string | undefined;
  strategyId: string;
  symbol: string;
  direction: Direction;
  strength: number;
}

export interface SignalObserverOptions {
  /** Record only signals of these strategies (default: all). */
  strategyIds?: readonly string[];
  /** Keep at most this many (oldest dropped and counted); unbounded when omitted. */
  maxSignals?: number;
}

export class SignalObserver implements EventObserver {
  private readonly strategies: ReadonlySet<string> | undefined;
  private readonly maxSignals: number | undefined;
  private records: RecordedSignal[] = [];
  /** Records before this index were dropped by maxSignals (compacted lazily). */
  private head = 0;
  private lastSeq = 0;
  private droppedCount = 0;

  constructor(options: SignalObserverOptions = {}) {
    this.strategies = options.strategyIds !== undefined ? new Set(options.strategyIds) : undefined;
    const max = options.maxSignals;
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
      throw new RangeError(`maxSignals must be a positive integer or omitted, got ${String(max)}.`);
    }
    this.maxSignals = max;
  }

  /** Records each SIGNAL once, however many buses of the tree it crosses. */
  onPublish(event: TradingEvent): void {
    if (event.type !== EventType.SIGNAL) return;
    const seq = event.sequence;
    if (seq !== undefined) {
      if (seq <= this.lastSeq) return;
      this.lastSeq = seq;
    }
    const p = (event as TradingEvent<typeof EventType.SIGNAL>).payload;
    if (this.strategies !== undefined && !this.strategies.has(p.strategyId)) return;
    const records = this.records;
    records.push({
      eventId: event.eventId,
      sequence: seq,
      timestamp: event.timestamp,
      sourceId: event.sourceId,
      containerId: event.containerId,
      correlationId: event.correlationId,
      causationId: event.causationId,
      strategyId: p.strategyId,
      symbol: p.symbol,
      direction: p.direction,
      strength: p.strength,
    });
    if (this.maxSignals !== undefined && records.length - this.head > this.maxSignals) {
      this.head++;
      this.droppedCount++;
      if (this.head >= 1024 && this.head * 2 >= records.length) {
        this.records = records.slice(this.head);
        this.head = 0;
      }
    }
  }

  /**
   * Every recorded signal in sequence order (a copy). Arrival order is sequence order:
   * a sequence at or below the last one is the same signal crossing an ancestor bus.
   */
  signals(): RecordedSignal[] {
    return this.records.slice(this.head);
  }

  bySymbol(symbol: string): RecordedSignal[] {
    return this.signals().filter((r) => r.symbol === symbol);
  }

  /** Rebuilt SIGNAL events (same ids, times, correlation; no sequence) ready to publish on a fresh bus. */
  toEvents(): TradingEvent<typeof EventType.SIGNAL>[] {
    return this.signals().map((r) =>
      createEvent(
        EventType.SIGNAL,
        { symbol: r.symbol, direction: r.direction, strength: r.strength, strategyId: r.strategyId },
        {
          eventId: r.eventId,
          sourceId: r.sourceId,
          timestamp: r.timestamp,
          containerId: r.containerId,
          correlationId: r.correlationId,
          causationId: r.causationId,
        },
      ),
    );
  }

  get count(): number {
    return this.records.length - this.head;
  }

  /** Signals dropped by maxSignals. */
  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.records = [];
    this.head = 0;
    this.droppedCount = 0;
  }
}
