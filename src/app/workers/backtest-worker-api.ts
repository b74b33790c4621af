// The browser backtest worker's API: the shared sweep worker host with the real
// point runner; bundled datasets fetched from the static host (the URL the main
// thread resolved, else this build's asset URL) and parsed once per worker.
import { loadBundledDataset } from '../../engine/data/bundled-datasets';
import type { Dataset } from '../../engine/bar';
import { runBacktestPoint, runBacktestPointAsync } from '../../engine/optimization/backtest-point-runner';
import { datasetFromSource } from '../../engine/optimization/dataset-from-source';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import type { SweepWorkerApi } from '../../engine/optimization/pool-protocol';
import { createSweepWorkerHost } from '../../engine/optimization/sweep-worker-host';
import { BUNDLED_DATASET_URLS } from '../data/dataset-source';
import type { SandboxedWorkerHandles } from '../strategy-lab/sandbox-globals';
import { userStrategiesForJob } from '../strategy-lab/run-user-strategy-job';
import { indexedDbRunArchive } from '../storage/indexed-db-run-archive';
import { StudioDb } from '../storage/studio-db';

/** What the worker kept before installSandboxGlobals removed fetch and location (tests pass none: globals are used). */
type WorkerHandles = Pick<SandboxedWorkerHandles, 'fetch' | 'locationHref'>;

async function fetchBundled(id: string, url: string | undefined, handles?: WorkerHandles): Promise<Dataset> {
  const known = (BUNDLED_DATASET_URLS as Record<string, string>)[id];
  const base = handles ? handles.locationHref : globalThis.location?.href;
  const fetch = handles ? handles.fetch : globalThis.fetch;
  if (fetch === undefined) throw new Error(`Could not fetch bundled dataset '${id}': this worker has no fetch.`);
  const href = url ?? (known === undefined ? undefined : new URL(known, base).href);
  if (href === undefined) throw new Error(`Unknown bundled dataset '${id}': known datasets are ${Object.keys(BUNDLED_DATASET_URLS).join(', ')}.`);
  const response = await fetch(href);
  if (!response.ok) throw new Error(`Could not fetch bundled dataset '${id}' from ${href}: HTTP ${response.status} ${response.statusText}`);
  return loadBundledDataset(id, await response.text());
}

// Taken when this module loads, before installSandboxGlobals removes `indexedDB` from the
// worker's global scope: only the archive holds it, user code cannot reach it.
const workerIndexedDb = { indexedDB: globalThis.indexedDB as IDBFactory | undefined, IDBKeyRange: globalThis.IDBKeyRange as typeof IDBKeyRange | undefined };

/** Taken at load, like indexedDB: the sandbox leaves Date alone today, but the archive must not depend on that. */
const wallClock = Date.now.bind(Date);

let db: StudioDb | undefined;
/** Opened on the first archived run: sweeps and memory-only runs never touch IndexedDB. */
function studioDb(): StudioDb {
  if (!workerIndexedDb.indexedDB) throw new Error('storage_backend disk/hierarchical needs IndexedDB, which this browser does not give workers: use storage_backend: memory.');
  db ??= new StudioDb(undefined, { indexedDB: workerIndexedDb.indexedDB, ...(workerIndexedDb.IDBKeyRange ? { IDBKeyRange: workerIndexedDb.IDBKeyRange } : {}) });
  return db;
}

export function createBacktestWorkerApi(handles?: WorkerHandles): SweepWorkerApi {
  return createSweepWorkerHost({
    runPoint: runBacktestPoint,
    parseConfig: parseConfigText,
    loadDataset: (source) => datasetFromSource(source, (id, url) => fetchBundled(id, url, handles)),
    userStrategies: (sources, config) => userStrategiesForJob(sources, { config }),
    now: () => performance.now(),
    // storage_backend disk/hierarchical: single runs stream those containers to IndexedDB
    // (Dexie works in a Worker); the main thread reads them back by the result's archive marker.
    // Dated with the wall clock (the shell's, never the engine's): orphans are aged by it.
    archive: (archiveId) => indexedDbRunArchive(studioDb, archiveId, { now: wallClock }),
    archiveId: () => globalThis.crypto.randomUUID(),
    runPointAsync: runBacktestPointAsync,
  });
}
