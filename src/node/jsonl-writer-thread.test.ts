import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonlGzWriter, readJsonlSegments } from './jsonl-gz-writer';
import { JsonlWriterThread } from './jsonl-writer-thread';
import { tempDirs } from './testing/temp-dirs';

const tmp = tempDirs('jsonl-thread-');
const threads: JsonlWriterThread[] = [];
const newThread = (options: ConstructorParameters<typeof JsonlWriterThread>[0] = {}): JsonlWriterThread => {
  const t = new JsonlWriterThread(options);
  threads.push(t);
  return t;
};
afterEach(() => {
  for (const t of threads.splice(0)) t.terminate();
});

function event(i: number): Record<string, unknown> {
  return {
    eventId: `run-${i}`,
    type: i % 7 === 0 ? 'SIGNAL' : 'FEATURES',
    timestamp: 1_704_189_600_000 + i * 60_000,
    sourceId: 'strategy_1',
    ...(i % 7 === 0 ? { correlationId: `p-t${i}` } : {}),
    sequence: i,
    payload: i % 7 === 0 ? { symbol: 'SYN', direction: i % 2 ? 'long' : 'short', strength: i / 3 } : { symbol: 'SYN', features: { roc: Math.cos(i) } },
    metadata: { busId: 'strategy_1', note: i % 11 === 0 ? 'quote " and \\ and é' : undefined },
  };
}

const text = (dir: string, name = 'events.jsonl.gz'): string => gunzipSync(readFileSync(join(dir, name))).toString('utf8');

describe('JsonlGzWriter handing its stream to the writer thread', () => {
  it('writes the same lines as JSON.stringify, before and after the hand-over, into one file', () => {
    const dir = tmp();
    const thread = newThread();
    const w = new JsonlGzWriter({ dir, thread, offloadAfterLines: 100 });
    const records = Array.from({ length: 30_000 }, (_, i) => event(i));
    w.writeAll(records.slice(0, 50));
    for (const r of records.slice(50, 150)) w.write(r);
    w.writeAll(records.slice(150));
    expect(w.close()).toEqual([join(dir, 'events.jsonl.gz')]);
    expect(w.count).toBe(30_000);
    // Every line written by the thread is JSON.stringify's, in order.
    expect(text(dir)).toBe(records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    expect(w.threadBusyMs).toBeGreaterThan(0);
  });

  it('keeps rolling segments over after the hand-over, and writes plain .jsonl when compression is off', () => {
    const dir = tmp();
    const thread = newThread({ batchBytes: 4096 });
    const w = new JsonlGzWriter({ dir, thread, offloadAfterLines: 10, maxFileSizeMb: 2 / 1024, batchLines: 5 });
    const records = Array.from({ length: 3000 }, (_, i) => ({ i, noise: Math.sin(i * 7919).toString(36) + i.toString(16).repeat(5) }));
    w.writeAll(records);
    const files = w.close();
    expect(files.length).toBeGreaterThan(3);
    expect(files).toEqual(readdirSync(dir).sort((a, b) => (a.length - b.length) || a.localeCompare(b)).map((f) => join(dir, f)));
    expect(readJsonlSegments<{ i: number }>(dir).map((r) => r.i)).toEqual(records.map((r) => r.i));

    const plain = tmp();
    const p = new JsonlGzWriter({ dir: plain, thread, offloadAfterLines: 1, compression: false });
    p.writeAll([{ a: 1 }, { b: [2, null] }, { c: 'x' }]);
    p.close();
    expect(readFileSync(join(plain, 'events.jsonl'), 'utf8')).toBe('{"a":1}\n{"b":[2,null]}\n{"c":"x"}\n');
  });

  it('serves several streams at once, each into its own folder', () => {
    const thread = newThread();
    const dirs = [tmp(), tmp(), tmp()];
    const writers = dirs.map((dir) => new JsonlGzWriter({ dir, thread, offloadAfterLines: 1 }));
    for (let i = 0; i < 6000; i++) writers[i % 3]!.write({ stream: i % 3, i });
    writers.forEach((w) => w.close());
    dirs.forEach((dir, s) => {
      const rows = readJsonlSegments<{ stream: number; i: number }>(dir);
      expect(rows).toHaveLength(2000);
      expect(rows.every((r) => r.stream === s)).toBe(true);
    });
  });

  it('reports a failed write (the folder is gone) when the stream is closed, with the reason', () => {
    const dir = tmp();
    const thread = newThread();
    const w = new JsonlGzWriter({ dir, thread, offloadAfterLines: 1 });
    w.writeAll([event(0), event(1)]);
    rmSync(dir, { recursive: true, force: true });
    w.writeAll(Array.from({ length: 100 }, (_, i) => event(i + 2)));
    expect(() => w.close()).toThrow(/writing events failed: .*ENOENT/);
  });

  it('reports a segment it cannot create (a folder stands in its place), without hanging', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'events.1.jsonl.gz'));
    const w = new JsonlGzWriter({ dir, thread: newThread({ batchBytes: 1024 }), offloadAfterLines: 1, maxFileSizeMb: 1 / 1024 });
    const records = Array.from({ length: 2000 }, (_, i) => ({ i, noise: Math.sin(i * 7919).toString(36) }));
    expect(() => {
      w.writeAll(records);
      w.close();
    }).toThrow(/writing events failed: .*EISDIR/);
  });

  it('says so when the thread stops answering, instead of waiting forever', () => {
    const thread = newThread({ entry: new URL('./testing/silent-writer-thread-worker.ts', import.meta.url), stallTimeoutMs: 300 });
    const w = new JsonlGzWriter({ dir: tmp(), thread, offloadAfterLines: 1 });
    w.writeAll([event(0), event(1)]);
    expect(() => w.close()).toThrow(/made no progress/);
  });

  it('is not used after it was stopped', () => {
    const thread = newThread();
    thread.terminate();
    const w = new JsonlGzWriter({ dir: tmp(), thread, offloadAfterLines: 1 });
    expect(() => w.writeAll([event(0), event(1)])).toThrow(/already stopped/);
  });
});
