import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JsonlGzWriter, readJsonlSegments } from './jsonl-gz-writer';
import { tempDirs } from './testing/temp-dirs';

const tmp = tempDirs('jsonl-');

describe('JsonlGzWriter', () => {
  it('writes gzip JSON lines that standard gunzip reads, across several batches', () => {
    const dir = tmp();
    const w = new JsonlGzWriter({ dir, batchLines: 3 });
    for (let i = 0; i < 10; i++) w.write({ i, type: 'BAR' });
    expect(w.close()).toEqual([join(dir, 'events.jsonl.gz')]);
    const lines = gunzipSync(readFileSync(join(dir, 'events.jsonl.gz'))).toString('utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('rolls over into numbered segments past max_file_size_mb and reads them back in order', () => {
    const dir = tmp();
    // ~1 KB limit; incompressible-ish payloads force several segments.
    const w = new JsonlGzWriter({ dir, maxFileSizeMb: 1 / 1024, batchLines: 5 });
    const rows = Array.from({ length: 200 }, (_, i) => ({ i, noise: Math.sin(i * 7919).toString(36) + i.toString(16).repeat(5) }));
    w.writeAll(rows);
    const files = w.close();
    expect(files.length).toBeGreaterThan(2);
    expect(readdirSync(dir).sort()).toContain('events.1.jsonl.gz');
    expect(readJsonlSegments<{ i: number }>(dir).map((r) => r.i)).toEqual(rows.map((r) => r.i));
  });

  it('writes plain JSONL when compression is off', () => {
    const dir = tmp();
    const w = new JsonlGzWriter({ dir, compression: false });
    w.write({ a: 1 });
    w.close();
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).toBe('{"a":1}\n');
    expect(readJsonlSegments(dir)).toEqual([{ a: 1 }]);
  });
});
