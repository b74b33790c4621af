// The studio's CSV import action: streams the file in the import worker with progress and a
// cancel shown in CsvImportPanel; a refused file lists every row error there, a loaded one
// lists its warnings (single-bar spikes, skipped rows).
import { CsvImportError } from '../../data/csv-import-error';
import { CsvImportCancelledError } from '../../data/import-csv-file';
import { services } from '../state/studio-services';
import { useCsvImportStore } from './csv-import-store';

/** Imports `file`; resolves with its picker id, or null when cancelled; a refused file rejects with CsvImportError (listed in the panel). */
export async function importCsvWithProgress(file: File): Promise<string | null> {
  const store = useCsvImportStore.getState();
  store.active?.cancel();
  const controller = new AbortController();
  store.patch({ report: null, active: { fileName: file.name, rows: 0, bytesRead: 0, totalBytes: file.size, cancel: () => controller.abort() } });
  try {
    return await services.importCsv(file, {
      signal: controller.signal,
      onProgress: (p) => {
        const active = useCsvImportStore.getState().active;
        if (active && active.fileName === file.name) useCsvImportStore.getState().patch({ active: { ...active, ...p } });
      },
      onWarnings: (items, total) => {
        if (total > 0) useCsvImportStore.getState().patch({ report: { fileName: file.name, kind: 'warnings', items, total } });
      },
    });
  } catch (error) {
    if (error instanceof CsvImportError) {
      useCsvImportStore.getState().patch({ report: { fileName: file.name, kind: 'errors', items: error.errors, total: error.errorCount } });
    }
    if (error instanceof CsvImportCancelledError) return null;
    throw error;
  } finally {
    useCsvImportStore.getState().patch({ active: null });
  }
}
