// In-memory EventStorage: an append log (events in arrival order at absolute
// positions; removed events leave holes, compacted in amortised O(1)) plus a
// correlationId → positions index, so getByCorrelation/removeCorrelation cost
// O(k) and an optional capacity evicts the oldest event in O(1) amortised and
// counts what it dropped.
import type { EventQuery, EventStorage } from './event-storage';
import type { EventType } from './event-type';
import type { TradingEvent } from './events';

export interface MemoryStorageOptions {
  /** Keep at most this many events; older ones are evicted and counted in `dropped`. Unbounded when omitted. */
  capacity?: number;
}

/** Compaction waits for at least this many holes so small logs never rebuild. */
const MIN_HOLES_TO_COMPACT = 1024;

/** One correlation's absolute positions, ascending; entries before `start` were evicted. */
interface Group {
  positions: number[];
  start: number;
}

export class MemoryStorage implements EventStorage {
  readonly capacity: number | undefined;
  /** Events in arrival order; `undefined` marks a removed event (a hole). log[i] is at absolute position base + i. */
  private log: (TradingEvent | undefined)[] = [];
  private base = 0;
  /** Index into `log` of the first slot that may hold a live event; everything before it is a hole. */
  private head = 0;
  private live = 0;
  private evicted = 0;
  private byCorrelation = new Map<string, Group>();
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
    const position = this.base + this.log.length;
    this.log.push(event);
    this.live++;
    const seq = event.sequence;
    if (seq !== undefined) {
      if (seq < this.lastSequence) this.ordered = false;
      else this.lastSequence = seq;
    }
    const c = event.correlationId;
    if (c !== undefined) {
      const group = this.byCorrelation.get(c);
      if (group === undefined) this.byCorrelation.set(c, { positions: [position], start: 0 });
      else group.positions.push(position);
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
      // The evicted event is the oldest of its correlation, so it is the group's first live position.
      const group = this.byCorrelation.get(c)!;
      group.start++;
      const left = group.positions.length - group.start;
      if (left === 0) this.byCorrelation.delete(c);
      else if (group.start >= 32 && group.start >= left) {
        group.positions = group.positions.slice(group.start);
        group.start = 0;
      }
    }
    this.maybeCompact();
  }

  getByCorrelation(correlationId: string): TradingEvent[] {
    const group = this.byCorrelation.get(correlationId);
    if (group === undefined) return [];
    const { positions, start } = group;
    const out = new Array<TradingEvent>(positions.length - start);
    for (let i = start; i < positions.length; i++) out[i - start] = this.log[positions[i] - this.base]!;
    return this.ordered ? out : out.sort(bySequence);
  }

  /** First event of `type` in the correlation, in arrival order; O(k). */
  findInCorrelation(correlationId: string, type: EventType): TradingEvent | undefined {
    const group = this.byCorrelation.get(correlationId);
    if (group === undefined) return undefined;
    const { positions } = group;
    for (let i = group.start; i < positions.length; i++) {
      const e = this.log[positions[i] - this.base]!;
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
    const group = this.byCorrelation.get(correlationId);
    if (group === undefined) return 0;
    const log = this.log;
    const { positions, start } = group;
    for (let i = start; i < positions.length; i++) log[positions[i] - this.base] = undefined;
    this.byCorrelation.delete(correlationId);
    const removed = positions.length - start;
    this.live -= removed;
    let h = this.head;
    while (h < log.length && log[h] === undefined) h++;
    this.head = h;
    this.maybeCompact();
    return removed;
  }

  /**
   * Keeps holes from accumulating: a long run of leading holes (sliding eviction,
   * trades closing in order) is cut off by moving `base`, with no index rewrite;
   * once holes inside the log outnumber live events it is rebuilt and reindexed.
   * Each O(n) step is paid for by the ≥ n/2 evictions/removals since the last one.
   */
  private maybeCompact(): void {
    const interior = this.log.length - this.head - this.live;
    if (interior >= MIN_HOLES_TO_COMPACT && interior > this.live) {
      this.rebuild();
      return;
    }
    const h = this.head;
    if (h >= MIN_HOLES_TO_COMPACT && h * 2 >= this.log.length) {
      this.log = this.log.slice(h);
      this.base += h;
      this.head = 0;
    }
  }

  private rebuild(): void {
    const old = this.log;
    const log: TradingEvent[] = [];
    const index = new Map<string, Group>();
    for (let i = this.head; i < old.length; i++) {
      const e = old[i];
      if (e === undefined) continue;
      const c = e.correlationId;
      if (c !== undefined) {
        const group = index.get(c);
        if (group === undefined) index.set(c, { positions: [log.length], start: 0 });
        else group.positions.push(log.length);
      }
      log.push(e);
    }
    this.log = log;
    this.byCorrelation = index;
    this.base = 0;
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
      const group = this.byCorrelation.get(query.correlationId);
      if (group !== undefined) {
        const { positions } = group;
        for (let i = group.start; i < positions.length; i++) if (!visit(this.log[positions[i] - this.base]!)) break;
      }
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
    this.base = 0;
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
