import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { EventQuery } from '../core/event-storage';
import type { TradingEvent } from '../core/events';
import { HierarchicalStorage } from '../core/hierarchical-storage';
import { DEFAULT_TRACE_SETTINGS } from '../core/trace-settings';
import { DiskEventStorage } from './disk-event-storage';
import { tempDirs } from './testing/temp-dirs';

const tmp = tempDirs('disk-storage-');

const TYPES = ['BAR', 'SIGNAL', 'ORDER', 'FILL', 'POSITION_OPEN', 'POSITION_CLOSE'] as const;
function makeEvents(n: number, start = 1): TradingEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const seq = start + k;
    const i = seq - 1;
    const type = TYPES[i % TYPES.length]!;
    return {
      eventId: `e${seq}`,
      type,
      timestamp: 1_700_000_000_000 + seq * 60_000,
      sourceId: 'signal_analyzer',
      containerId: 'signal_analyzer',
      ...(type === 'BAR' ? {} : { correlationId: `t${Math.floor(i / 10)}` }),
      sequence: seq,
      payload: { symbol: i % 3 ? 'SPY' : 'QQQ', noise: Math.sin(seq * 7919).toString(36) },
    } as unknown as TradingEvent;
  });
}

function expected(events: TradingEvent[], q: EventQuery): TradingEvent[] {
  const types = q.type === undefined ? undefined : typeof q.type === 'string' ? [q.type] : [...q.type];
  const hits = events.filter(
    (e) =>
      (!types || types.includes(e.type)) &&
      (q.correlationId === undefined || e.correlationId === q.correlationId) &&
      (q.fromSequence === undefined || e.sequence! >= q.fromSequence) &&
      (q.toSequence === undefined || e.sequence! <= q.toSequence) &&
      (q.symbol === undefined || (e.payload as { symbol?: string }).symbol === q.symbol),
  );
  const off = q.offset ?? 0;
  return hits.slice(off, q.limit === undefined ? undefined : off + q.limit);
}

describe('DiskEventStorage', () => {
  it('writes events.jsonl.gz that standard gunzip reads, and reads it back', async () => {
    const dir = tmp();
    const storage = new DiskEventStorage({ dir, batchLines: 50 });
    const events = makeEvents(120);
    for (const e of events) storage.append(e);
    storage.flush();
    expect(readdirSync(dir)).toEqual(['events.jsonl.gz']);
    const lines = gunzipSync(readFileSync(join(dir, 'events.jsonl.gz'))).toString('utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as TradingEvent)).toEqual(events);
    expect(await storage.query()).toEqual(events);
    expect(await storage.count()).toBe(120);
  });

  it('rolls over into numbered segments at max_file_size_mb and reads them back in order', async () => {
    const dir = tmp();
    const storage = new DiskEventStorage({ dir, maxFileSizeMb: 2 / 1024, batchLines: 20 });
    const events = makeEvents(1500);
    storage.appendBatch(events);
    storage.flush();
    const names = readdirSync(dir).sort();
    expect(names.length).toBeGreaterThan(3);
    expect(names).toContain('events.jsonl.gz');
    expect(names).toContain('events.1.jsonl.gz');
    expect(storage.files.map((f) => f.slice(dir.length + 1))).toEqual(['events.jsonl.gz', ...Array.from({ length: names.length - 1 }, (_, i) => `events.${i + 1}.jsonl.gz`)]);
    // Every segment but the last stays within the limit (a segment holds whole gzip members).
    for (const f of storage.files.slice(0, -1)) expect(statSync(f).size).toBeLessThanOrEqual(2 * 1024);
    expect(await storage.query()).toEqual(events);
  });

  it('answers queries by correlation, type, sequence range, symbol and paging by streaming the files', async () => {
    const dir = tmp();
    const storage = new DiskEventStorage({ dir, maxFileSizeMb: 4 / 1024, batchLines: 64 });
    const events = makeEvents(700);
    for (const e of events) storage.append(e);
    const queries: EventQuery[] = [
      { correlationId: 't33' },
      { type: 'FILL' },
      { type: ['SIGNAL', 'ORDER'], symbol: 'QQQ' },
      { fromSequence: 300, toSequence: 420 },
      { limit: 15, offset: 100 },
      { type: 'POSITION_CLOSE', limit: 4, offset: 10 },
    ];
    for (const q of queries) expect(await storage.query(q), JSON.stringify(q)).toEqual(expected(events, q));
    expect(await storage.getByCorrelation('t5')).toEqual(expected(events, { correlationId: 't5' }));
  });

  it('removes a correlation with a tombstone applied on read, also after reopening the folder', async () => {
    const dir = tmp();
    const storage = new DiskEventStorage({ dir, batchLines: 30 });
    const events = makeEvents(200);
    storage.appendBatch(events);
    const victims = events.filter((e) => e.correlationId === 't4').length;
    expect(await storage.removeCorrelation('t4')).toBe(victims);
    expect(await storage.removeCorrelation('t4')).toBe(0);
    const rest = events.filter((e) => e.correlationId !== 't4');
    expect(await storage.query()).toEqual(rest);
    expect(await storage.count()).toBe(rest.length);
    expect(JSON.parse(readFileSync(join(dir, 'events.removed.json'), 'utf8'))).toEqual(['t4']);

    const reader = new DiskEventStorage({ dir, mode: 'read' });
    expect(await reader.query()).toEqual(rest);
    expect(await reader.getByCorrelation('t4')).toEqual([]);
    expect(await reader.count()).toBe(rest.length);
    expect(await reader.removeCorrelation('t7')).toBe(events.filter((e) => e.correlationId === 't7').length);
    expect(() => reader.append(events[0]!)).toThrow(/read-only/);
  });

  it('starts a fresh run in a folder that held an earlier one, leaving other files alone', async () => {
    const dir = tmp();
    const first = new DiskEventStorage({ dir, maxFileSizeMb: 1 / 1024, batchLines: 10 });
    first.appendBatch(makeEvents(400));
    first.flush();
    await first.removeCorrelation('t1');
    writeFileSync(join(dir, 'metrics.json'), '{}');
    const second = new DiskEventStorage({ dir });
    second.appendBatch(makeEvents(5, 1000));
    expect(await second.query()).toEqual(makeEvents(5, 1000));
    expect(existsSync(join(dir, 'events.removed.json'))).toBe(false);
    expect(existsSync(join(dir, 'metrics.json'))).toBe(true);
    expect(readdirSync(dir).filter((n) => n.startsWith('events'))).toEqual(['events.jsonl.gz']);
  });

  it('writes plain events.jsonl without compression and clears', async () => {
    const dir = tmp();
    const storage = new DiskEventStorage({ dir, compression: false });
    storage.appendBatch(makeEvents(10));
    storage.flush();
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n')).toHaveLength(10);
    storage.clear();
    expect(await storage.count()).toBe(0);
    expect(await storage.query()).toEqual([]);
  });

  it('reports a damaged segment with its file and line', async () => {
    const dir = tmp();
    const storage = new DiskEventStorage({ dir, compression: false });
    storage.appendBatch(makeEvents(3));
    storage.flush();
    writeFileSync(join(dir, 'events.jsonl'), readFileSync(join(dir, 'events.jsonl'), 'utf8') + '{"broken\n');
    await expect(storage.query()).rejects.toThrow(/events\.jsonl: line 4 is not valid JSON/);
  });
});

describe('DiskEventStorage.storageFor', () => {
  it('maps storage_backend to a results folder per container', async () => {
    const out = tmp();
    const storageFor = DiskEventStorage.storageFor(out);
    expect(storageFor('portfolio_1', DEFAULT_TRACE_SETTINGS)).toBeUndefined();
    const disk = storageFor('signal_analyzer', { ...DEFAULT_TRACE_SETTINGS, storageBackend: 'disk' });
    expect(disk).toBeInstanceOf(DiskEventStorage);
    disk!.appendBatch!(makeEvents(10));
    await disk!.flush!();
    expect(readdirSync(join(out, 'signal_analyzer'))).toEqual(['events.jsonl.gz']);

    const hier = storageFor('root', { ...DEFAULT_TRACE_SETTINGS, storageBackend: 'hierarchical', maxEvents: 40 });
    expect(hier).toBeInstanceOf(HierarchicalStorage);
    const events = makeEvents(150);
    for (const e of events) hier!.append(e);
    await hier!.flush!();
    expect(await hier!.query()).toEqual(events);
    const spilled = await new DiskEventStorage({ dir: join(out, 'root'), mode: 'read' }).query();
    expect(spilled).toEqual(events.slice(0, spilled.length));
    expect(spilled.length).toBeGreaterThan(100);
  });
});
