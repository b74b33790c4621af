// DatasetStore against a real redis-server: stored once by content hash with a TTL, fetched
// once per worker however many jobs name it, and refused when the stored bytes are not the bars.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Queue, type RedisClient } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../scripts/ensure-redis.mjs';
import type { Dataset } from '../../engine/bar';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import { DATASET_KEY_PREFIX, DatasetCorruptError, DatasetMissingError, DatasetStore } from './dataset-store';
import { redisConnectionOptions } from './redis-connection-options';

let redis: RedisServer;
let queue: Queue;
let client: () => Promise<RedisClient>;

/** Straight to the server, not through the code under test. */
function cli(...args: string[]): string {
  return execFileSync('redis-cli', ['-p', String(redis.port), ...args], { encoding: 'utf8' }).trim();
}

function synthetic(seed: number): Dataset {
  return generateSyntheticBars({ seed, days: 2, symbols: ['AAA'] });
}

beforeAll(async () => {
  redis = await startRedis();
  queue = new Queue('dataset-store-test', { connection: redisConnectionOptions(redis.url) });
  client = () => queue.backend.client;
});

afterAll(async () => {
  await queue?.close();
  await redis?.stop();
});

describe('DatasetStore', () => {
  it('stores the bars once under es:dataset:<sha256 of the stored JSON> with a TTL', async () => {
    const store = new DatasetStore(client, { ttlSeconds: 120 });
    const ref = await store.put(synthetic(1));
    const again = await store.put(synthetic(1));
    expect(again).toEqual(ref);
    expect(ref.bars).toBe(synthetic(1).series.reduce((n, s) => n + s.time.length, 0));
    expect(cli('--scan', '--pattern', `${DATASET_KEY_PREFIX}*`)).toBe(DATASET_KEY_PREFIX + ref.hash);
    const stored = cli('get', DATASET_KEY_PREFIX + ref.hash);
    const json = gunzipSync(Buffer.from(stored, 'base64')).toString('utf8');
    expect(createHash('sha256').update(json).digest('hex')).toBe(ref.hash);
    expect(JSON.parse(json)).toMatchObject({ id: synthetic(1).id, series: [{ symbol: synthetic(1).series[0].symbol }] });
    const ttl = Number(cli('ttl', DATASET_KEY_PREFIX + ref.hash));
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    // Other bars, other key.
    expect((await store.put(synthetic(2))).hash).not.toBe(ref.hash);
  });

  it('gives a worker the same bars, fetched from Redis once however many jobs ask', async () => {
    const data = synthetic(3);
    const ref = await new DatasetStore(client).put(data);
    const worker = new DatasetStore(client);
    const together = await Promise.all([worker.get(ref.hash), worker.get(ref.hash), worker.get(ref.hash)]);
    expect(together[0]).toEqual(data);
    for (let i = 0; i < 20; i++) expect(await worker.get(ref.hash)).toBe(together[0]);
    expect(worker.fetches).toBe(1);
  });

  it('refuses a missing dataset and one whose bytes do not hash to its key', async () => {
    const worker = new DatasetStore(client);
    const hash = 'f'.repeat(64);
    await expect(worker.get(hash)).rejects.toBeInstanceOf(DatasetMissingError);
    await (await client()).set(DATASET_KEY_PREFIX + hash, gzipSync(Buffer.from('{"format":"event-studio-bars"}')).toString('base64'));
    await expect(worker.get(hash)).rejects.toBeInstanceOf(DatasetCorruptError);
  });
});
