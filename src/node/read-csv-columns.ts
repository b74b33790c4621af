// Streaming CSV import for Node: the file (or any text stream) flows chunk by chunk through
// the fast tokenizer (CsvFastReader; papaparse's streaming parser takes over from the line
// it stops at, e.g. a quote) into CsvBarReader's growing columns, so the text is
// never held whole — peak memory is the columns plus a chunk. The first chunk's average
// row length and the file size size the columns up front (no regrowth for one-symbol
// files). Errors and warnings are the same as parseBarsCsv's, with the same line numbers.
import { createReadStream, statSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import Papa from 'papaparse';
import { CsvBarReader, type ParseBarsCsvOptions, type ParseBarsCsvResult } from '../engine/data/csv-bar-reader';
import { csvRowStep, handoffConfig } from '../engine/data/csv-bars';
import { CsvFastReader } from '../engine/data/csv-fast-reader';

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
  /** Bytes per chunk (default 1 MiB: peak memory is the columns plus a few chunks; larger chunks read no faster). */
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
  const chunkSize = options.chunkSize ?? 1024 * 1024;
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
  const fast = new CsvFastReader(reader);
  let bytesRead = 0;
  let first = true;
  /** Set once the fast path stopped: papaparse reads this stream (the handed-off text, then every later chunk). */
  let rest: PassThrough | undefined;
  return new Promise<ReadCsvColumnsResult>((resolve, reject) => {
    let settled = false;
    const settle = (result: ReadCsvColumnsResult | Error): void => {
      if (settled) return;
      settled = true;
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const cancelled = (): void => {
      stream.destroy();
      rest?.destroy();
      const errors = [{ file: fileName, line: 0, message: 'Import cancelled.' }];
      settle({ ok: false, errors, errorCount: 1, warnings: [], warningCount: 0, bytesRead });
    };
    const handOff = (): void => {
      const handoff = fast.handoff!;
      rest = new PassThrough({ encoding: 'utf8' });
      const step = csvRowStep(reader, undefined, handoff.line);
      // papaparse resumes from the line the fast path stopped at, with the delimiter and line end it guessed.
      Papa.parse<string[]>(rest as unknown as File, {
        skipEmptyLines: false,
        ...handoffConfig(handoff),
        step: (results, parser) => {
          if (options.signal?.aborted) {
            parser.abort();
            cancelled();
            return;
          }
          step(results, parser);
        },
        complete: () => settle({ ...reader.finish(), bytesRead }),
        error: (error: Error) => settle(error),
      });
      rest.write(handoff.text);
      // Back-pressure: the file waits while papaparse catches up.
      rest.on('drain', () => stream.resume());
    };
    stream.on('error', (error: Error) => settle(error));
    stream.on('data', (data: string | Buffer) => {
      if (settled) return;
      if (options.signal?.aborted) {
        cancelled();
        return;
      }
      let chunk = typeof data === 'string' ? data : data.toString('utf8');
      bytesRead += chunk.length;
      if (first) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
        if (totalBytes !== undefined) {
          let lines = 0;
          for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
          // A little over the estimate: one regrowth costs more than 5 % slack.
          if (lines > 1) reader.expectRows((totalBytes / (chunk.length / lines)) * 1.05);
        }
      }
      if (rest) {
        if (!rest.write(chunk)) stream.pause();
      } else if (!fast.push(chunk)) handOff();
      else if (!reader.accepting) {
        // The header was refused: the rest of the file cannot change the answer.
        stream.destroy();
        settle({ ...reader.finish(), bytesRead });
        return;
      }
      options.onProgress?.({ bytesRead, totalBytes, rows: reader.dataRows });
    });
    stream.on('end', () => {
      if (settled) return;
      if (options.signal?.aborted) {
        cancelled();
        return;
      }
      if (!rest && reader.accepting && !fast.end()) handOff();
      if (rest) rest.end();
      else settle({ ...reader.finish(), bytesRead });
    });
  });
}
