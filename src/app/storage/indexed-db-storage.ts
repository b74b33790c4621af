// The browser's `disk` EventStorage: events of one (run, container) in IndexedDB via Dexie,
// written in batched transactions (one per `batchSize` events or per flush/appendBatch), as
// plain indexed rows or — with storage_config.compression — as gzip chunks of JSON lines
// grouped into segments of at most max_file_size_mb, mirroring events.jsonl.gz files on disk.
// A failed write (quota) never touches earlier transactions: they stay readable, and the
// failure is reported once as a StorageQuotaError that says what was kept.
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import type { EventQuery, EventStorage } from '../../core/event-storage';
import type { TradingEvent } from '../../core/events';
import type { StorageConfig } from '../../core/trace-settings';
import { checkPaging, hasFieldFilters, matchesEventQuery, pageEvents } from './matches-event-query';
import { StorageQuotaError, isQuotaError } from './storage-quota-error';
import { jsonBytes, type ChunkRow, type EventRow, type SegmentRow, type StudioDb } from './studio-db';

export interface IndexedDbStorageOptions {
  db: StudioDb;
  runId: string;
  /** The tracing container; its events form one results folder. */
  containerId: string;
  /** Gzip each batch (fflate) into a chunk; default false. */
  compression?: boolean;
  /** Segment size limit (bytes of JSON, or of gzip when compressed); default 100. */
  maxFileSizeMb?: number;
  /** Events per transaction from append(); default 1000. */
  batchSize?: number;
  /** Write batches in flight before append() hands back a promise to await (back-pressure); default 4. */
  maxPendingBatches?: number;
  /** Called once when a background write fails (the same error flush() rejects with). */
  onError?: (error: Error) => void;
}

export interface IndexedDbStorageStats {
  /** Write transactions committed. */
  transactions: number;
  eventsStored: number;
  segments: number;
  chunks: number;
  /** Bytes counted against max_file_size_mb, summed over segments. */
  bytesStored: number;
  /** Events appended after a failed write, not stored. */
  dropped: number;
}

const SEP = '\u001f';

export class IndexedDbStorage implements EventStorage {
  readonly runId: string;
  readonly containerId: string;
  private readonly db: StudioDb;
  private compression: boolean;
  private readonly maxBytes: number;
  private readonly batchSize: number;
  private readonly maxPendingBatches: number;
  private readonly onError?: (error: Error) => void;

  private buffer: TradingEvent[] = [];
  private queue: Promise<void> = Promise.resolve();
  private pendingBatches = 0;
  private ready?: Promise<void>;
  private failure?: Error;

  // Committed state (changed only after a transaction commits).
  private lastSeq = 0;
  private current?: SegmentRow;
  private nextChunkNo = 0;
  private stored = 0;
  private segmentCount = 0;
  private chunkCount = 0;
  private bytes = 0;
  private transactions = 0;
  private dropped = 0;

  constructor(options: IndexedDbStorageOptions) {
    this.db = options.db;
    this.runId = options.runId;
    this.containerId = options.containerId;
    this.compression = options.compression ?? false;
    this.maxBytes = Math.max(1, (options.maxFileSizeMb ?? 100) * 1024 * 1024);
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
    this.maxPendingBatches = Math.max(1, options.maxPendingBatches ?? 4);
    this.onError = options.onError;
  }

  /** The storage a container's resolved trace settings ask for. */
  static fromStorageConfig(db: StudioDb, runId: string, containerId: string, config: StorageConfig): IndexedDbStorage {
    return new IndexedDbStorage({ db, runId, containerId, compression: config.compression, maxFileSizeMb: config.maxFileSizeMb });
  }

  /** Deletes every stored event, chunk and segment of a run (all containers). */
  static async deleteRun(db: StudioDb, runId: string): Promise<number> {
    return db.transaction('rw', db.events, db.chunks, db.segments, async () => {
      const rows = await db.events.where('runId').equals(runId).delete();
      const chunkEvents = (await db.chunks.where('runId').equals(runId).toArray()).reduce((n, c) => n + c.eventCount, 0);
      await db.chunks.where('runId').equals(runId).delete();
      await db.segments.where('runId').equals(runId).delete();
      return rows + chunkEvents;
    });
  }

  /**
   * One trade's events across every container of a run (root, portfolio, analysis …), in
   * sequence order; an event kept by several containers' tracers appears once.
   */
  static async runCorrelation(db: StudioDb, runId: string, correlationId: string): Promise<TradingEvent[]> {
    const containers = new Set((await db.segments.where('runId').equals(runId).toArray()).map((s) => s.containerId));
    const seen = new Set<string>();
    const out: TradingEvent[] = [];
    for (const containerId of containers) {
      for (const e of await new IndexedDbStorage({ db, runId, containerId }).getByCorrelation(correlationId)) {
        if (seen.has(e.eventId)) continue;
        seen.add(e.eventId);
        out.push(e);
      }
    }
    return out.sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity));
  }

  get stats(): IndexedDbStorageStats {
    return {
      transactions: this.transactions,
      eventsStored: this.stored,
      segments: this.segmentCount,
      chunks: this.chunkCount,
      bytesStored: this.bytes,
      dropped: this.dropped,
    };
  }

  /** The write failure, once one happened (appends after it are dropped and counted). */
  get error(): Error | undefined {
    return this.failure;
  }

  get compressed(): boolean {
    return this.compression;
  }

  append(event: TradingEvent): void | Promise<void> {
    if (this.failure) return this.drop(1);
    this.buffer.push(event);
    if (this.buffer.length < this.batchSize) return;
    const batch = this.buffer;
    this.buffer = [];
    this.enqueue(batch);
    // Back-pressure for callers that await; the promise never rejects (errors surface in flush()).
    if (this.pendingBatches > this.maxPendingBatches) return this.queue;
  }

  /** Writes the buffered events and `events` in one transaction. */
  appendBatch(events: readonly TradingEvent[]): Promise<void> {
    if (this.failure) {
      this.drop(events.length);
      return Promise.reject(this.failure);
    }
    const batch = this.buffer.length ? this.buffer.concat(events) : events.slice();
    this.buffer = [];
    return batch.length ? this.enqueue(batch) : this.queue;
  }

  async flush(): Promise<void> {
    await this.drain();
    if (this.failure) throw this.failure;
  }

  async getByCorrelation(correlationId: string): Promise<TradingEvent[]> {
    return this.query({ correlationId });
  }

  async query(query: EventQuery = {}): Promise<TradingEvent[]> {
    checkPaging(query);
    await this.drain();
    if (query.limit === 0) return [];
    await this.ensureReady();
    return this.compression ? this.queryChunks(query) : this.queryRows(query);
  }

  async count(): Promise<number> {
    await this.drain();
    await this.ensureReady();
    return this.stored;
  }

  async removeCorrelation(correlationId: string): Promise<number> {
    await this.drain();
    await this.ensureReady();
    return this.compression ? this.removeFromChunks(correlationId) : this.removeRows(correlationId);
  }

  async clear(): Promise<void> {
    await this.drain();
    const { db, runId, containerId } = this;
    await db.transaction('rw', db.events, db.chunks, db.segments, async () => {
      await db.events.where('[runId+containerId+seq]').between([runId, containerId, -Infinity], [runId, containerId, Infinity], true, true).delete();
      await db.chunks.where('[runId+containerId+chunkNo]').between([runId, containerId, -Infinity], [runId, containerId, Infinity], true, true).delete();
      await db.segments.where('[runId+containerId+segmentNo]').between([runId, containerId, -Infinity], [runId, containerId, Infinity], true, true).delete();
    });
    this.buffer = [];
    this.failure = undefined;
    this.lastSeq = 0;
    this.current = undefined;
    this.nextChunkNo = 0;
    this.stored = this.segmentCount = this.chunkCount = this.bytes = this.dropped = 0;
    this.ready = Promise.resolve();
  }

  /** The stored events as one events.jsonl.gz (gzip members of JSON lines), for export. */
  async toJsonlGz(): Promise<Uint8Array> {
    await this.drain();
    await this.ensureReady();
    if (!this.compression) {
      const events = await this.queryRows({});
      return gzipSync(strToU8(events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '')));
    }
    // Concatenated gzip members are one valid gzip stream: no recompression needed.
    const chunks = await this.scopeChunks().sortBy('chunkNo');
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.data.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c.data, at);
      at += c.data.length;
    }
    return out;
  }

  // ---- writing -------------------------------------------------------------------------

  private drop(n: number): void {
    this.dropped += n;
    if (this.failure instanceof StorageQuotaError) this.failure.countNotStored(n);
  }

  private enqueue(batch: TradingEvent[]): Promise<void> {
    this.pendingBatches++;
    const write = this.queue
      .then(() => this.writeBatch(batch))
      .catch((error: unknown) => {
        this.recordFailure(error, batch.length);
        throw this.failure;
      });
    // The queue itself never rejects: background writes report through flush()/onError.
    this.queue = write
      .catch(() => undefined)
      .finally(() => {
        this.pendingBatches--;
      });
    return write;
  }

  private async drain(): Promise<void> {
    if (this.buffer.length && !this.failure) {
      const batch = this.buffer;
      this.buffer = [];
      this.enqueue(batch);
    }
    await this.queue;
  }

  private recordFailure(error: unknown, batchSize: number): void {
    if (this.failure) return; // already counted by writeBatch's drop
    this.dropped += batchSize;
    this.failure = isQuotaError(error)
      ? new StorageQuotaError(
          this.runId,
          this.containerId,
          {
            events: this.stored,
            segments: this.segmentCount,
            bytes: this.bytes,
            ...(this.stored > 0 ? { lastSequence: this.lastSeq } : {}),
          },
          batchSize + this.buffer.length,
          error,
        )
      : error instanceof Error
        ? error
        : new Error(String(error));
    this.dropped += this.buffer.length;
    this.buffer = [];
    this.onError?.(this.failure);
  }

  private ensureReady(): Promise<void> {
    this.ready ??= this.load();
    return this.ready;
  }

  /** Picks up where an earlier storage on the same (run, container) left off. */
  private async load(): Promise<void> {
    const { runId, containerId } = this;
    const segments = await this.db.segments
      .where('[runId+containerId+segmentNo]')
      .between([runId, containerId, -Infinity], [runId, containerId, Infinity], true, true)
      .toArray();
    if (segments.length === 0) return;
    this.compression = segments[0]!.compressed;
    this.current = segments[segments.length - 1];
    this.segmentCount = segments.length;
    for (const s of segments) {
      this.stored += s.eventCount;
      this.bytes += s.byteSize;
      this.lastSeq = Math.max(this.lastSeq, s.maxSeq);
    }
    if (this.compression) {
      const last = await this.scopeChunks().last();
      this.nextChunkNo = last ? last.chunkNo + 1 : 0;
      this.chunkCount = await this.scopeChunks().count();
    }
  }

  private scopeChunks() {
    const { runId, containerId } = this;
    return this.db.chunks.where('[runId+containerId+chunkNo]').between([runId, containerId, -Infinity], [runId, containerId, Infinity], true, true);
  }

  private async writeBatch(batch: TradingEvent[]): Promise<void> {
    await this.ensureReady();
    if (this.failure) {
      this.drop(batch.length);
      return;
    }
    // Work on copies; commit them only once the transaction has committed.
    let lastSeq = this.lastSeq;
    let current = this.current ? { ...this.current } : undefined;
    const touched = new Map<number, SegmentRow>();
    let newSegments = 0;
    const place = (bytes: number, seqLo: number, seqHi: number, count: number): SegmentRow => {
      if (!current || (current.byteSize > 0 && current.byteSize + bytes > this.maxBytes)) {
        current = {
          runId: this.runId,
          containerId: this.containerId,
          segmentNo: current ? current.segmentNo + 1 : 0,
          compressed: this.compression,
          byteSize: 0,
          eventCount: 0,
          minSeq: seqLo,
          maxSeq: seqHi,
        };
        newSegments++;
      }
      current.byteSize += bytes;
      current.eventCount += count;
      current.minSeq = Math.min(current.minSeq, seqLo);
      current.maxSeq = Math.max(current.maxSeq, seqHi);
      touched.set(current.segmentNo, current);
      return current;
    };
    const seqs = batch.map((e) => {
      const seq = e.sequence ?? lastSeq + 1;
      lastSeq = Math.max(lastSeq, seq);
      return seq;
    });

    let batchBytes = 0;
    const { db } = this;
    if (this.compression) {
      const chunks: ChunkRow[] = [];
      for (let i = 0; i < batch.length; i += this.batchSize) {
        const part = batch.slice(i, i + this.batchSize);
        const partSeqs = seqs.slice(i, i + this.batchSize);
        const data = gzipSync(strToU8(part.map((e) => JSON.stringify(e)).join('\n') + '\n'));
        const [seqLo, seqHi] = bounds(partSeqs);
        const seg = place(data.length, seqLo, seqHi, part.length);
        batchBytes += data.length;
        chunks.push(this.chunkRow(this.nextChunkNo + chunks.length, seg.segmentNo, part, partSeqs, data));
      }
      await db.transaction('rw', db.chunks, db.segments, async () => {
        await db.chunks.bulkAdd(chunks);
        await db.segments.bulkPut([...touched.values()]);
      });
      this.nextChunkNo += chunks.length;
      this.chunkCount += chunks.length;
    } else {
      const rows: EventRow[] = batch.map((event, i) => {
        const bytes = jsonBytes(event) + 1; // + newline, as in a .jsonl file
        batchBytes += bytes;
        const seg = place(bytes, seqs[i]!, seqs[i]!, 1);
        return {
          runId: this.runId,
          containerId: this.containerId,
          seq: seqs[i]!,
          type: event.type,
          ...(event.correlationId !== undefined ? { correlationId: event.correlationId } : {}),
          timestamp: event.timestamp,
          segmentNo: seg.segmentNo,
          bytes,
          event,
        };
      });
      await db.transaction('rw', db.events, db.segments, async () => {
        await db.events.bulkAdd(rows);
        await db.segments.bulkPut([...touched.values()]);
      });
    }
    this.transactions++;
    this.lastSeq = lastSeq;
    this.current = current;
    this.segmentCount += newSegments;
    this.stored += batch.length;
    this.bytes += batchBytes;
  }

  private chunkRow(chunkNo: number, segmentNo: number, events: readonly TradingEvent[], seqs: readonly number[], data: Uint8Array): ChunkRow {
    const prefix = this.runId + SEP + this.containerId + SEP;
    const corr = new Set<string>();
    const types = new Set<string>();
    for (const e of events) {
      if (e.correlationId !== undefined) corr.add(prefix + e.correlationId);
      types.add(prefix + e.type);
    }
    const [minSeq, maxSeq] = bounds(seqs);
    const [minTs, maxTs] = bounds(events.map((e) => e.timestamp));
    return {
      runId: this.runId,
      containerId: this.containerId,
      chunkNo,
      segmentNo,
      minSeq,
      maxSeq,
      minTs,
      maxTs,
      eventCount: events.length,
      byteSize: data.length,
      data,
      corrKeys: [...corr],
      typeKeys: [...types],
    };
  }

  // ---- reading -------------------------------------------------------------------------

  private async queryRows(query: EventQuery): Promise<TradingEvent[]> {
    const { runId, containerId } = this;
    const lo = query.fromSequence ?? -Infinity;
    const hi = query.toSequence ?? Infinity;
    const table = this.db.events;
    if (query.correlationId === undefined && query.type === undefined && !hasFieldFilters(query)) {
      // Only a sequence range and paging: the [runId+containerId+seq] index does it all.
      let coll = table.where('[runId+containerId+seq]').between([runId, containerId, lo], [runId, containerId, hi], true, true);
      if (query.offset) coll = coll.offset(query.offset);
      if (query.limit !== undefined) coll = coll.limit(Math.max(0, query.limit));
      return (await coll.toArray()).map((r) => r.event);
    }
    let rows: EventRow[];
    if (query.correlationId !== undefined) {
      rows = await table.where('[runId+containerId+correlationId]').equals([runId, containerId, query.correlationId]).toArray();
    } else if (query.type !== undefined) {
      const types = typeof query.type === 'string' ? [query.type] : [...query.type];
      rows = await table
        .where('[runId+containerId+type]')
        .anyOf(types.map((t) => [runId, containerId, t]))
        .toArray();
    } else if (query.from !== undefined || query.to !== undefined) {
      // A timeline window: the event-time index reads only the rows inside it.
      rows = await table
        .where('[runId+containerId+timestamp]')
        .between([runId, containerId, query.from ?? -Infinity], [runId, containerId, query.to ?? Infinity], true, true)
        .toArray();
    } else {
      rows = await table.where('[runId+containerId+seq]').between([runId, containerId, lo], [runId, containerId, hi], true, true).toArray();
    }
    const rest = { ...query, fromSequence: undefined, toSequence: undefined };
    const hits = rows.filter((r) => r.seq >= lo && r.seq <= hi && matchesEventQuery(r.event, rest));
    hits.sort((a, b) => a.seq - b.seq || (a.id ?? 0) - (b.id ?? 0));
    return pageEvents(
      hits.map((r) => r.event),
      query,
    );
  }

  private async queryChunks(query: EventQuery): Promise<TradingEvent[]> {
    const prefix = this.runId + SEP + this.containerId + SEP;
    const lo = query.fromSequence ?? -Infinity;
    const hi = query.toSequence ?? Infinity;
    const from = query.from ?? -Infinity;
    const to = query.to ?? Infinity;
    const inRange = (c: ChunkRow) => c.maxSeq >= lo && c.minSeq <= hi && c.maxTs >= from && c.minTs <= to;
    const seqOf = new Map<TradingEvent, number>();
    const decode = (c: ChunkRow): TradingEvent[] => {
      const lines = strFromU8(gunzipSync(c.data)).split('\n');
      const out: TradingEvent[] = [];
      for (const line of lines) if (line) out.push(JSON.parse(line) as TradingEvent);
      return out;
    };
    const keep = (e: TradingEvent) => {
      const s = e.sequence;
      return (s === undefined || (s >= lo && s <= hi)) && matchesEventQuery(e, { ...query, fromSequence: undefined, toSequence: undefined });
    };

    if (query.correlationId === undefined && query.type === undefined) {
      // Chunks are in append (= sequence) order: page while decoding, stop once enough.
      const offset = query.offset ?? 0;
      const need = query.limit === undefined ? Infinity : offset + Math.max(0, query.limit);
      const pageable = !hasFieldFilters(query);
      const out: TradingEvent[] = [];
      // Whole chunks before the page, counted from their eventCount instead of being decompressed:
      // a page deep into a million-event trace reads the rows but decodes only the page's chunks.
      let skipped = 0;
      const whollyInside = (c: ChunkRow) => c.minSeq >= lo && c.maxSeq <= hi && c.minTs >= from && c.maxTs <= to;
      await this.scopeChunks()
        .filter(inRange)
        .until(() => pageable && skipped + out.length >= need)
        .each((c) => {
          if (pageable && out.length === 0 && skipped + c.eventCount <= offset && whollyInside(c)) {
            skipped += c.eventCount;
            return;
          }
          for (const e of decode(c)) if (keep(e)) out.push(e);
        });
      return pageEvents(out, { ...query, offset: offset - skipped });
    }

    let chunks: ChunkRow[];
    if (query.correlationId !== undefined) {
      chunks = await this.db.chunks.where('corrKeys').equals(prefix + query.correlationId).toArray();
    } else {
      const types = typeof query.type === 'string' ? [query.type] : [...(query.type ?? [])];
      chunks = await this.db.chunks
        .where('typeKeys')
        .anyOf(types.map((t) => prefix + t))
        .distinct()
        .toArray();
    }
    chunks = chunks.filter(inRange).sort((a, b) => a.chunkNo - b.chunkNo);
    const out: TradingEvent[] = [];
    let order = 0;
    for (const c of chunks)
      for (const e of decode(c))
        if (keep(e)) {
          out.push(e);
          seqOf.set(e, e.sequence ?? c.minSeq + order++);
        }
    out.sort((a, b) => seqOf.get(a)! - seqOf.get(b)!);
    return pageEvents(out, query);
  }

  // ---- removal -------------------------------------------------------------------------

  private async removeRows(correlationId: string): Promise<number> {
    const { db, runId, containerId } = this;
    let removed = 0;
    let freed = 0;
    await db.transaction('rw', db.events, db.segments, async () => {
      const rows = await db.events.where('[runId+containerId+correlationId]').equals([runId, containerId, correlationId]).toArray();
      if (rows.length === 0) return;
      const perSegment = new Map<number, { count: number; bytes: number }>();
      for (const r of rows) {
        const s = perSegment.get(r.segmentNo) ?? { count: 0, bytes: 0 };
        s.count++;
        s.bytes += r.bytes;
        perSegment.set(r.segmentNo, s);
      }
      await db.events.bulkDelete(rows.map((r) => r.id!));
      await this.shrinkSegments(perSegment);
      removed = rows.length;
      freed = rows.reduce((n, r) => n + r.bytes, 0);
    });
    await this.commitRemoval(removed, freed);
    return removed;
  }

  private async removeFromChunks(correlationId: string): Promise<number> {
    const { db } = this;
    const key = this.runId + SEP + this.containerId + SEP + correlationId;
    let removed = 0;
    let freed = 0;
    let chunksDeleted = 0;
    await db.transaction('rw', db.chunks, db.segments, async () => {
      const chunks = await db.chunks.where('corrKeys').equals(key).toArray();
      const perSegment = new Map<number, { count: number; bytes: number }>();
      for (const c of chunks) {
        const events = strFromU8(gunzipSync(c.data))
          .split('\n')
          .filter((l) => l)
          .map((l) => JSON.parse(l) as TradingEvent);
        const left = events.filter((e) => e.correlationId !== correlationId);
        const s = perSegment.get(c.segmentNo) ?? { count: 0, bytes: 0 };
        s.count += events.length - left.length;
        removed += events.length - left.length;
        if (left.length === 0) {
          await db.chunks.delete([c.runId, c.containerId, c.chunkNo]);
          s.bytes += c.byteSize;
          chunksDeleted++;
        } else {
          const seqs = left.map((e, i) => e.sequence ?? c.minSeq + i);
          const data = gzipSync(strToU8(left.map((e) => JSON.stringify(e)).join('\n') + '\n'));
          await db.chunks.put(this.chunkRow(c.chunkNo, c.segmentNo, left, seqs, data));
          s.bytes += c.byteSize - data.length;
        }
        perSegment.set(c.segmentNo, s);
      }
      freed = [...perSegment.values()].reduce((n, s) => n + s.bytes, 0);
      await this.shrinkSegments(perSegment);
    });
    this.chunkCount -= chunksDeleted;
    await this.commitRemoval(removed, freed);
    return removed;
  }

  private async shrinkSegments(perSegment: Map<number, { count: number; bytes: number }>): Promise<void> {
    const { db, runId, containerId } = this;
    for (const [segmentNo, s] of perSegment) {
      const row = await db.segments.get([runId, containerId, segmentNo]);
      if (!row) continue;
      await db.segments.put({ ...row, eventCount: row.eventCount - s.count, byteSize: Math.max(0, row.byteSize - s.bytes) });
    }
  }

  /** After the removal committed: counters, and the open segment as now stored. */
  private async commitRemoval(removed: number, freed: number): Promise<void> {
    this.stored -= removed;
    this.bytes = Math.max(0, this.bytes - freed);
    if (removed && this.current) this.current = await this.db.segments.get([this.runId, this.containerId, this.current.segmentNo]);
  }
}

function bounds(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
