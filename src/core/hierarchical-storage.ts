// The `hierarchical` EventStorage: recent events in a synchronous hot store (MemoryStorage),
// the oldest spilled in batches to a cold backend (IndexedDB, files — async is fine) before the
// hot store would pass `hotLimit`. Reads merge both in sequence order, so callers never see the
// tier. A cold store that writes synchronously (Node's files) is written at once when no earlier
// spill is pending: memory stays bounded even while a synchronous caller (a backtest chunk)
// never yields to let queued writes run.
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
  /** Events kept hot (never more); when full, the oldest `spillBatch` go to the cold store in one appendBatch. */
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
  /** The most events held in memory at once (hot plus in flight) since construction or clear(). */
  peak: number;
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
  private peak = 0;
  /** Spills handed to the cold store whose write has not settled (ordering: later ones queue behind). */
  private pendingSpills = 0;
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
      peak: this.peak,
    };
  }

  /** Synchronous unless it started a spill; the returned promise never rejects (see flush()). */
  append(event: TradingEvent): MaybePromise<void> {
    // Spill before the hot store would pass hotLimit, so it never holds more than hotLimit.
    const pending = this.hot.count() >= this.hotLimit ? this.spill() : undefined;
    this.hot.append(event);
    this.notePeak();
    return pending;
  }

  appendBatch(events: readonly TradingEvent[]): MaybePromise<void> {
    let pending: Promise<void> | undefined;
    for (const e of events) {
      if (this.hot.count() >= this.hotLimit) pending = this.spill() ?? pending;
      this.hot.append(e);
    }
    this.notePeak();
    return pending;
  }

  /**
   * Moves every hot event to the cold store and waits for the writes: the cold store then holds
   * the complete record in sequence order (the end of a run that writes it out as one file).
   * Rejects with the first spill failure, like flush().
   */
  async spillAll(): Promise<void> {
    const rest = this.hot.count();
    if (rest > 0) void this.spill(rest);
    await this.flush();
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
    this.peak = this.inFlight.reduce((n, b) => n + b.length, 0);
    if (!this.spilledAny) return;
    return this.spillChain.then(async () => {
      this.hot.clear();
      this.inFlight = [];
      await this.cold.clear();
      this.spilledAny = false;
      this.failure = undefined;
    });
  }

  /**
   * Moves the oldest `size` events out of the hot store, synchronously, then writes them cold:
   * at once when the cold store answers synchronously and no earlier spill is pending (returns
   * undefined), otherwise queued behind the pending ones (the returned promise never rejects).
   */
  private spill(size = this.spillBatch): Promise<void> | undefined {
    const all = this.hot.query();
    const batch = all.slice(0, size);
    this.hot.clear();
    for (let i = batch.length; i < all.length; i++) this.hot.append(all[i]!);
    this.inFlight.push(batch);
    this.spilledAny = true;
    this.spills++;
    this.spilledEvents += batch.length;
    this.notePeak();
    if (this.pendingSpills === 0 && !this.failure) {
      let written: MaybePromise<void>;
      try {
        written = this.writeCold(batch);
      } catch (error) {
        this.fail(error);
        return undefined;
      }
      if (!isPromise(written)) {
        this.landed(batch);
        return undefined;
      }
      return this.track(written.then(() => this.landed(batch)));
    }
    return this.track(
      this.spillChain.then(async () => {
        if (this.failure) return; // keep it readable in memory; flush() reports the first failure
        await this.writeCold(batch);
        this.landed(batch);
      }),
    );
  }

  /** Chains a cold write so later spills and flush() wait for it; failures are recorded, not thrown. */
  private track(write: Promise<void>): Promise<void> {
    this.pendingSpills++;
    const settled = write.then(
      () => {
        this.pendingSpills--;
      },
      (error: unknown) => {
        this.pendingSpills--;
        this.fail(error);
      },
    );
    this.spillChain = this.spillChain.then(() => settled);
    return this.spillChain;
  }

  /** appendBatch (or append one by one), synchronous as long as the cold store is. */
  private writeCold(batch: readonly TradingEvent[]): MaybePromise<void> {
    if (this.cold.appendBatch) return this.cold.appendBatch(batch);
    for (let i = 0; i < batch.length; i++) {
      const r = this.cold.append(batch[i]!);
      if (isPromise(r)) {
        return r.then(async () => {
          for (let k = i + 1; k < batch.length; k++) await this.cold.append(batch[k]!);
        });
      }
    }
    return undefined;
  }

  private landed(batch: TradingEvent[]): void {
    const at = this.inFlight.indexOf(batch);
    if (at >= 0) this.inFlight.splice(at, 1);
  }

  private fail(error: unknown): void {
    if (this.failure) return;
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.onError?.(this.failure);
  }

  private notePeak(): void {
    const held = this.hot.count() + this.inFlight.reduce((n, b) => n + b.length, 0);
    if (held > this.peak) this.peak = held;
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
