// EventTracer: an observer that records the events of one bus tree under a
// retention policy. The in-memory view (a MemoryStorage) answers synchronous
// queries; an optional external backend (IndexedDB, files) is an archive fed in
// batches without blocking publish. The hot path allocates nothing per event:
// kept events get a frozen metadata record shared per (bus, container).
import { EventType, ALL_EVENT_TYPES, isEventType } from './event-type';
import type { EventQuery, EventStorage } from './event-storage';
import { isPromise } from './event-storage';
import type { TradingEvent } from './events';
import { MemoryStorage } from './memory-storage';
import type { EventObserver } from './observer';
import { normalizeRetentionPolicy } from './retention-policy';
import { DEFAULT_TRACE_SETTINGS } from './trace-settings';
import type { RetentionPolicy, TraceSettings } from './trace-settings';

export interface EventTracerOptions {
  /** The run's trace id, written to `metadata.traceId` of kept events. Never replaces an event's correlationId. */
  correlationId?: string;
  /** Default 'trade_complete'; 'all' is accepted as 'full'. */
  retentionPolicy?: RetentionPolicy | 'all';
  /**
   * Cap on the in-memory view (default 10000). sliding_window: the window.
   * trade_complete / minimal: a safety cap against trades that never close (evictions count in `dropped`).
   * full: not applied (full keeps everything) unless an external backend holds the full record.
   */
  maxEvents?: number;
  eventsToTrace?: 'ALL' | readonly EventType[];
  /**
   * A MemoryStorage is used as the in-memory view as it is (its own capacity bounds it).
   * Any other EventStorage is an archive backend: every event the policy keeps is appended
   * to it in batches, and the tracer never removes from it.
   */
  storage?: EventStorage;
  /** Trace only events owned (containerId) or produced (sourceId) by this container. */
  containerId?: string;
  /** Called with a closed trade's events right before trade_complete/minimal prune them. */
  onTradeClosed?: (correlationId: string, events: readonly TradingEvent[]) => void;
  /** A backend write (or onTradeClosed) failed; without it failures are counted and flush() rejects. */
  onStorageError?: (error: unknown, events: readonly TradingEvent[]) => void;
  /** Events per backend appendBatch call (default: the backend's preferredBatchSize, else 256). */
  batchSize?: number;
  /**
   * Record busId/containerId/traceId in kept events' metadata (default true). An event without
   * metadata gets a frozen record shared by events of the same bus and container (replace it,
   * don't mutate it); one with metadata gets a copy with the three keys added.
   */
  annotate?: boolean;
  /** Notes from whoever built the tracer (createTracerFromConfig's fallbacks). */
  warnings?: readonly string[];
  /** The full settings this tracer was built from, kept for callers (storeTrades, storagePath …). */
  settings?: Partial<TraceSettings>;
}

export interface EventTracerStats {
  /** Distinct events seen (each once, however many buses it crossed). */
  seen: number;
  /** Seen events that passed eventsToTrace and the container filter. */
  traced: number;
  /** Traced events the policy kept (appended to memory). */
  kept: number;
  /** onPublish calls for an event already seen on a descendant bus. */
  revisits: number;
  /**
   * Events whose sequence was not above the last one seen yet were new to this tracer: a
   * second bus tree (each tree numbers from 1) or a replay. Traced; their order is by sequence
   * per tree, so give each tree its own tracer when order across trees matters.
   */
  outOfOrder: number;
  /** trade_complete/minimal: traced events without correlationId, not kept by design. */
  uncorrelatedSkipped: number;
  /** Traced events the policy keeps out of memory that went to the archive backend alone. */
  archivedOnly: number;
  closedTrades: number;
  /** Evicted from the in-memory view by its cap. */
  dropped: number;
  count: number;
  peakCount: number;
  storageErrors: number;
}

const enum Policy {
  TradeComplete,
  SlidingWindow,
  Minimal,
  Full,
  None,
}

const POLICY_CODE: Readonly<Record<RetentionPolicy, Policy>> = {
  trade_complete: Policy.TradeComplete,
  sliding_window: Policy.SlidingWindow,
  minimal: Policy.Minimal,
  full: Policy.Full,
  none: Policy.None,
};

const TRACE_ALL: Readonly<Record<string, boolean>> = Object.freeze(Object.fromEntries(ALL_EVENT_TYPES.map((t) => [t, true])));

/** Distinct events remembered to recognise revisits (a power of two). */
const RECENT_SEEN = 256;

/** Distinct (bus, container) metadata records a tracer shares before it stops caching. */
const MAX_SHARED_META = 4096;

/** Closed trades whose events stay readable after pruning, for POSITION_CLOSE handlers that run later. */
const RECENTLY_CLOSED = 4;

/**
 * Attach with `bus.attachObserver(tracer)` (to one bus or to every bus of a tree: each event
 * is traced once). Retention (contract §3), as kept in memory:
 * - trade_complete: events WITH a correlationId, while their trade is open; the trade's
 *   POSITION_CLOSE calls onTradeClosed(id, events) and prunes the correlation. Events without
 *   a correlationId (BARs, FEATURES, uncorrelated updates) are not kept in memory — memory is
 *   bounded by open trades, not by bars — and are counted in stats().uncorrelatedSkipped. maxEvents
 *   caps trades that never close (rejected signals); evictions count in `dropped`.
 * - sliding_window: the last maxEvents traced events; the rest count in `dropped`.
 * - minimal: the POSITION_OPEN (with a correlationId) of each open position, removed on its close.
 * - full: every traced event, maxEvents not applied (with an archive backend, memory keeps the
 *   last maxEvents and the backend everything).
 * - none: nothing.
 * The policy bounds the in-memory view only. An archive backend (disk, hierarchical) receives
 * every traced event whatever the policy — under trade_complete and minimal too, uncorrelated
 * events (PORTFOLIO_UPDATE, BAR, FEATURES) included — so a container whose settings say disk
 * keeps its complete record there while its memory stays bounded (seed example 08's "persist
 * everything" written without a retention_policy).
 * A trade pruned at its POSITION_CLOSE stays readable through getEventsByCorrelation and
 * findCorrelated for the next few closes (not in count/getEvents), because handlers of that
 * POSITION_CLOSE run after the tracer has seen it.
 * Queries are synchronous and read the in-memory view; read an async backend through its own API.
 */
export class EventTracer implements EventObserver {
  readonly correlationId: string | undefined;
  readonly retentionPolicy: RetentionPolicy;
  readonly maxEvents: number;
  readonly eventsToTrace: 'ALL' | readonly EventType[];
  readonly containerId: string | undefined;
  /** The archive backend, when one was given (read it through its own, possibly async, API). */
  readonly backend: EventStorage | undefined;
  readonly warnings: readonly string[];
  readonly settings: Readonly<TraceSettings>;

  private readonly memory: MemoryStorage;
  private readonly policy: Policy;
  private readonly traceAll: boolean;
  private readonly traceType: Readonly<Record<string, boolean>>;
  private readonly annotate: boolean;
  private readonly onTradeClosed: EventTracerOptions['onTradeClosed'];
  private readonly onStorageError: EventTracerOptions['onStorageError'];
  private readonly batchSize: number;

  private lastSeq = 0;
  private seen = 0;
  private traced = 0;
  private kept = 0;
  private revisits = 0;
  private uncorrelated = 0;
  private archived = 0;
  private closed = 0;
  private peak = 0;
  private storageErrorCount = 0;
  private unreportedError: unknown = undefined;
  private pending: TradingEvent[] = [];
  // Allocated on first use: an idle container's tracer stays small (1000s run side by side).
  private inflight: Set<Promise<unknown>> | undefined;
  private readonly recentIds: (string | undefined)[] = new Array<string | undefined>(RECENTLY_CLOSED).fill(undefined);
  private readonly recentEvents: (readonly TradingEvent[])[] = new Array<readonly TradingEvent[]>(RECENTLY_CLOSED).fill([]);
  private recentNext = 0;
  private recentSeen: (TradingEvent | undefined)[] | undefined;
  private recentSeenNext = 0;
  private outOfOrder = 0;
  private metaCache: Map<string, Map<string, Readonly<Record<string, unknown>>>> | undefined;
  private metaCount = 0;
  private lastMetaBus: string | undefined;
  private lastMetaContainer: string | undefined;
  private lastMeta: Readonly<Record<string, unknown>> | undefined;

  constructor(options: EventTracerOptions = {}) {
    this.correlationId = options.correlationId;
    this.retentionPolicy = normalizeRetentionPolicy(options.retentionPolicy ?? DEFAULT_TRACE_SETTINGS.retentionPolicy, 'retentionPolicy');
    this.policy = POLICY_CODE[this.retentionPolicy];
    const maxEvents = options.maxEvents ?? DEFAULT_TRACE_SETTINGS.maxEvents;
    if (!Number.isInteger(maxEvents) || maxEvents < 0) {
      throw new RangeError(`maxEvents must be a non-negative integer, got ${String(maxEvents)}.`);
    }
    this.maxEvents = maxEvents;
    const batchSize = options.batchSize ?? options.storage?.preferredBatchSize ?? 256;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${String(batchSize)}.`);
    this.batchSize = batchSize;

    const types = options.eventsToTrace ?? 'ALL';
    let table: Readonly<Record<string, boolean>> = TRACE_ALL;
    if (types !== 'ALL') {
      const listed: Record<string, boolean> = {};
      for (const t of ALL_EVENT_TYPES) listed[t] = false;
      for (const t of types) {
        if (!isEventType(t)) throw new RangeError(`eventsToTrace: unknown event type '${String(t)}'. Known: ${ALL_EVENT_TYPES.join(', ')}.`);
        listed[t] = true;
      }
      table = listed;
    }
    this.eventsToTrace = types === 'ALL' ? 'ALL' : Object.freeze([...types]);
    this.traceAll = types === 'ALL';
    this.traceType = table;
    this.containerId = options.containerId;
    this.annotate = options.annotate ?? true;
    this.onTradeClosed = options.onTradeClosed;
    this.onStorageError = options.onStorageError;
    this.warnings = Object.freeze([...(options.warnings ?? [])]);

    const storage = options.storage;
    if (storage instanceof MemoryStorage) {
      this.memory = storage;
      this.backend = undefined;
    } else {
      this.backend = storage;
      this.memory = new MemoryStorage({ capacity: this.memoryCapacity(storage !== undefined) });
    }
    this.settings = Object.freeze({
      ...DEFAULT_TRACE_SETTINGS,
      ...options.settings,
      enabled: options.settings?.enabled ?? this.policy !== Policy.None,
      eventsToTrace: this.eventsToTrace,
      retentionPolicy: this.retentionPolicy,
      maxEvents,
    });
  }

  private memoryCapacity(hasBackend: boolean): number | undefined {
    switch (this.policy) {
      case Policy.None:
        return 0;
      case Policy.Full:
        // full keeps everything; with an archive holding the full record, memory is a window over it.
        return hasBackend ? this.maxEvents : undefined;
      default:
        return this.maxEvents;
    }
  }

  /** Observer hook: called once per bus the event crosses; the event is traced once. */
  onPublish(event: TradingEvent, busId: string): void {
    const seq = event.sequence;
    if (seq !== undefined) {
      // Within one bus tree sequences rise strictly, so a higher number is a new event. A number
      // at or below the last one is usually this event crossing an ancestor bus after a
      // descendant (possibly after nested publishes): it is among the last events seen. If it
      // is not, it comes from another bus tree (or a replay): traced, and counted as such.
      if (seq <= this.lastSeq) {
        if (this.seenRecently(event)) {
          this.revisits++;
          return;
        }
        this.outOfOrder++;
      } else this.lastSeq = seq;
    }
    this.seen++;
    const recent = (this.recentSeen ??= new Array<TradingEvent | undefined>(RECENT_SEEN).fill(undefined));
    recent[this.recentSeenNext] = event;
    this.recentSeenNext = (this.recentSeenNext + 1) & (RECENT_SEEN - 1);
    if (!(this.traceAll || this.traceType[event.type])) {
      // Pruning follows POSITION_CLOSE even when it is not itself traced.
      if (event.type === EventType.POSITION_CLOSE && event.correlationId !== undefined) {
        if (this.policy === Policy.TradeComplete || this.policy === Policy.Minimal) this.closeTrade(event.correlationId);
      }
      return;
    }
    const cid = this.containerId;
    if (cid !== undefined && event.containerId !== cid && event.sourceId !== cid) return;
    if (seq === undefined) event.sequence = ++this.lastSeq;
    this.traced++;
    switch (this.policy) {
      case Policy.TradeComplete: {
        const c = event.correlationId;
        if (c === undefined) {
          this.uncorrelated++;
          if (this.backend !== undefined) this.archive(event, busId);
          return;
        }
        this.keep(event, busId);
        if (event.type === EventType.POSITION_CLOSE) this.closeTrade(c);
        return;
      }
      case Policy.SlidingWindow:
      case Policy.Full:
        this.keep(event, busId);
        return;
      case Policy.Minimal: {
        const c = event.correlationId;
        if (event.type === EventType.POSITION_OPEN && c !== undefined) {
          this.keep(event, busId);
          return;
        }
        if (event.type === EventType.POSITION_OPEN) this.uncorrelated++;
        if (this.backend !== undefined) this.archive(event, busId);
        if (event.type === EventType.POSITION_CLOSE && c !== undefined) this.closeTrade(c);
        return;
      }
      case Policy.None:
        return;
    }
  }

  /** Whether `event` is one of the last RECENT_SEEN distinct events seen (newest first: revisits are recent). */
  private seenRecently(event: TradingEvent): boolean {
    const recent = this.recentSeen;
    if (recent === undefined) return false;
    let i = this.recentSeenNext;
    for (let k = 0; k < RECENT_SEEN; k++) {
      i = (i - 1) & (RECENT_SEEN - 1);
      const e = recent[i];
      if (e === event) return true;
      if (e === undefined) return false;
    }
    return false;
  }

  /** Traces an event outside any bus (stamping its sequence when it has none). */
  trace(event: TradingEvent, busId = 'direct'): void {
    this.onPublish(event, busId);
  }

  private keep(event: TradingEvent, busId: string): void {
    this.annotateEvent(event, busId);
    const memory = this.memory;
    memory.append(event);
    this.kept++;
    if (memory.size > this.peak) this.peak = memory.size;
    if (this.backend !== undefined) {
      this.pending.push(event);
      if (this.pending.length >= this.batchSize) this.writeBatch();
    }
  }

  /** To the archive backend only: an event the policy does not keep in memory. */
  private archive(event: TradingEvent, busId: string): void {
    this.annotateEvent(event, busId);
    this.archived++;
    this.pending.push(event);
    if (this.pending.length >= this.batchSize) this.writeBatch();
  }

  private annotateEvent(event: TradingEvent, busId: string): void {
    if (this.annotate) {
      const meta = event.metadata;
      // Never a write into `meta`: metadata objects may be shared between events (a strategy
      // passing one options object), and writing into one would change other events. The first
      // tracer to keep an event names its bus.
      if (meta === undefined) event.metadata = this.sharedMeta(busId, event.containerId ?? event.sourceId);
      else if (meta.busId === undefined) event.metadata = annotatedCopy(meta, busId, event.containerId ?? event.sourceId, this.correlationId);
    }
  }

  /**
   * The frozen metadata record for (bus, container), shared by every event kept from them:
   * no allocation per event, and a consumer that tries to mutate it fails loudly instead of
   * changing other events. Bounded: past MAX_SHARED_META pairs a fresh record is made.
   */
  private sharedMeta(busId: string, containerId: string): Record<string, unknown> {
    if (busId === this.lastMetaBus && containerId === this.lastMetaContainer) return this.lastMeta!;
    const cache = (this.metaCache ??= new Map());
    let byContainer = cache.get(busId);
    let meta = byContainer?.get(containerId);
    if (meta === undefined) {
      meta = Object.freeze({ busId, containerId, traceId: this.correlationId });
      if (this.metaCount < MAX_SHARED_META) {
        if (byContainer === undefined) cache.set(busId, (byContainer = new Map()));
        byContainer.set(containerId, meta);
        this.metaCount++;
      }
    }
    this.lastMetaBus = busId;
    this.lastMetaContainer = containerId;
    this.lastMeta = meta;
    return meta as Record<string, unknown>;
  }

  private closeTrade(correlationId: string): void {
    if (!this.memory.hasCorrelation(correlationId)) return;
    const events = this.memory.getByCorrelation(correlationId);
    this.closed++;
    this.recentIds[this.recentNext] = correlationId;
    this.recentEvents[this.recentNext] = events;
    this.recentNext = (this.recentNext + 1) % RECENTLY_CLOSED;
    if (this.onTradeClosed !== undefined) {
      try {
        this.onTradeClosed(correlationId, events);
      } catch (error) {
        // Publishing must go on; memory stays bounded, and the failure is reported, not lost.
        this.reportStorageError(error, events);
      }
    }
    this.memory.removeCorrelation(correlationId);
  }

  private writeBatch(): void {
    const batch = this.pending;
    if (batch.length === 0 || this.backend === undefined) return;
    this.pending = [];
    const backend = this.backend;
    let result: unknown;
    try {
      if (backend.appendBatch !== undefined) result = backend.appendBatch(batch);
      else {
        const writes: Promise<void>[] = [];
        for (const e of batch) {
          const r = backend.append(e);
          if (isPromise(r)) writes.push(r);
        }
        result = writes.length > 0 ? Promise.all(writes) : undefined;
      }
    } catch (error) {
      this.reportStorageError(error, batch);
      return;
    }
    if (isPromise(result)) {
      const p: Promise<unknown> = result.then(
        () => this.inflight!.delete(p),
        (error: unknown) => {
          this.inflight!.delete(p);
          this.reportStorageError(error, batch);
        },
      );
      (this.inflight ??= new Set()).add(p);
    }
  }

  private reportStorageError(error: unknown, events: readonly TradingEvent[]): void {
    this.storageErrorCount++;
    if (this.onStorageError !== undefined) {
      try {
        this.onStorageError(error, events);
        return;
      } catch (handlerError) {
        error = handlerError;
      }
    }
    this.unreportedError ??= error;
  }

  /**
   * Sends the pending batch to the backend and waits for every write in flight.
   * Rejects with the first storage error no onStorageError handler took.
   */
  async flush(): Promise<void> {
    this.writeBatch();
    while (this.inflight !== undefined && this.inflight.size > 0) await Promise.all([...this.inflight]);
    if (this.backend?.flush !== undefined) await this.backend.flush();
    const error = this.unreportedError;
    if (error !== undefined) {
      this.unreportedError = undefined;
      throw error instanceof Error ? error : new Error(`Trace storage failed: ${String(error)}`);
    }
  }

  // ---- queries: the in-memory view, synchronous ----

  /** Every event in memory, in sequence order. */
  getEvents(): TradingEvent[] {
    return this.memory.query();
  }

  /** The in-memory events matching `query` (type, time/sequence range, container, symbol, paging), in sequence order. */
  query(query?: EventQuery): TradingEvent[] {
    return this.memory.query(query);
  }

  /**
   * The events of one correlation (trade), in sequence order. A trade pruned at its
   * POSITION_CLOSE stays readable here until a few more trades close, so handlers of
   * that POSITION_CLOSE anywhere in the bus tree can still read its chain.
   */
  getEventsByCorrelation(correlationId: string): TradingEvent[] {
    if (this.memory.hasCorrelation(correlationId)) return this.memory.getByCorrelation(correlationId);
    const i = this.recentIds.indexOf(correlationId);
    return i < 0 ? [] : [...this.recentEvents[i]];
  }

  /** The first event of `type` in the correlation (e.g. the POSITION_OPEN of a closing trade). */
  findCorrelated<T extends EventType>(correlationId: string, type: T): TradingEvent<T> | undefined {
    const found = this.memory.findInCorrelation(correlationId, type);
    if (found !== undefined) return found as TradingEvent<T>;
    const i = this.recentIds.indexOf(correlationId);
    if (i < 0) return undefined;
    return this.recentEvents[i].find((e) => e.type === type) as TradingEvent<T> | undefined;
  }

  /** Removes a correlation's events from memory (not from an archive backend); returns how many. */
  pruneCorrelated(correlationId: string): number {
    const i = this.recentIds.indexOf(correlationId);
    if (i >= 0) {
      this.recentIds[i] = undefined;
      this.recentEvents[i] = [];
    }
    return this.memory.removeCorrelation(correlationId);
  }

  /** Events in memory now. */
  get count(): number {
    return this.memory.size;
  }

  /** The most events memory held at once. */
  get peakCount(): number {
    return this.peak;
  }

  /** Events evicted from memory by its cap (sliding_window's window, the others' safety cap). */
  get dropped(): number {
    return this.memory.dropped;
  }

  /** Open correlations (trades) in memory. */
  get openCorrelations(): number {
    return this.memory.correlationCount;
  }

  stats(): EventTracerStats {
    return {
      seen: this.seen,
      traced: this.traced,
      kept: this.kept,
      revisits: this.revisits,
      outOfOrder: this.outOfOrder,
      uncorrelatedSkipped: this.uncorrelated,
      archivedOnly: this.archived,
      closedTrades: this.closed,
      dropped: this.memory.dropped,
      count: this.memory.size,
      peakCount: this.peak,
      storageErrors: this.storageErrorCount,
    };
  }

  /** Empties memory and counters (the archive backend is left alone); the sequence memory is kept. */
  clear(): void {
    this.memory.clear();
    this.seen = this.traced = this.kept = this.revisits = this.outOfOrder = this.uncorrelated = this.archived = this.closed = this.peak = 0;
    this.recentIds.fill(undefined);
    this.recentEvents.fill([]);
  }
}

/**
 * `{ ...meta, busId, containerId, traceId }`, written out: V8's object spread followed by three
 * added keys made every copy a fresh, slow object that scavenges kept copying and promoting —
 * measured 1.6x fewer events/s with trade_complete tracing (2.7 vs 4.3 M/s). Same own keys, same order.
 */
function annotatedCopy(meta: Record<string, unknown>, busId: string, containerId: string, traceId: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in meta) if (Object.hasOwn(meta, key)) out[key] = meta[key];
  out.busId = busId;
  out.containerId = containerId;
  out.traceId = traceId;
  return out;
}
