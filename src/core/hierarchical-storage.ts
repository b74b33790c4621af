// The `hierarchical` EventStorage: recent events in a synchronous hot store (MemoryStorage),
// the oldest spilled in batches to a cold backend (IndexedDB, files — async is fine) once the
// hot store passes `hotLimit`. Reads merge both in sequence order, so callers never see the tier.
import { isPromise, type EventQuery, type EventStorage, type MaybePromise } from './event-storage';
import type { TradingEvent } from './events';

/** An EventStorage that answers synchronously (MemoryStorage is one). */
export interface SyncEventStorage extends EventStorage {
  append(event: TradingEvent): void;
  getByCorrelation(correlationId: string): TradingEvent[];
  query(query?: EventQuery): TradingEvent[];
  removeCorrelation(correlationId: string): number;
  count(): number;
  clear(): void;
}

export interface HierarchicalStorageOptions {
  hot: SyncEventStorage;
  cold: EventStorage;
  /** Events kept hot; past it the oldest `spillBatch` go to the cold store in one appendBatch. */
  hotLimit: number;
  /** Events moved per spill; default half of hotLimit (at least 1). */
  spillBatch?: number;
  /** Called when a spill to the cold store fails (flush() then rejects with the same error). */
  onError?: (error: Error) => void;
}

export interface HierarchicalStorageStats {
  hot: number;
  /** Spilled events whose cold write has not finished yet (still readable). */
  inFlight: number;
  spills: number;
  spilledEvents: number;
}

export class HierarchicalStorage implements EventStorage {
  private readonly hot: SyncEventStorage;
  private readonly cold: EventStorage;
  readonly hotLimit: number;
  private readonly spillBatch: number;
  private readonly onError?: (error: Error) => void;
  /** Batches handed to the cold store and not yet confirmed; readable meanwhile. */
  private inFlight: TradingEvent[][] = [];
  private spillChain: Promise<void> = Promise.resolve();
  private spilledAny = false;
  private spills = 0;
  private spilledEvents = 0;
  private failure?: Error;

  constructor(options: HierarchicalStorageOptions) {
    if (!Number.isInteger(options.hotLimit) || options.hotLimit < 1) {
      throw new RangeError(`HierarchicalStorage hotLimit must be a positive integer, got ${String(options.hotLimit)}.`);
    }
    this.hot = options.hot;
    this.cold = options.cold;
    this.hotLimit = options.hotLimit;
    this.spillBatch = Math.max(1, Math.min(options.hotLimit, options.spillBatch ?? Math.ceil(options.hotLimit / 2)));
    this.onError = options.onError;
  }

  get stats(): HierarchicalStorageStats {
    return {
      hot: this.hot.count(),
      inFlight: this.inFlight.reduce((n, b) => n + b.length, 0),
      spills: this.spills,
      spilledEvents: this.spilledEvents,
    };
  }

  /** Synchronous unless it started a spill; the returned promise never rejects (see flush()). */
  append(event: TradingEvent): MaybePromise<void> {
    this.hot.append(event);
    if (this.hot.count() > this.hotLimit) return this.spill();
  }

  appendBatch(events: readonly TradingEvent[]): MaybePromise<void> {
    if (this.hot.appendBatch) this.hot.appendBatch(events);
    else for (const e of events) this.hot.append(e);
    let pending: Promise<void> | undefined;
    while (this.hot.count() > this.hotLimit) pending = this.spill();
    return pending;
  }

  async flush(): Promise<void> {
    await this.spillChain;
    if (this.failure) throw this.failure;
    await this.cold.flush?.();
  }

  getByCorrelation(correlationId: string): MaybePromise<TradingEvent[]> {
    const hot = this.hot.getByCorrelation(correlationId).concat(this.inFlightMatching({ correlationId }));
    if (!this.spilledAny) return hot;
    return resolve(this.cold.getByCorrelation(correlationId), (cold) => mergeBySequence(cold, hot));
  }

  query(query: EventQuery = {}): MaybePromise<TradingEvent[]> {
    if (!this.spilledAny) return this.hot.query(query);
    // Each tier answers its first offset+limit matches; the merged page lies among them.
    const offset = query.offset ?? 0;
    const part: EventQuery = { ...query, offset: undefined, limit: query.limit === undefined ? undefined : offset + query.limit };
    const hot = this.hot.query(part).concat(this.inFlightMatching(part));
    return resolve(this.cold.query(part), (cold) => {
      const merged = mergeBySequence(cold, hot);
      return offset === 0 && query.limit === undefined ? merged : merged.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    });
  }

  removeCorrelation(correlationId: string): MaybePromise<number> {
    const removed = this.hot.removeCorrelation(correlationId);
    if (!this.spilledAny) return removed;
    // Wait for spills in flight so the cold store holds everything it will hold, then remove there.
    return this.spillChain.then(async () => {
      let stranded = 0; // batches a failed spill left in memory
      for (const batch of this.inFlight) {
        const before = batch.length;
        const left = batch.filter((e) => e.correlationId !== correlationId);
        stranded += before - left.length;
        batch.splice(0, before, ...left);
      }
      return removed + stranded + (await this.cold.removeCorrelation(correlationId));
    });
  }

  count(): MaybePromise<number> {
    const hot = this.hot.count() + this.inFlight.reduce((n, b) => n + b.length, 0);
    if (!this.spilledAny) return hot;
    return this.spillChain.then(async () => this.hot.count() + this.inFlight.reduce((n, b) => n + b.length, 0) + (await this.cold.count()));
  }

  clear(): MaybePromise<void> {
    this.hot.clear();
    if (!this.spilledAny) return;
    return this.spillChain.then(async () => {
      this.hot.clear();
      this.inFlight = [];
      await this.cold.clear();
      this.spilledAny = false;
      this.failure = undefined;
    });
  }

  /** Moves the oldest events out of the hot store, synchronously, then writes them cold. */
  private spill(): Promise<void> {
    const all = this.hot.query();
    const batch = all.slice(0, this.spillBatch);
    this.hot.clear();
    for (let i = batch.length; i < all.length; i++) this.hot.append(all[i]!);
    this.inFlight.push(batch);
    this.spilledAny = true;
    this.spills++;
    this.spilledEvents += batch.length;
    this.spillChain = this.spillChain.then(async () => {
      if (this.failure) return; // keep it readable in memory; flush() reports the first failure
      try {
        if (this.cold.appendBatch) await this.cold.appendBatch(batch);
        else for (const e of batch) await this.cold.append(e);
        const at = this.inFlight.indexOf(batch);
        if (at >= 0) this.inFlight.splice(at, 1);
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
        this.onError?.(this.failure);
      }
    });
    return this.spillChain;
  }

  private inFlightMatching(query: EventQuery): TradingEvent[] {
    if (this.inFlight.length === 0) return [];
    const out: TradingEvent[] = [];
    for (const batch of this.inFlight) for (const e of batch) if (matches(e, query)) out.push(e);
    return out;
  }
}

function resolve<T, R>(value: MaybePromise<T>, then: (value: T) => R): MaybePromise<R> {
  return isPromise(value) ? value.then(then) : then(value);
}

/** Sequence order across tiers; an event seen in both (spill finishing mid-read) appears once. */
function mergeBySequence(cold: readonly TradingEvent[], hot: readonly TradingEvent[]): TradingEvent[] {
  const seen = new Set<string>();
  const out: TradingEvent[] = [];
  for (const e of cold.concat(hot)) {
    if (seen.has(e.eventId)) continue;
    seen.add(e.eventId);
    out.push(e);
  }
  return out.sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity));
}

function matches(e: TradingEvent, q: EventQuery): boolean {
  if (q.type !== undefined && (typeof q.type === 'string' ? e.type !== q.type : !q.type.includes(e.type))) return false;
  if (q.from !== undefined && e.timestamp < q.from) return false;
  if (q.to !== undefined && e.timestamp > q.to) return false;
  if (q.fromSequence !== undefined && (e.sequence ?? -Infinity) < q.fromSequence) return false;
  if (q.toSequence !== undefined && (e.sequence ?? Infinity) > q.toSequence) return false;
  if (q.containerId !== undefined && e.containerId !== q.containerId) return false;
  if (q.correlationId !== undefined && e.correlationId !== q.correlationId) return false;
  if (q.symbol !== undefined && (e.payload as { symbol?: unknown }).symbol !== q.symbol) return false;
  return true;
}
