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
import { fmt, record, table } from './harness';

const EVENTS = 20_000;
const RUNS = 5;
const FAKE_IDB = 'fake-indexeddb in Node (in-memory JS IndexedDB; a browser differs in absolute terms)';

/** Median wall time (ms) of `runs` repetitions after one warm-up. */
async function medianMs(runs: number, fn: (i: number) => Promise<void>): Promise<number> {
  await fn(-1);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function benchStorage(): Promise<void> {
  const events = makeTracedEvents(EVENTS, 'signal_analyzer', 'bench');
  const jsonBytes = events.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)) + 1, 0);
  const rows: (string | number)[][] = [['backend', 'append events/s', 'read-all events/s', 'bytes/event stored']];

  for (const compression of [false, true]) {
    const db = new StudioDb(`bench-storage-${compression ? 'gz' : 'plain'}`);
    let last: IndexedDbStorage | undefined;
    const appendMs = await medianMs(RUNS, async (i) => {
      const storage = new IndexedDbStorage({ db, runId: `run-${i}`, containerId: 'signal_analyzer', compression, batchSize: 1000 });
      for (const e of events) storage.append(e);
      await storage.flush();
      last = storage;
    });
    const stored = last!.stats;
    if (stored.eventsStored !== EVENTS) throw new Error(`stored ${stored.eventsStored} of ${EVENTS}`);
    const readMs = await medianMs(RUNS, async () => {
      const back = await last!.query();
      if (back.length !== EVENTS) throw new Error('read back a different count');
    });
    const label = `IndexedDB ${compression ? 'gzip chunks' : 'plain rows'}`;
    const perEvent = stored.bytesStored / EVENTS;
    rows.push([label, fmt((EVENTS / appendMs) * 1000), fmt((EVENTS / readMs) * 1000), perEvent.toFixed(1)]);
    record('storage', `${label}: append (batched 1000/tx)`, (EVENTS / appendMs) * 1000, 'events/s', FAKE_IDB);
    record('storage', `${label}: read all back`, (EVENTS / readMs) * 1000, 'events/s', FAKE_IDB);
    record('storage', `${label}: stored size`, perEvent, 'bytes/event', `JSON is ${(jsonBytes / EVENTS).toFixed(1)} bytes/event`);
    await db.delete();
  }

  // Node `disk`: events.jsonl.gz segments.
  const dir = mkdtempSync(join(tmpdir(), 'bench-disk-'));
  try {
    let disk: DiskEventStorage | undefined;
    const diskMs = await medianMs(RUNS, async () => {
      disk = new DiskEventStorage({ dir, batchLines: 2000 });
      disk.appendBatch(events);
      disk.flush();
    });
    const bytes = disk!.files.reduce((n, f) => n + statSync(f).size, 0);
    const diskReadMs = await medianMs(RUNS, async () => {
      if ((await disk!.query()).length !== EVENTS) throw new Error('disk read back a different count');
    });
    rows.push(['Node events.jsonl.gz', fmt((EVENTS / diskMs) * 1000), fmt((EVENTS / diskReadMs) * 1000), (bytes / EVENTS).toFixed(1)]);
    record('storage', 'Node events.jsonl.gz: append + flush', (EVENTS / diskMs) * 1000, 'events/s', 'node:zlib gzip, 2000 lines per member');
    record('storage', 'Node events.jsonl.gz: streamed read all', (EVENTS / diskReadMs) * 1000, 'events/s');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Hierarchical: MemoryStorage hot (5000) spilling to compressed IndexedDB.
  const hdb = new StudioDb('bench-storage-hierarchical');
  const hierMs = await medianMs(RUNS, async (i) => {
    const cold = new IndexedDbStorage({ db: hdb, runId: `h-${i}`, containerId: 'c', compression: true });
    const storage = new HierarchicalStorage({ hot: new MemoryStorage(), cold, hotLimit: 5000 });
    for (const e of events) storage.append(e);
    await storage.flush();
  });
  rows.push(['hierarchical (memory 5000 → IndexedDB gzip)', fmt((EVENTS / hierMs) * 1000), '', '']);
  record('storage', 'hierarchical memory(5000) → IndexedDB gzip: append + flush', (EVENTS / hierMs) * 1000, 'events/s', FAKE_IDB);
  await hdb.delete();

  console.log(`\n## Event storage backends (${EVENTS} traced events, median of ${RUNS})\n`);
  console.log(table(rows));
  console.log(`\nIndexedDB figures: ${FAKE_IDB}.`);
}
