import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { HierarchicalStorage } from '../../core/hierarchical-storage';
import { DEFAULT_TRACE_SETTINGS, type TraceSettings } from '../../core/trace-settings';
import { makeTracedEvents } from './backtest-result-fixture';
import { browserStorageFor } from './browser-storage-for';
import { IndexedDbStorage } from './indexed-db-storage';
import { StudioDb } from './studio-db';

const dbs: StudioDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const settings = (over: Partial<TraceSettings>): TraceSettings => ({ ...DEFAULT_TRACE_SETTINGS, ...over });

describe('browserStorageFor', () => {
  it('gives memory containers no backend, disk IndexedDB with its storage_config, hierarchical a spilling tier', async () => {
    const db = new StudioDb('browser-storage-for-test');
    dbs.push(db);
    const storageFor = browserStorageFor(db, 'run-7');
    expect(storageFor('portfolio_1', settings({ storageBackend: 'memory' }))).toBeUndefined();

    const disk = storageFor('signal_analyzer', settings({ storageBackend: 'disk', storageConfig: { compression: true, maxFileSizeMb: 5 } }));
    expect(disk).toBeInstanceOf(IndexedDbStorage);
    const events = makeTracedEvents(300, 'signal_analyzer');
    await disk!.appendBatch!(events);
    expect((disk as IndexedDbStorage).compressed).toBe(true);
    expect(await db.chunks.where('runId').equals('run-7').count()).toBeGreaterThan(0);

    const hier = storageFor('root', settings({ storageBackend: 'hierarchical', maxEvents: 50 }));
    expect(hier).toBeInstanceOf(HierarchicalStorage);
    expect((hier as HierarchicalStorage).hotLimit).toBe(50);
    const rootEvents = makeTracedEvents(200, 'root');
    for (const e of rootEvents) hier!.append(e);
    await hier!.flush!();
    expect(await hier!.query()).toEqual(rootEvents);
    // What spilled is in IndexedDB under the same run, for run history to find.
    expect(await new IndexedDbStorage({ db, runId: 'run-7', containerId: 'root' }).count()).toBe(200 - (hier as HierarchicalStorage).stats.hot);
  });
});
