import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTracedEvents } from './backtest-result-fixture';
import { IndexedDbStorage } from './indexed-db-storage';
import { requestPersistentStorage, storageUsage } from './storage-usage';
import { StudioDb } from './studio-db';

const dbs: StudioDb[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const db of dbs.splice(0)) await db.delete();
});

describe('storageUsage', () => {
  it('sums stored event bytes per run and reports the browser estimate when there is one', async () => {
    const db = new StudioDb('storage-usage-test');
    dbs.push(db);
    const a = new IndexedDbStorage({ db, runId: 'a', containerId: 'root', maxFileSizeMb: 4 / 1024 });
    const b = new IndexedDbStorage({ db, runId: 'b', containerId: 'root', compression: true });
    await a.appendBatch(makeTracedEvents(100));
    await b.appendBatch(makeTracedEvents(100));
    const expectedA = makeTracedEvents(100).reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)) + 1, 0);

    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 1234, quota: 5678 }), persisted: async () => false, persist: async () => true } });
    const usage = await storageUsage(db);
    expect(usage.eventBytesByRun.a).toBe(expectedA);
    expect(usage.eventBytesByRun.b).toBe(b.stats.bytesStored);
    expect(usage.eventBytesTotal).toBe(expectedA + b.stats.bytesStored);
    expect(usage).toMatchObject({ usedBytes: 1234, quotaBytes: 5678, persisted: false });
    expect(await requestPersistentStorage()).toBe(true);

    vi.stubGlobal('navigator', {});
    const bare = await storageUsage(db);
    expect('quotaBytes' in bare).toBe(false);
    expect(await requestPersistentStorage()).toBe(false);
  });
});
