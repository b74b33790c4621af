// The browser's answer to RunBacktestOptions.storageFor / a tracer's storage factory: which
// EventStorage a traced container gets for its storage_backend. `disk` is IndexedDB (Dexie),
// `hierarchical` a MemoryStorage hot tier spilling to IndexedDB; `memory` needs no backend.
import type { EventStorage } from '../../core/event-storage';
import { HierarchicalStorage } from '../../core/hierarchical-storage';
import { MemoryStorage } from '../../core/memory-storage';
import type { StorageBackendKind, TraceSettings } from '../../core/trace-settings';
import { IndexedDbStorage } from './indexed-db-storage';
import type { StudioDb } from './studio-db';

export interface BrowserStorageOptions {
  /** Hot-tier size of `hierarchical`; default the container's max_events. */
  hotLimit?: number;
  /** Events per IndexedDB transaction from append(); default 1000. */
  batchSize?: number;
  /** A background write failed (e.g. StorageQuotaError); flush() rejects with it too. */
  onError?: (containerId: string, error: Error) => void;
}

/** `(containerId, settings) → EventStorage | undefined` for one run (its events keyed by runId). */
export function browserStorageFor(db: StudioDb, runId: string, options: BrowserStorageOptions = {}) {
  return (containerId: string, settings: Readonly<TraceSettings>): EventStorage | undefined =>
    browserStorage(db, runId, containerId, settings.storageBackend, settings, options);
}

export function browserStorage(
  db: StudioDb,
  runId: string,
  containerId: string,
  kind: StorageBackendKind,
  settings: Readonly<Pick<TraceSettings, 'storageConfig' | 'maxEvents'>>,
  options: BrowserStorageOptions = {},
): EventStorage | undefined {
  if (kind === 'memory') return undefined;
  const onError = options.onError && ((error: Error) => options.onError!(containerId, error));
  const idb = new IndexedDbStorage({
    db,
    runId,
    containerId,
    compression: settings.storageConfig.compression,
    maxFileSizeMb: settings.storageConfig.maxFileSizeMb,
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(onError ? { onError } : {}),
  });
  if (kind === 'disk') return idb;
  const hotLimit = Math.max(1, Math.floor(options.hotLimit ?? (Number.isFinite(settings.maxEvents) && settings.maxEvents > 0 ? settings.maxEvents : 10_000)));
  return new HierarchicalStorage({ hot: new MemoryStorage(), cold: idb, hotLimit, ...(onError ? { onError } : {}) });
}
