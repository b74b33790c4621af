// A CSV import that found faults: every fault kept (up to the reader's cap) with the total
// count, so the studio can list them all; the message names the first, as before.
import type { CsvBarError } from '../../engine/data/csv-bar-reader';

export class CsvImportError extends Error {
  readonly errors: readonly CsvBarError[];
  readonly errorCount: number;
  readonly warnings: readonly CsvBarError[];

  constructor(fileName: string, errors: readonly CsvBarError[], errorCount: number, warnings: readonly CsvBarError[] = []) {
    const first = errors[0];
    const where = first === undefined ? fileName : `${fileName} line ${first.line}${first.column !== undefined ? ` (column ${first.column})` : ''}`;
    super(`${where}: ${first?.message ?? 'unreadable CSV'}${errorCount > 1 ? ` (and ${errorCount - 1} more)` : ''}`);
    this.name = 'CsvImportError';
    this.errors = errors;
    this.errorCount = errorCount;
    this.warnings = warnings;
  }
}
