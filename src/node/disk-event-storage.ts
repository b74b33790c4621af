// Node's `disk` EventStorage: a container's events as events.jsonl.gz segments in its results
// folder (JsonlGzWriter: batched gzip members, rollover past max_file_size_mb), read back by
// streaming the files. removeCorrelation writes a tombstone (events.removed.json) applied on
// every read instead of rewriting gzip files — rewriting would cost O(file) per closed trade.
import { createReadStream, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { EventQuery, EventStorage } from '../core/event-storage';
import type { TradingEvent } from '../core/events';
import { HierarchicalStorage } from '../core/hierarchical-storage';
import { MemoryStorage } from '../core/memory-storage';
import type { StorageConfig, TraceSettings } from '../core/trace-settings';
import { checkPaging, hasFieldFilters, matchesEventQuery, pageEvents } from '../app/storage/matches-event-query';
import { JsonlGzWriter } from './jsonl-gz-writer';

export interface DiskEventStorageOptions {
  /** The container's results folder, e.g. results/signal_analyzer. */
  dir: string;
  /** gzip segments (events.jsonl.gz); false writes events.jsonl. Default true. */
  compression?: boolean;
  maxFileSizeMb?: number;
  /** Events buffered before one gzip member is appended. Default 2000. */
  batchLines?: number;
  /**
   * 'replace' (default): a new run — earlier event segments and tombstones in `dir` are deleted.
   * 'read': open an existing results folder; queries and removeCorrelation work, appends throw.
   */
  mode?: 'replace' | 'read';
}

const STEM = 'events';
const TOMBSTONES = 'events.removed.json';
const SEGMENT = /^events(?:\.(\d+))?\.jsonl(\.gz)?$/;

export class DiskEventStorage implements EventStorage {
  readonly dir: string;
  private readonly compression: boolean;
  private readonly maxFileSizeMb: number;
  private readonly batchLines: number;
  private readonly readOnly: boolean;
  private writer?: JsonlGzWriter;
  private tombstones = new Set<string>();
  /** correlationId → events written with it (live ones, tombstoned ones are deleted from the map). */
  private perCorrelation?: Map<string, number>;
  private written = 0;
  private removed = 0;
  /** False once an event arrived out of sequence order: reads then sort instead of streaming pages. */
  private ordered = true;
  private lastSequence = -Infinity;

  constructor(options: DiskEventStorageOptions) {
    this.dir = options.dir;
    this.compression = options.compression ?? true;
    this.maxFileSizeMb = options.maxFileSizeMb ?? 100;
    this.batchLines = options.batchLines ?? 2000;
    this.readOnly = options.mode === 'read';
    if (this.readOnly) {
      const path = join(this.dir, TOMBSTONES);
      if (existsSync(path)) this.tombstones = new Set(JSON.parse(readFileSync(path, 'utf8')) as string[]);
    } else {
      this.removeSegments();
      this.perCorrelation = new Map();
      this.writer = this.newWriter();
    }
  }

  static fromStorageConfig(dir: string, config: StorageConfig): DiskEventStorage {
    return new DiskEventStorage({ dir, compression: config.compression, maxFileSizeMb: config.maxFileSizeMb });
  }

  /**
   * RunBacktestOptions.storageFor for a results folder: `disk` → `<outDir>/<containerId>/events.jsonl.gz`,
   * `hierarchical` → a MemoryStorage hot tier (max_events) spilling there; `memory` → none.
   * Always gzip, like the headless runner: the results layout names the file events.jsonl.gz.
   */
  static storageFor(outDir: string): (containerId: string, settings: Readonly<TraceSettings>) => EventStorage | undefined {
    return (containerId, settings) => {
      if (settings.storageBackend === 'memory') return undefined;
      const disk = new DiskEventStorage({ dir: join(outDir, containerId), compression: true, maxFileSizeMb: settings.storageConfig.maxFileSizeMb });
      if (settings.storageBackend === 'disk') return disk;
      const hotLimit = Number.isInteger(settings.maxEvents) && settings.maxEvents > 0 ? settings.maxEvents : 10_000;
      return new HierarchicalStorage({ hot: new MemoryStorage(), cold: disk, hotLimit });
    };
  }

  /** Segment files in order: events.jsonl.gz, events.1.jsonl.gz, … */
  get files(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .map((name) => ({ name, m: SEGMENT.exec(name) }))
      .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null && statSync(join(this.dir, f.name)).isFile())
      .sort((a, b) => Number(a.m[1] ?? 0) - Number(b.m[1] ?? 0))
      .map((f) => join(this.dir, f.name));
  }

  append(event: TradingEvent): void {
    const writer = this.writable();
    this.track(event);
    writer.write(event);
  }

  appendBatch(events: readonly TradingEvent[]): void {
    const writer = this.writable();
    for (const e of events) {
      this.track(e);
      writer.write(e);
    }
  }

  flush(): void {
    this.writer?.flush();
  }

  getByCorrelation(correlationId: string): Promise<TradingEvent[]> {
    return this.query({ correlationId });
  }

  async query(query: EventQuery = {}): Promise<TradingEvent[]> {
    checkPaging(query);
    this.flush();
    if (query.limit === 0) return [];
    const need = query.limit === undefined ? Infinity : (query.offset ?? 0) + Math.max(0, query.limit);
    const canStop = this.ordered && !hasFieldFilters(query) && query.fromSequence === undefined && query.toSequence === undefined;
    const out: TradingEvent[] = [];
    for await (const event of this.stream()) {
      if (!matchesEventQuery(event, query)) continue;
      out.push(event);
      if (canStop && out.length >= need) break;
    }
    if (!this.ordered) out.sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity));
    return pageEvents(out, query);
  }

  /** Every live event, streamed from the segment files in order (tombstones applied). */
  async *stream(): AsyncGenerator<TradingEvent> {
    this.flush();
    for (const file of this.files) {
      let input: Readable = createReadStream(file);
      if (file.endsWith('.gz')) input = input.pipe(createGunzip());
      const lines = createInterface({ input, crlfDelay: Infinity });
      try {
        let lineNo = 0;
        for await (const line of lines) {
          lineNo++;
          if (!line) continue;
          let event: TradingEvent;
          try {
            event = JSON.parse(line) as TradingEvent;
          } catch (error) {
            throw new Error(`${file}: line ${lineNo} is not valid JSON (${(error as Error).message}); the segment is damaged.`, { cause: error });
          }
          if (event.correlationId !== undefined && this.tombstones.has(event.correlationId)) continue;
          yield event;
        }
      } finally {
        lines.close();
        input.destroy();
      }
    }
  }

  async removeCorrelation(correlationId: string): Promise<number> {
    const n = (await this.correlationCounts()).get(correlationId) ?? 0;
    if (n === 0) return 0;
    this.perCorrelation?.delete(correlationId);
    this.tombstones.add(correlationId);
    this.removed += n;
    writeFileSync(join(this.dir, TOMBSTONES), JSON.stringify([...this.tombstones]));
    return n;
  }

  async count(): Promise<number> {
    if (!this.readOnly) return this.written - this.removed;
    let n = 0;
    for await (const _ of this.stream()) n++;
    return n;
  }

  clear(): void {
    if (this.readOnly) throw new Error(`DiskEventStorage opened read-only on ${this.dir}: clear is not allowed.`);
    this.removeSegments();
    this.tombstones.clear();
    this.perCorrelation = new Map();
    this.written = this.removed = 0;
    this.ordered = true;
    this.lastSequence = -Infinity;
    this.writer = this.newWriter();
  }

  private writable(): JsonlGzWriter {
    if (!this.writer) throw new Error(`DiskEventStorage opened read-only on ${this.dir}: append is not allowed.`);
    return this.writer;
  }

  private track(event: TradingEvent): void {
    this.written++;
    const seq = event.sequence;
    if (seq !== undefined) {
      if (seq < this.lastSequence) this.ordered = false;
      else this.lastSequence = seq;
    }
    const c = event.correlationId;
    if (c === undefined) return;
    // An id removed earlier and used again stays removed (lifting the tombstone would resurrect
    // the old events too); the new events count as removed.
    if (this.tombstones.has(c)) {
      this.removed++;
      return;
    }
    const counts = this.perCorrelation!;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }

  private async correlationCounts(): Promise<Map<string, number>> {
    if (this.perCorrelation) return this.perCorrelation;
    const counts = new Map<string, number>();
    for await (const e of this.stream()) if (e.correlationId !== undefined) counts.set(e.correlationId, (counts.get(e.correlationId) ?? 0) + 1);
    this.perCorrelation = counts;
    return counts;
  }

  private newWriter(): JsonlGzWriter {
    return new JsonlGzWriter({ dir: this.dir, stem: STEM, compression: this.compression, maxFileSizeMb: this.maxFileSizeMb, batchLines: this.batchLines });
  }

  private removeSegments(): void {
    for (const file of this.files) rmSync(file);
    rmSync(join(this.dir, TOMBSTONES), { force: true });
  }
}
