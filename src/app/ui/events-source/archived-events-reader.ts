// Pages of a container's event record that lives in IndexedDB (storage_backend disk /
// hierarchical, streamed there by the backtest worker): the inspector asks for one page at a
// time (offset/limit through IndexedDbStorage), so a million-event trace never loads whole.
import type { EventType } from '../../../core/event-type';
import type { TradingEvent } from '../../../core/events';
import type { EventArchiveRef } from '../../../engine/backtest-result';
import { IndexedDbStorage } from '../../storage/indexed-db-storage';
import type { StudioDb } from '../../storage/studio-db';

export interface ArchivedEventsPage {
  events: TradingEvent[];
  /** Position of the first event among the matching ones. */
  offset: number;
  /** Matching events in the archive (the marker's count without a type filter). */
  total: number;
}

export class ArchivedEventsReader {
  private readonly storage: IndexedDbStorage;
  private readonly totals = new Map<string, number>();
  readonly ref: EventArchiveRef;

  constructor(db: StudioDb, ref: EventArchiveRef) {
    this.ref = ref;
    this.storage = new IndexedDbStorage({ db, runId: ref.runId, containerId: ref.containerId });
  }

  /** Events stored (answered from the archive itself, not the marker: a deleted run counts 0). */
  count(): Promise<number> {
    return this.storage.count();
  }

  /** One page in sequence order; `type` narrows to one event type. */
  async page(offset: number, limit: number, type?: EventType): Promise<ArchivedEventsPage> {
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be a whole number ≥ 0, got ${offset}`);
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, got ${limit}`);
    const events = await this.storage.query({ offset, limit, ...(type ? { type } : {}) });
    return { events, offset, total: await this.total(type) };
  }

  private async total(type: EventType | undefined): Promise<number> {
    const key = type ?? '';
    let n = this.totals.get(key);
    if (n === undefined) {
      n = type ? (await this.storage.query({ type })).length : await this.storage.count();
      this.totals.set(key, n);
    }
    return n;
  }
}
