// `storage_backend: hierarchical` in Node: the core's HierarchicalStorage (the browser's tiering)
// with a MemoryStorage hot tier of max_events and a DiskEventStorage cold tier in the container's
// results folder. During the run the file holds only the events that left memory (oldest first);
// finish() moves the hot tier behind them, so the folder ends with the whole record once, in order.
import { HierarchicalStorage } from '../core/hierarchical-storage';
import { MemoryStorage } from '../core/memory-storage';
import { DEFAULT_TRACE_SETTINGS } from '../core/trace-settings';
import { DiskEventStorage } from './disk-event-storage';

export interface HierarchicalDiskArchiveOptions {
  /** The container's results folder (earlier event segments in it are replaced). */
  dir: string;
  /** The hot tier's size: the container's max_events. */
  maxEvents: number;
  /** false writes events.jsonl instead of events.jsonl.gz. */
  compression: boolean;
  maxFileSizeMb?: number;
}

export class HierarchicalDiskArchive {
  readonly disk: DiskEventStorage;
  /** The EventStorage the tracer appends to; queries see both tiers in sequence order. */
  readonly storage: HierarchicalStorage;
  private finished?: Promise<number>;

  constructor(options: HierarchicalDiskArchiveOptions) {
    this.disk = new DiskEventStorage({ dir: options.dir, compression: options.compression, ...(options.maxFileSizeMb !== undefined ? { maxFileSizeMb: options.maxFileSizeMb } : {}) });
    // max_events 0 cannot hold a hot tier; the seed's default then applies, as the browser does.
    const hotLimit = Number.isInteger(options.maxEvents) && options.maxEvents > 0 ? options.maxEvents : DEFAULT_TRACE_SETTINGS.maxEvents;
    this.storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold: this.disk, hotLimit });
  }

  /**
   * The end of the run: the hot tier goes to disk behind the spilled events and the file is
   * flushed; resolves to the number of events the file holds. Later appends are not expected.
   */
  finish(): Promise<number> {
    this.finished ??= this.storage.spillAll().then(async () => {
      this.disk.flush();
      return this.disk.count();
    });
    return this.finished;
  }
}
