// Messages between the studio and its CSV import worker (csv-import.worker.ts).
import type { ParseBarsCsvResult } from '../../engine/data/csv-bar-reader';

export interface CsvImportRequest {
  file: File;
  symbol?: string;
}

export interface CsvImportProgress {
  /** Characters parsed so far (bytes for ASCII files). */
  bytesRead: number;
  totalBytes: number;
  /** Data rows read so far. */
  rows: number;
}

export type CsvImportMessage =
  | ({ type: 'progress' } & CsvImportProgress)
  | { type: 'done'; result: ParseBarsCsvResult }
  | { type: 'failed'; message: string };
