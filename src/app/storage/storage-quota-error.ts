// The browser ran out of storage quota: says what is safely kept and what was not
// written, so the studio can tell the user exactly what the run still has.
export interface StorageKept {
  /** Events durably stored before the failure (all still readable). */
  events: number;
  segments: number;
  /** Sequence of the last stored event, when any. */
  lastSequence?: number;
  bytes: number;
}

export class StorageQuotaError extends Error {
  override readonly name = 'StorageQuotaError';
  readonly kept: StorageKept;
  /** Events that were not stored (the failed batch plus everything appended after it). */
  private notStoredCount: number;
  readonly runId: string;
  readonly containerId: string;

  constructor(runId: string, containerId: string, kept: StorageKept, notStored: number, cause: unknown) {
    super(describe(runId, containerId, kept, notStored), { cause });
    this.kept = kept;
    this.notStoredCount = notStored;
    this.runId = runId;
    this.containerId = containerId;
  }

  get notStored(): number {
    return this.notStoredCount;
  }

  /** Events appended after the failure are dropped; the message keeps the true count. */
  countNotStored(n: number): void {
    this.notStoredCount += n;
    this.message = describe(this.runId, this.containerId, this.kept, this.notStoredCount);
  }
}

function describe(runId: string, containerId: string, kept: StorageKept, notStored: number): string {
  return (
    `Browser storage is full (quota exceeded) while saving events of run "${runId}", container "${containerId}". ` +
    `Kept ${kept.events} events in ${kept.segments} segment(s)` +
    (kept.lastSequence !== undefined ? ` up to sequence ${kept.lastSequence}` : '') +
    `; ${notStored} event(s) were not stored. Free space by deleting old runs, or trace fewer events ` +
    `(retention_policy / events_to_trace), or enable storage_config.compression.`
  );
}

/** Recognises quota failures however the browser or Dexie wraps them. */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const e = error as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown; code?: unknown };
  if (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22) return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  if (Array.isArray(e.failures)) return e.failures.some((f) => isQuotaError(f, depth + 1));
  return false;
}
