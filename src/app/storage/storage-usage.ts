// How much browser storage the studio uses and may use: the origin's estimate and quota
// (navigator.storage), whether it is persistent (not evicted under pressure), and the bytes of
// traced events per saved run, so the run list can say which runs to delete to free space.
import type { StudioDb } from './studio-db';

export interface StorageUsage {
  /** Origin-wide bytes used / allowed, when the browser tells (navigator.storage.estimate). */
  usedBytes?: number;
  quotaBytes?: number;
  /** True when the browser granted persistent storage (runs are not evicted). */
  persisted?: boolean;
  /** runId → bytes of its stored events (JSON bytes, or gzip bytes when compressed). */
  eventBytesByRun: Record<string, number>;
  eventBytesTotal: number;
}

interface StorageManagerLike {
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
  persisted?: () => Promise<boolean>;
  persist?: () => Promise<boolean>;
}

function storageManager(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

export async function storageUsage(db: StudioDb): Promise<StorageUsage> {
  const eventBytesByRun: Record<string, number> = {};
  let eventBytesTotal = 0;
  await db.segments.each((s) => {
    eventBytesByRun[s.runId] = (eventBytesByRun[s.runId] ?? 0) + s.byteSize;
    eventBytesTotal += s.byteSize;
  });
  const manager = storageManager();
  const estimate = manager?.estimate ? await manager.estimate().catch(() => undefined) : undefined;
  const persisted = manager?.persisted ? await manager.persisted().catch(() => undefined) : undefined;
  return {
    ...(estimate?.usage !== undefined ? { usedBytes: estimate.usage } : {}),
    ...(estimate?.quota !== undefined ? { quotaBytes: estimate.quota } : {}),
    ...(persisted !== undefined ? { persisted } : {}),
    eventBytesByRun,
    eventBytesTotal,
  };
}

/**
 * Asks the browser to keep the studio's data under storage pressure (saved runs, configs).
 * Resolves false where unsupported or refused; never throws.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const manager = storageManager();
  if (!manager?.persist) return false;
  try {
    return await manager.persist();
  } catch {
    return false;
  }
}
