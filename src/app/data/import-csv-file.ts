// Imports a CSV File off the main thread: the import worker streams it into columns and
// reports progress; `signal` cancels (the worker is terminated at once). Resolves with the
// parse result (columns transferred back), rejects only when the file cannot be read or the
// import was cancelled.
import type { ParseBarsCsvResult } from '../../engine/data/csv-bar-reader';
import type { CsvImportMessage, CsvImportProgress, CsvImportRequest } from './csv-import-protocol';

export interface ImportCsvHooks {
  onProgress?: (progress: CsvImportProgress) => void;
  signal?: AbortSignal;
  symbol?: string;
}

export class CsvImportCancelledError extends Error {
  constructor(fileName: string) {
    super(`Import of ${fileName} cancelled.`);
    this.name = 'CsvImportCancelledError';
  }
}

export function importCsvFile(file: File, hooks: ImportCsvHooks = {}): Promise<ParseBarsCsvResult> {
  return new Promise<ParseBarsCsvResult>((resolve, reject) => {
    if (hooks.signal?.aborted) {
      reject(new CsvImportCancelledError(file.name));
      return;
    }
    const worker = new Worker(new URL('./csv-import.worker.ts', import.meta.url), { type: 'module', name: 'csv-import' });
    const done = (): void => {
      worker.terminate();
      hooks.signal?.removeEventListener('abort', cancel);
    };
    const cancel = (): void => {
      done();
      reject(new CsvImportCancelledError(file.name));
    };
    hooks.signal?.addEventListener('abort', cancel, { once: true });
    worker.addEventListener('message', (event: MessageEvent<CsvImportMessage>) => {
      const m = event.data;
      if (m.type === 'progress') hooks.onProgress?.({ bytesRead: m.bytesRead, totalBytes: m.totalBytes, rows: m.rows });
      else if (m.type === 'done') {
        done();
        resolve(m.result);
      } else {
        done();
        reject(new Error(m.message));
      }
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      done();
      reject(new Error(`The CSV import worker failed: ${event.message || 'uncaught error'}`));
    });
    const request: CsvImportRequest = { file, ...(hooks.symbol ? { symbol: hooks.symbol } : {}) };
    worker.postMessage(request);
  });
}
