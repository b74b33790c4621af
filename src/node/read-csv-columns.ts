// Streaming CSV import for Node: the file (or any text stream) flows through papaparse's
// streaming parser chunk by chunk into CsvBarReader's growing columns, so the text is
// never held whole — peak memory is the columns plus a chunk. The first chunk's average
// row length and the file size size the columns up front (no regrowth for one-symbol
// files). Errors and warnings are the same as parseBarsCsv's, with the same line numbers.
import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import Papa from 'papaparse';
import { CsvBarReader, type ParseBarsCsvOptions, type ParseBarsCsvResult } from '../engine/data/csv-bar-reader';
import { csvRowStep } from '../engine/data/csv-bars';

export interface CsvReadProgress {
  /** Characters read so far (bytes for ASCII files). */
  bytesRead: number;
  /** The file's size when known. */
  totalBytes: number | undefined;
  /** Data rows read so far. */
  rows: number;
}

export interface ReadCsvColumnsOptions extends Partial<ParseBarsCsvOptions> {
  /** Called after each chunk (about every MiB). */
  onProgress?: (progress: CsvReadProgress) => void;
  /** Stops reading; the result is then an error saying the import was cancelled. */
  signal?: AbortSignal;
  /** Size of the input, for the capacity estimate and progress (read from the file when given a path). */
  totalBytes?: number;
  /** Bytes per chunk (default 4 MiB). */
  chunkSize?: number;
}

/** The parse result plus what was read. */
export type ReadCsvColumnsResult = ParseBarsCsvResult & { bytesRead: number };

/**
 * Reads bars from a CSV file path or a text stream into columns (BarSeries with one
 * Float64Array per field). Never rejects on bad data: errors come back in the result with
 * file:line (column …); rejects only when the file cannot be read.
 */
export function readCsvColumns(input: string | Readable, options: ReadCsvColumnsOptions = {}): Promise<ReadCsvColumnsResult> {
  const chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
  let totalBytes = options.totalBytes;
  let stream: Readable;
  const fileName = options.fileName ?? (typeof input === 'string' ? input : 'input.csv');
  if (typeof input === 'string') {
    totalBytes ??= statSync(input).size;
    stream = createReadStream(input, { encoding: 'utf8', highWaterMark: chunkSize });
  } else {
    stream = input;
    stream.setEncoding?.('utf8');
  }
  const reader = new CsvBarReader({ ...options, fileName });
  let bytesRead = 0;
  let cancelled = false;
  return new Promise<ReadCsvColumnsResult>((resolve, reject) => {
    let settled = false;
    const settle = (result: ReadCsvColumnsResult | Error): void => {
      if (settled) return;
      settled = true;
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    stream.on('error', (error: Error) => settle(error));
    stream.on('data', (chunk: string | Buffer) => {
      bytesRead += chunk.length;
      options.onProgress?.({ bytesRead, totalBytes, rows: reader.dataRows });
    });
    const step = csvRowStep(reader);
    Papa.parse<string[]>(stream as unknown as File, {
      skipEmptyLines: false,
      beforeFirstChunk: (chunk: string) => {
        const body = chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
        if (totalBytes !== undefined) {
          let lines = 0;
          for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lines++;
          // A little over the estimate: one regrowth costs more than 5 % slack.
          if (lines > 1) reader.expectRows((totalBytes / (body.length / lines)) * 1.05);
        }
        return body;
      },
      step: (results, parser) => {
        if (options.signal?.aborted) {
          cancelled = true;
          parser.abort();
          return;
        }
        step(results, parser);
      },
      complete: () => {
        if (cancelled) {
          stream.destroy();
          const errors = [{ file: fileName, line: 0, message: 'Import cancelled.' }];
          settle({ ok: false, errors, errorCount: 1, warnings: [], warningCount: 0, bytesRead });
          return;
        }
        settle({ ...reader.finish(), bytesRead });
      },
      error: (error: Error) => settle(error),
    });
  });
}
