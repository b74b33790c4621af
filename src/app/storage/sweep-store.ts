// The last sweep's table, kept so a reload shows it again: its points' metrics and which points
// are stored as runs — never their events (those are in run history when settings asked).
// Structured clone, not JSON, so metrics such as an infinite profit factor come back as they were.
import { isQuotaError } from './storage-quota-error';
import type { StudioDb } from './studio-db';

const LAST = 'last';

export interface SweepStoreOptions {
  now?: () => number;
}

export class SweepStore<T> {
  private readonly now: () => number;

  constructor(
    private readonly db: StudioDb,
    options: SweepStoreOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now());
  }

  /** Replaces the kept sweep; a full quota is said plainly (the sweep on screen stays). */
  async saveLast(sweep: T): Promise<void> {
    try {
      await this.db.sweeps.put({ id: LAST, savedAt: this.now(), sweep });
    } catch (error) {
      if (isQuotaError(error)) throw new Error('The sweep table was not kept for the next visit: browser storage is full (delete old runs in the Runs tab).', { cause: error });
      throw error;
    }
  }

  async loadLast(): Promise<{ sweep: T; savedAt: number } | undefined> {
    const row = await this.db.sweeps.get(LAST);
    return row ? { sweep: row.sweep as T, savedAt: row.savedAt } : undefined;
  }

  async clear(): Promise<void> {
    await this.db.sweeps.delete(LAST);
  }
}
