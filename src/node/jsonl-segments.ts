// The files of one JSON-lines stream: each append is a block of whole lines, written as one
// gzip member (concatenated members are valid gzip) to the current segment, which rolls over
// to <stem>.1.jsonl.gz, <stem>.2… past max_file_size_mb. Its position is plain data, so a
// stream begun on the run's thread can be continued by the events writer thread.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface JsonlSegmentsOptions {
  dir: string;
  /** File stem; segments are <stem>.jsonl.gz, <stem>.1.jsonl.gz, … */
  stem: string;
  /** false writes plain <stem>.jsonl segments. */
  compression: boolean;
  /** Segment size limit in bytes on disk. */
  maxBytes: number;
}

/** Where a stream stands: enough to continue it elsewhere. */
export interface JsonlSegmentsPosition {
  segment: number;
  segmentBytes: number;
  files: string[];
}

export class JsonlSegments {
  private segment: number;
  private segmentBytes: number;
  private readonly paths: string[];

  constructor(
    private readonly options: JsonlSegmentsOptions,
    position: JsonlSegmentsPosition = { segment: 0, segmentBytes: 0, files: [] },
  ) {
    this.segment = position.segment;
    this.segmentBytes = position.segmentBytes;
    this.paths = [...position.files];
  }

  private segmentPath(): string {
    const { dir, stem, compression } = this.options;
    const ext = compression ? 'jsonl.gz' : 'jsonl';
    return join(dir, this.segment === 0 ? `${stem}.${ext}` : `${stem}.${this.segment}.${ext}`);
  }

  /** Appends whole lines (UTF-8, each ending in \n). */
  append(lines: Uint8Array): void {
    if (lines.length === 0) return;
    // Level 1: an event log streamed while the run goes compresses ~14 % less tightly than at
    // the default 6 but in less than half the time (350 vs 795 ms for 128 MB of events).
    const bytes = this.options.compression ? gzipSync(lines, { level: 1 }) : lines;
    if (this.segmentBytes > 0 && this.segmentBytes + bytes.length > this.options.maxBytes) {
      this.segment++;
      this.segmentBytes = 0;
    }
    const path = this.segmentPath();
    if (!this.paths.includes(path)) this.paths.push(path);
    appendFileSync(path, bytes);
    this.segmentBytes += bytes.length;
  }

  get files(): string[] {
    return [...this.paths];
  }

  get position(): JsonlSegmentsPosition {
    return { segment: this.segment, segmentBytes: this.segmentBytes, files: this.files };
  }
}
