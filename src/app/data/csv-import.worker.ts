// The studio's CSV import worker: the File streams in chunks (never the whole text in
// memory) through the fast tokenizer (CsvFastReader), or papaparse for files it does not
// read (quotes, tabs …), into CsvBarReader's growing columns; progress goes to the
// page a few times per second and the finished columns are transferred, not cloned. The
// page cancels by terminating this worker.
import Papa from 'papaparse';
import { CsvBarReader, type ParseBarsCsvOptions } from '../../engine/data/csv-bar-reader';
import { csvRowStep } from '../../engine/data/csv-bars';
import { CsvFastReader } from '../../engine/data/csv-fast-reader';
import type { CsvImportMessage, CsvImportRequest } from './csv-import-protocol';

const CHUNK_BYTES = 4 * 1024 * 1024;
const PROGRESS_EVERY_ROWS = 50_000;

function post(message: CsvImportMessage, transfer: Transferable[] = []): void {
  (globalThis as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(message, transfer);
}

globalThis.addEventListener('message', (event: Event) => {
  const { file, symbol } = (event as MessageEvent<CsvImportRequest>).data;
  const options: ParseBarsCsvOptions = { fileName: file.name, ...(symbol ? { symbol } : {}) };
  post({ type: 'progress', bytesRead: 0, totalBytes: file.size, rows: 0 });
  fastImport(file, options).catch((error: unknown) => post({ type: 'failed', message: `${file.name} could not be read: ${(error as Error).message}` }));
});

/** Columns sized for the whole file from the first chunk's average row length. */
function expectRowsFrom(reader: CsvBarReader, chunk: string, totalBytes: number): void {
  let lines = 0;
  for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
  if (lines > 1) reader.expectRows((totalBytes / (chunk.length / lines)) * 1.05);
}

function done(reader: CsvBarReader, totalBytes: number): void {
  const result = reader.finish();
  post({ type: 'progress', bytesRead: totalBytes, totalBytes, rows: reader.dataRows });
  const buffers = result.ok ? result.series.flatMap((s) => [s.time, s.open, s.high, s.low, s.close, s.volume].map((c) => c.buffer as ArrayBuffer)) : [];
  post({ type: 'done', result }, buffers);
}

/**
 * The fast path: the File's bytes decoded chunk by chunk (a character split between chunks is
 * kept by the streaming decoder) into CsvFastReader. Where it stops (a quote …) the import
 * starts again on papaparse's path with a fresh reader: a File can be read twice.
 */
async function fastImport(file: File, options: ParseBarsCsvOptions): Promise<void> {
  const totalBytes = file.size;
  const reader = new CsvBarReader(options);
  const fast = new CsvFastReader(reader);
  const decoder = new TextDecoder('utf-8');
  const source = file.stream().getReader();
  let bytesRead = 0;
  let first = true;
  let nextReport = PROGRESS_EVERY_ROWS;
  for (;;) {
    const { done: end, value } = await source.read();
    if (end) break;
    bytesRead += value.byteLength;
    const text = decoder.decode(value, { stream: true });
    if (first) {
      first = false;
      expectRowsFrom(reader, text, totalBytes);
    }
    if (!fast.push(text)) {
      await source.cancel();
      papaparseImport(file, options);
      return;
    }
    if (!reader.accepting) {
      // The header was refused: nothing more to read.
      await source.cancel();
      break;
    }
    if (reader.dataRows >= nextReport) {
      nextReport = reader.dataRows + PROGRESS_EVERY_ROWS;
      post({ type: 'progress', bytesRead, totalBytes, rows: reader.dataRows });
    }
  }
  const tail = decoder.decode();
  if (reader.accepting && ((tail !== '' && !fast.push(tail)) || !fast.end())) {
    papaparseImport(file, options);
    return;
  }
  done(reader, totalBytes);
}

/** papaparse streams the File (FileReader slices) into a fresh reader: files the fast path does not read. */
function papaparseImport(file: File, options: ParseBarsCsvOptions): void {
  const reader = new CsvBarReader(options);
  const totalBytes = file.size;
  let nextReport = PROGRESS_EVERY_ROWS;
  const step = csvRowStep(reader, (cursor) => {
    if (reader.dataRows >= nextReport) {
      nextReport += PROGRESS_EVERY_ROWS;
      post({ type: 'progress', bytesRead: cursor, totalBytes, rows: reader.dataRows });
    }
  });
  Papa.parse<string[]>(file, {
    skipEmptyLines: false,
    chunkSize: CHUNK_BYTES,
    beforeFirstChunk: (chunk: string) => {
      const body = chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
      expectRowsFrom(reader, body, totalBytes);
      return body;
    },
    step,
    complete: () => done(reader, totalBytes),
    error: (error: Error) => post({ type: 'failed', message: `${file.name} could not be read: ${error.message}` }),
  });
}
