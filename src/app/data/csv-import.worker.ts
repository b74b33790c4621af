// The studio's CSV import worker: papaparse streams the File in chunks (FileReader slices,
// never the whole text in memory) into CsvBarReader's growing columns; progress goes to the
// page a few times per second and the finished columns are transferred, not cloned. The
// page cancels by terminating this worker.
import Papa from 'papaparse';
import { CsvBarReader } from '../../engine/data/csv-bar-reader';
import { csvRowStep } from '../../engine/data/csv-bars';
import type { CsvImportMessage, CsvImportRequest } from './csv-import-protocol';

const CHUNK_BYTES = 4 * 1024 * 1024;
const PROGRESS_EVERY_ROWS = 50_000;

function post(message: CsvImportMessage, transfer: Transferable[] = []): void {
  (globalThis as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(message, transfer);
}

globalThis.addEventListener('message', (event: Event) => {
  const { file, symbol } = (event as MessageEvent<CsvImportRequest>).data;
  const reader = new CsvBarReader({ fileName: file.name, ...(symbol ? { symbol } : {}) });
  const totalBytes = file.size;
  let cursor = 0;
  let nextReport = PROGRESS_EVERY_ROWS;
  const step = csvRowStep(reader, (c) => {
    cursor = c;
    if (reader.dataRows >= nextReport) {
      nextReport += PROGRESS_EVERY_ROWS;
      post({ type: 'progress', bytesRead: cursor, totalBytes, rows: reader.dataRows });
    }
  });
  post({ type: 'progress', bytesRead: 0, totalBytes, rows: 0 });
  Papa.parse<string[]>(file, {
    skipEmptyLines: false,
    chunkSize: CHUNK_BYTES,
    beforeFirstChunk: (chunk: string) => {
      const body = chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
      let lines = 0;
      for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lines++;
      // Columns sized for the whole file from the first chunk's average row length.
      if (lines > 1) reader.expectRows((totalBytes / (body.length / lines)) * 1.05);
      return body;
    },
    step,
    complete: () => {
      const result = reader.finish();
      post({ type: 'progress', bytesRead: totalBytes, totalBytes, rows: reader.dataRows });
      const buffers = result.ok ? result.series.flatMap((s) => [s.time, s.open, s.high, s.low, s.close, s.volume].map((c) => c.buffer as ArrayBuffer)) : [];
      post({ type: 'done', result }, buffers);
    },
    error: (error: Error) => post({ type: 'failed', message: `${file.name} could not be read: ${error.message}` }),
  });
});
