// What the CSV import shows (zustand): the import in flight (rows, bytes, a cancel), and
// the last import's row errors or warnings — every one the reader kept, with the total —
// until the user dismisses them.
import { create } from 'zustand';
import type { CsvBarError } from '../../../engine/data/csv-bar-reader';

export interface CsvImportState {
  active: { fileName: string; rows: number; bytesRead: number; totalBytes: number; cancel(): void } | null;
  /** Faults of the last import: `errors` refused it, `warnings` only flag rows (spikes, skipped rows). */
  report: { fileName: string; kind: 'errors' | 'warnings'; items: readonly CsvBarError[]; total: number } | null;
  patch(p: Partial<CsvImportState>): void;
}

export const useCsvImportStore = create<CsvImportState>()((set) => ({
  active: null,
  report: null,
  patch: (p) => set(p),
}));
