// Storage backends' append and read throughput: IndexedDB (Dexie over fake-indexeddb in Node —
// an in-memory JS implementation, so absolute figures differ from a browser's; the plain vs
// compressed ratio is what carries over), Node's events.jsonl.gz files, and the hierarchical tier.
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTracedEvents } from '../src/app/storage/backtest-result-fixture';
import { IndexedDbStorage } from '../src/app/storage/indexed-db-storage';
import { StudioDb } from '../src/app/storage/studio-db';
import { HierarchicalStorage } from '../src/core/hierarchical-storage';
import { MemoryStorage } from '../src/core/memory-storage';
import { DiskEventStorage } from '../src/node/disk-event-storage';
import type { BenchSuite } from './bench-suite';
import { spreadText, table, type SuiteRun } from './harness';

const EVENTS = 20_000;
const FAKE_IDB = 'fake-indexeddb in Node (in-memory JS IndexedDB; a browser differs in absolute terms)';

/** Events/s of each of `runs` repetitions after one warm-up. */
async function rates(suite: SuiteRun, runs: number, fn: (i: number) => Promise<void>): Promise<number[]> {
  await fn(-1);
  return suite.repeat(runs, async (i) => {
    const t0 = performance.now();
    await fn(i);
    return (EVENTS / (performance.now() - t0)) * 1000;
  });
}

async function run(suite: SuiteRun): Promise<void> {
  const RUNS = suite.reps(5, 3);
  const events = makeTracedEvents(EVENTS, 'signal_analyzer', 'bench');
  const jsonBytes = events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)) + 1, 0);
  const rows: (string | number)[][] = [['backend', 'append events/s median [min–max]', 'read-all events/s median [min–max]', 'bytes/event stored']];

  for (const compression of [false, true]) {
    const db = new StudioDb(`bench-storage-${compression ? 'gz' : 'plain'}`);
    let last: IndexedDbStorage | undefined;
    const append = await rates(suite, RUNS, async (i) => {
      const storage = new IndexedDbStorage({ db, runId: `run-${i}`, containerId: 'signal_analyzer', compression, batchSize: 1000 });
      for (const e of events) storage.append(e);
      await storage.flush();
      last = storage;
    });
    const stored = last!.stats;
    if (stored.eventsStored !== EVENTS) throw new Error(`stored ${stored.eventsStored} of ${EVENTS}`);
    const read = await rates(suite, RUNS, async () => {
      const back = await last!.query();
      if (back.length !== EVENTS) throw new Error('read back a different count');
    });
    const label = `IndexedDB ${compression ? 'gzip chunks' : 'plain rows'}`;
    const perEvent = stored.bytesStored / EVENTS;
    const a = suite.figure(`${label}: append (batched 1000/tx)`, append, 'events/s', FAKE_IDB);
    const r = suite.figure(`${label}: read all back`, read, 'events/s', FAKE_IDB);
    suite.figure(`${label}: stored size`, perEvent, 'bytes/event', `JSON is ${(jsonBytes / EVENTS).toFixed(1)} bytes/event`);
    rows.push([label, spreadText(a), spreadText(r), perEvent.toFixed(1)]);
    await db.delete();
  }

  // Node `disk`: events.jsonl.gz segments.
  const dir = mkdtempSync(join(tmpdir(), 'bench-disk-'));
  try {
    let disk: DiskEventStorage | undefined;
    const diskAppend = await rates(suite, RUNS, async () => {
      disk = new DiskEventStorage({ dir, batchLines: 2000 });
      disk.appendBatch(events);
      disk.flush();
    });
    const bytes = disk!.files.reduce((n, f) => n + statSync(f).size, 0);
    const diskRead = await rates(suite, RUNS, async () => {
      if ((await disk!.query()).length !== EVENTS) throw new Error('disk read back a different count');
    });
    const a = suite.figure('Node events.jsonl.gz: append + flush', diskAppend, 'events/s', 'node:zlib gzip, 2000 lines per member');
    const r = suite.figure('Node events.jsonl.gz: streamed read all', diskRead, 'events/s');
    suite.figure('Node events.jsonl.gz: stored size', bytes / EVENTS, 'bytes/event');
    rows.push(['Node events.jsonl.gz', spreadText(a), spreadText(r), (bytes / EVENTS).toFixed(1)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Hierarchical: MemoryStorage hot (5000) spilling to compressed IndexedDB.
  const hdb = new StudioDb('bench-storage-hierarchical');
  const hier = await rates(suite, RUNS, async (i) => {
    const cold = new IndexedDbStorage({ db: hdb, runId: `h-${i}`, containerId: 'c', compression: true });
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 5000 });
    for (const e of events) storage.append(e);
    await storage.flush();
  });
  const h = suite.figure('hierarchical memory(5000) → IndexedDB gzip: append + flush', hier, 'events/s', FAKE_IDB);
  rows.push(['hierarchical (memory 5000 → IndexedDB gzip)', spreadText(h), '', '']);
  await hdb.delete();

  console.log(`${EVENTS} traced events, ${RUNS} repetitions\n`);
  console.log(table(rows));
  console.log(`\nIndexedDB figures: ${FAKE_IDB}.`);
}

export const storageSuite: BenchSuite = {
  title: 'Event storage backends',
  description: `Append and read-all throughput of ${EVENTS.toLocaleString('en-US')} traced events: IndexedDB (Dexie over fake-indexeddb in Node, an in-memory JS implementation, so the plain vs gzip ratio carries over to a browser, not the absolute figures), Node's events.jsonl.gz segments and the hierarchical memory → IndexedDB tier. Figures only: the storage targets are the browser's (e2e/browser-bench.spec.ts).`,
  run,
};
