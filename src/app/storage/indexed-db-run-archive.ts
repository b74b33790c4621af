// The browser worker's RunArchive: containers whose resolved settings say storage_backend
// disk (IndexedDB) or hierarchical (memory hot tier spilling to IndexedDB) stream their kept
// events into IndexedDB under one archive key; finish() moves the hot tier's rest down too,
// so the whole record is readable from the main thread by (archiveId, containerId).
import type { EventStorage } from '../../core/event-storage';
import { HierarchicalStorage } from '../../core/hierarchical-storage';
import { MemoryStorage } from '../../core/memory-storage';
import type { TraceSettings } from '../../core/trace-settings';
import type { RunArchive } from '../../engine/optimization/sweep-worker-host';
import type { BrowserStorageOptions } from './browser-storage-for';
import { IndexedDbStorage } from './indexed-db-storage';
import type { StudioDb } from './studio-db';

interface Opened {
  storage: EventStorage;
  cold: IndexedDbStorage;
  hot?: MemoryStorage;
}

export interface RunArchiveOptions extends BrowserStorageOptions {
  /** Wall clock for the archive's record (RunHistory.collectOrphanArchives ages orphans by it). */
  now?: () => number;
}

/** `db` may be a getter: the database is opened only when a container asks for an archive backend. */
export function indexedDbRunArchive(database: StudioDb | (() => StudioDb), archiveId: string, options: RunArchiveOptions = {}): RunArchive {
  const opened = new Map<string, Opened>();
  let db: StudioDb | undefined;
  const getDb = (): StudioDb => (db ??= typeof database === 'function' ? database() : database);
  // Recorded before the first event is written, so a run that never finishes leaves a dated orphan.
  let recorded: Promise<void> | undefined;
  let recordError: unknown;
  return {
    storageFor(containerId: string, settings: TraceSettings): EventStorage | undefined {
      if (settings.storageBackend === 'memory') return undefined;
      recorded ??= getDb()
        .archives.put({ runId: archiveId, createdAt: (options.now ?? Date.now)() })
        .then(
          () => undefined,
          (error: unknown) => {
            recordError = error;
          },
        );
      const onError = options.onError && ((error: Error) => options.onError!(containerId, error));
      const cold = new IndexedDbStorage({
        db: getDb(),
        runId: archiveId,
        containerId,
        compression: settings.storageConfig.compression,
        maxFileSizeMb: settings.storageConfig.maxFileSizeMb,
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        ...(onError ? { onError } : {}),
      });
      if (settings.storageBackend === 'disk') {
        opened.set(containerId, { storage: cold, cold });
        return cold;
      }
      const hot = new MemoryStorage();
      const hotLimit = Math.max(1, Math.floor(options.hotLimit ?? (Number.isFinite(settings.maxEvents) && settings.maxEvents > 0 ? settings.maxEvents : 10_000)));
      const storage = new HierarchicalStorage({ hot, cold, hotLimit, ...(onError ? { onError } : {}) });
      opened.set(containerId, { storage, cold, hot });
      return storage;
    },

    async finish(): Promise<Record<string, number>> {
      await recorded;
      if (recordError !== undefined) throw recordError;
      const counts: Record<string, number> = {};
      for (const [containerId, { storage, cold, hot }] of opened) {
        await storage.flush?.();
        if (hot !== undefined) {
          // The hot tier holds the newest events (sequence order after everything spilled).
          const rest = hot.query();
          if (rest.length > 0) await cold.appendBatch(rest);
          await cold.flush();
          hot.clear();
        }
        counts[containerId] = await cold.count();
      }
      return counts;
    },

    async discard(): Promise<void> {
      if (db === undefined) return;
      await recorded;
      await IndexedDbStorage.deleteRun(db, archiveId);
      await db.archives.delete(archiveId);
    },
  };
}
