// In-memory EventStorage: an append log (slots in arrival order, removed events
// leave holes that are compacted in amortised O(1)) plus a correlationId → slots
// index, so getByCorrelation/removeCorrelation cost O(k) and an optional capacity
// evicts the oldest event in O(1) amortised and counts what it dropped.
import type { EventQuery, EventStorage } from './event-storage';
import type { EventType } from './event-type';
import type { TradingEvent } from './events';

export interface MemoryStorageOptions {
  /** Keep at most this many events; older ones are evicted and counted in `dropped`. Unbounded when omitted. */
  capacity?: number;
}

/** Compaction waits for at least this many holes so small logs never rebuild. */
const MIN_HOLES_TO_COMPACT = 1024;

export class MemoryStorage implements EventStorage {
  readonly capacity: number | undefined;
  /** Events in arrival order; `undefined` marks a removed event (a hole). */
  private log: (TradingEvent | undefined)[] = [];
  /** Index of the first slot that may hold a live event; everything before it is a hole. */
  private head = 0;
  private live = 0;
  private evicted = 0;
  /** correlationId → ascending slot indexes into `log`. */
  private byCorrelation = new Map<string, number[]>();
  /** False once an event arrived with a lower sequence than an earlier one: queries then sort. */
  private ordered = true;
  private lastSequence = -Infinity;

  constructor(options: MemoryStorageOptions = {}) {
    const { capacity } = options;
    if (capacity !== undefined && (!Number.isInteger(capacity) || capacity < 0)) {
      throw new RangeError(`MemoryStorage capacity must be a non-negative integer or omitted, got ${String(capacity)}.`);
    }
    this.capacity = capacity;
  }

  /** Events evicted by `capacity` since construction (or the last clear()). */
  get dropped(): number {
    return this.evicted;
  }

  /** Number of events held (the synchronous twin of count()). */
  get size(): number {
    return this.live;
  }

  append(event: TradingEvent): void {
    const capacity = this.capacity;
    if (capacity !== undefined && this.live >= capacity) {
      if (capacity === 0) {
        this.evicted++;
        return;
      }
      this.evictOldest();
    }
    const slot = this.log.length;
    this.log.push(event);
    this.live++;
    const seq = event.sequence;
    if (seq !== undefined) {
      if (seq < this.lastSequence) this.ordered = false;
      else this.lastSequence = seq;
    }
    const c = event.correlationId;
    if (c !== undefined) {
      const slots = this.byCorrelation.get(c);
      if (slots === undefined) this.byCorrelation.set(c, [slot]);
      else slots.push(slot);
    }
  }

  appendBatch(events: readonly TradingEvent[]): void {
    for (let i = 0; i < events.length; i++) this.append(events[i]);
  }

  private evictOldest(): void {
    const log = this.log;
    let h = this.head;
    while (log[h] === undefined) h++;
    const event = log[h]!;
    log[h] = undefined;
    this.head = h + 1;
    this.live--;
    this.evicted++;
    const c = event.correlationId;
    if (c !== undefined) {
      // The evicted event is the oldest of its correlation, so it is the first slot.
      const slots = this.byCorrelation.get(c)!;
      if (slots.length === 1) this.byCorrelation.delete(c);
      else slots.shift();
    }
    this.maybeCompact();
  }

  getByCorrelation(correlationId: string): TradingEvent[] {
    const slots = this.byCorrelation.get(correlationId);
    if (slots === undefined) return [];
    const out = new Array<TradingEvent>(slots.length);
    for (let i = 0; i < slots.length; i++) out[i] = this.log[slots[i]]!;
    return this.ordered ? out : out.sort(bySequence);
  }

  /** First event of `type` in the correlation, in arrival order; O(k). */
  findInCorrelation(correlationId: string, type: EventType): TradingEvent | undefined {
    const slots = this.byCorrelation.get(correlationId);
    if (slots === undefined) return undefined;
    for (let i = 0; i < slots.length; i++) {
      const e = this.log[slots[i]]!;
      if (e.type === type) return e;
    }
    return undefined;
  }

  hasCorrelation(correlationId: string): boolean {
    return this.byCorrelation.has(correlationId);
  }

  /** Number of distinct correlation ids held. */
  get correlationCount(): number {
    return this.byCorrelation.size;
  }

  removeCorrelation(correlationId: string): number {
    const slots = this.byCorrelation.get(correlationId);
    if (slots === undefined) return 0;
    const log = this.log;
    for (let i = 0; i < slots.length; i++) log[slots[i]] = undefined;
    this.byCorrelation.delete(correlationId);
    this.live -= slots.length;
    let h = this.head;
    while (h < log.length && log[h] === undefined) h++;
    this.head = h;
    this.maybeCompact();
    return slots.length;
  }

  /**
   * Rebuilds the log without holes once holes outnumber live events (and are at
   * least MIN_HOLES_TO_COMPACT): the O(n) rebuild is paid for by the ≥ n/2
   * removals since the last one, so removal stays O(1) amortised.
   */
  private maybeCompact(): void {
    const holes = this.log.length - this.live;
    if (holes < MIN_HOLES_TO_COMPACT || holes <= this.live) return;
    const old = this.log;
    const log: TradingEvent[] = [];
    const index = new Map<string, number[]>();
    for (let i = this.head; i < old.length; i++) {
      const e = old[i];
      if (e === undefined) continue;
      const c = e.correlationId;
      if (c !== undefined) {
        const slots = index.get(c);
        if (slots === undefined) index.set(c, [log.length]);
        else slots.push(log.length);
      }
      log.push(e);
    }
    this.log = log;
    this.byCorrelation = index;
    this.head = 0;
  }

  query(query: EventQuery = {}): TradingEvent[] {
    const { limit, offset = 0 } = query;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new RangeError(`query.limit must be a non-negative integer, got ${String(limit)}.`);
    }
    if (!Number.isInteger(offset) || offset < 0) {
      throw new RangeError(`query.offset must be a non-negative integer, got ${String(offset)}.`);
    }
    if (limit === 0) return [];
    const match = compileQuery(query);
    const out: TradingEvent[] = [];
    // In arrival order that is sequence order, so paging can stop early.
    const early = this.ordered;
    let skip = early ? offset : 0;
    const visit = (e: TradingEvent): boolean => {
      if (!match(e)) return true;
      if (skip > 0) {
        skip--;
        return true;
      }
      out.push(e);
      return !(early && limit !== undefined && out.length >= limit);
    };
    if (query.correlationId !== undefined) {
      const slots = this.byCorrelation.get(query.correlationId) ?? [];
      for (let i = 0; i < slots.length; i++) if (!visit(this.log[slots[i]]!)) break;
    } else {
      const log = this.log;
      for (let i = this.head; i < log.length; i++) {
        const e = log[i];
        if (e !== undefined && !visit(e)) break;
      }
    }
    if (early) return out;
    out.sort(bySequence);
    return out.slice(offset, limit === undefined ? undefined : offset + limit);
  }

  /** Every event held, in sequence order. */
  all(): TradingEvent[] {
    return this.query();
  }

  count(): number {
    return this.live;
  }

  clear(): void {
    this.log = [];
    this.head = 0;
    this.live = 0;
    this.evicted = 0;
    this.byCorrelation = new Map();
    this.ordered = true;
    this.lastSequence = -Infinity;
  }
}

/** Events without a sequence sort after those with one, keeping arrival order (stable sort). */
function bySequence(a: TradingEvent, b: TradingEvent): number {
  return (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || 0;
}

function compileQuery(q: EventQuery): (e: TradingEvent) => boolean {
  const tests: ((e: TradingEvent) => boolean)[] = [];
  if (q.type !== undefined) {
    const types: readonly EventType[] = typeof q.type === 'string' ? [q.type] : q.type;
    tests.push((e) => types.includes(e.type));
  }
  const { from, to, fromSequence, toSequence, containerId, correlationId, symbol } = q;
  if (from !== undefined) tests.push((e) => e.timestamp >= from);
  if (to !== undefined) tests.push((e) => e.timestamp <= to);
  if (fromSequence !== undefined) tests.push((e) => e.sequence !== undefined && e.sequence >= fromSequence);
  if (toSequence !== undefined) tests.push((e) => e.sequence !== undefined && e.sequence <= toSequence);
  // An event belongs to a container when it owns it (containerId) or produced it (sourceId).
  if (containerId !== undefined) tests.push((e) => e.containerId === containerId || e.sourceId === containerId);
  if (correlationId !== undefined) tests.push((e) => e.correlationId === correlationId);
  if (symbol !== undefined) {
    tests.push((e) => (e.payload as unknown as { symbol?: unknown }).symbol === symbol);
  }
  return (e) => {
    for (let i = 0; i < tests.length; i++) if (!tests[i](e)) return false;
    return true;
  };
}
