// Appends JSON lines to gzip files in batches: each flush is one gzip member appended to the
// current segment (concatenated members are valid gzip), and a segment past max_file_size_mb
// rolls over to events.1.jsonl.gz, events.2… Lines go straight into one byte buffer (joining
// strings and re-encoding them cost more than JSON.stringify itself). Given a writer thread,
// a stream that grows past `offloadAfterLines` is handed to it: from then on this thread only
// encodes events (EventRecordEncoder) and the thread writes the very same lines.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EventRecordEncoder } from './event-record-encoder';
import { JsonlSegments } from './jsonl-segments';
import type { JsonlWriterThread } from './jsonl-writer-thread';

export interface JsonlGzWriterOptions {
  dir: string;
  /** File stem; segments are <stem>.jsonl.gz, <stem>.1.jsonl.gz, … */
  stem?: string;
  /** false writes plain <stem>.jsonl segments. */
  compression?: boolean;
  /** Segment size limit in MB (of bytes on disk). */
  maxFileSizeMb?: number;
  /** Lines buffered before a flush. */
  batchLines?: number;
  /** A thread to hand the stream to once it is long enough to be worth one. */
  thread?: JsonlWriterThread;
  /** Lines written here before the stream moves to `thread` (default 4,096: a few ms of JSON here, against starting a thread). */
  offloadAfterLines?: number;
}

/** Bytes of lines buffered before a flush, whatever the line count. */
const BATCH_BYTES = 1 << 20;

export class JsonlGzWriter {
  private readonly segments: JsonlSegments;
  private readonly batchLines: number;
  private readonly thread: JsonlWriterThread | undefined;
  private readonly offloadAfterLines: number;
  private readonly segmentsOptions: ConstructorParameters<typeof JsonlSegments>[0];
  private buf = Buffer.allocUnsafe(BATCH_BYTES + 4096);
  private off = 0;
  private bufferedLines = 0;
  private written = 0;
  private busy = 0;
  /** Set once the stream moved to the thread. */
  private offloaded?: { thread: JsonlWriterThread; stream: number; encoder: EventRecordEncoder };
  private closedFiles?: string[];
  private threadBusy = 0;

  constructor(options: JsonlGzWriterOptions) {
    this.segmentsOptions = {
      dir: options.dir,
      stem: options.stem ?? 'events',
      compression: options.compression ?? true,
      maxBytes: Math.max(1, (options.maxFileSizeMb ?? 100) * 1024 * 1024),
    };
    this.segments = new JsonlSegments(this.segmentsOptions);
    this.batchLines = options.batchLines ?? 2000;
    this.thread = options.thread;
    this.offloadAfterLines = options.offloadAfterLines ?? 4096;
    mkdirSync(options.dir, { recursive: true });
  }

  write(record: unknown): void {
    const t0 = performance.now();
    this.writeOne(record);
    this.busy += performance.now() - t0;
  }

  /** write() for each record, timed once (a clock read per event would cost a tenth of encoding it). */
  writeAll(records: Iterable<unknown>): void {
    const t0 = performance.now();
    const offloaded = this.offloaded;
    if (offloaded !== undefined && Array.isArray(records)) {
      offloaded.encoder.addAll(records);
      this.written += records.length;
    } else for (const r of records) this.writeOne(r);
    this.busy += performance.now() - t0;
  }

  private writeOne(record: unknown): void {
    const offloaded = this.offloaded;
    if (offloaded !== undefined) {
      offloaded.encoder.add(record);
      this.written++;
      return;
    }
    this.writeHere(record);
    if (this.thread !== undefined && this.written + this.bufferedLines >= this.offloadAfterLines) this.offload(this.thread);
  }

  private writeHere(record: unknown): void {
    const line = JSON.stringify(record) ?? 'null';
    // UTF-8 needs at most 3 bytes per UTF-16 unit (JSON.stringify leaves no lone surrogates).
    const most = line.length * 3 + 1;
    if (this.off + most > this.buf.length) {
      this.flushHere();
      if (most > this.buf.length) this.buf = Buffer.allocUnsafe(most);
    }
    this.off += this.buf.write(line, this.off, 'utf8');
    this.buf[this.off++] = 10;
    if (++this.bufferedLines >= this.batchLines || this.off >= BATCH_BYTES) this.flushHere();
  }

  private flushHere(): void {
    if (this.off === 0) return;
    this.segments.append(this.buf.subarray(0, this.off));
    this.written += this.bufferedLines;
    this.off = 0;
    this.bufferedLines = 0;
  }

  private offload(thread: JsonlWriterThread): void {
    this.flushHere();
    // Chunks' buffers come back (once written) to be filled again.
    const stream = thread.open(this.segmentsOptions, this.segments.position, (buffer) => this.offloaded?.encoder.recycle(buffer));
    const encoder = new EventRecordEncoder((chunk) => thread.post(stream, chunk));
    this.offloaded = { thread, stream, encoder };
  }

  /**
   * Writes out what is buffered. Once the stream is on the thread this hands the last chunk
   * over; `close()` is what waits until it is on disk.
   */
  flush(): void {
    const t0 = performance.now();
    if (this.offloaded !== undefined) this.offloaded.encoder.flush();
    else this.flushHere();
    this.busy += performance.now() - t0;
  }

  /** Wall time this thread spent writing so far (serializing or encoding, gzip, appending, waiting on the thread), in ms. */
  get busyMs(): number {
    return this.busy;
  }

  /** Time the writer thread spent on this stream (JSON text, gzip, append), known once closed. */
  get threadBusyMs(): number {
    return this.threadBusy;
  }

  /** Lines written so far (flushed or buffered). */
  get count(): number {
    return this.written + this.bufferedLines;
  }

  /** Writes everything out (waiting for the thread if the stream is there) and returns the segment files. */
  close(): string[] {
    if (this.closedFiles !== undefined) return this.closedFiles;
    const t0 = performance.now();
    const offloaded = this.offloaded;
    if (offloaded !== undefined) {
      offloaded.encoder.flush();
      const closed = offloaded.thread.close(offloaded.stream);
      this.threadBusy = closed.threadBusyMs;
      this.closedFiles = closed.files;
      this.busy += performance.now() - t0;
      return this.closedFiles;
    }
    this.flushHere();
    this.busy += performance.now() - t0;
    return this.segments.files;
  }
}

/** Reads every segment of `<dir>/<stem>` back, in segment order. */
export function readJsonlSegments<T = unknown>(dir: string, stem = 'events'): T[] {
  if (!existsSync(dir)) return [];
  const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\.(\\d+))?\\.jsonl(\\.gz)?$`);
  const files = readdirSync(dir)
    .map((name) => ({ name, m: pattern.exec(name) }))
    .filter((f): f is { name: string; m: RegExpExecArray } => f.m !== null && statSync(join(dir, f.name)).isFile())
    .sort((a, b) => Number(a.m[1] ?? 0) - Number(b.m[1] ?? 0));
  const out: T[] = [];
  for (const f of files) {
    const raw = readFileSync(join(dir, f.name));
    const text = f.m[2] ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    for (const line of text.split('\n')) if (line) out.push(JSON.parse(line) as T);
  }
  return out;
}
