// Datasets travel by content hash, not once per job: the submitter stores the canonical JSON
// of the bars once under es:dataset:<sha256> (gzipped, with a TTL it refreshes while the sweep
// runs); a worker fetches it the first time a job names that hash, checks the hash (a corrupt
// or foreign value is refused, not run) and keeps the parsed bars in a small cache.
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RedisClient } from 'bullmq';
import type { BarSeries, Dataset } from '../../engine/bar';
import type { DatasetRef } from './sweep-job';

export const DATASET_KEY_PREFIX = 'es:dataset:';
/** A day: longer than any sweep's gaps; the submitter refreshes it while it follows. */
export const DEFAULT_DATASET_TTL_S = 24 * 3600;

const FORMAT = 'event-studio-bars';

/** Columnar series: a fixed key order and no repeated symbol per bar, so equal bars ⇒ equal text ⇒ equal hash. */
interface CanonicalSeries {
  symbol: string;
  timeframe: string;
  timestamp: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

interface CanonicalDataset {
  format: typeof FORMAT;
  version: 1;
  id: string;
  name: string;
  source: string;
  series: CanonicalSeries[];
}

export class DatasetMissingError extends Error {
  constructor(readonly hash: string) {
    super(
      `dataset ${hash.slice(0, 12)}… is not in Redis (${DATASET_KEY_PREFIX}${hash}): it expired or Redis restarted; ` +
        'the submitting command stores it again while it follows the sweep (run it again with --sweep-id to re-attach).',
    );
    this.name = 'DatasetMissingError';
  }
}

export class DatasetCorruptError extends Error {
  constructor(hash: string, actual: string) {
    super(`dataset stored under ${DATASET_KEY_PREFIX}${hash} hashes to ${actual}: refusing to run on bars that are not the submitted ones`);
    this.name = 'DatasetCorruptError';
  }
}

export function canonicalDatasetJson(dataset: Dataset): string {
  const doc: CanonicalDataset = {
    format: FORMAT,
    version: 1,
    id: dataset.id,
    name: dataset.name,
    source: dataset.source,
    series: dataset.series.map((s) => ({
      symbol: s.symbol,
      timeframe: s.timeframe,
      timestamp: Array.from(s.time),
      open: Array.from(s.open),
      high: Array.from(s.high),
      low: Array.from(s.low),
      close: Array.from(s.close),
      volume: Array.from(s.volume),
    })),
  };
  return JSON.stringify(doc);
}

export function datasetFromCanonicalJson(text: string): Dataset {
  const doc = JSON.parse(text) as CanonicalDataset;
  if (doc.format !== FORMAT || doc.version !== 1) throw new Error(`not a ${FORMAT} v1 document`);
  const series: BarSeries[] = doc.series.map((s) => {
    // Columns straight from the document's arrays: no object per bar.
    return {
      symbol: s.symbol,
      timeframe: s.timeframe,
      time: Float64Array.from(s.timestamp),
      open: Float64Array.from(s.open),
      high: Float64Array.from(s.high),
      low: Float64Array.from(s.low),
      close: Float64Array.from(s.close),
      volume: Float64Array.from(s.volume),
    };
  });
  return { id: doc.id, name: doc.name, source: doc.source, series };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function datasetBars(dataset: Dataset): number {
  return dataset.series.reduce((n, s) => n + s.time.length, 0);
}

export interface DatasetStoreOptions {
  ttlSeconds?: number;
  /** Parsed datasets kept in memory by a worker (default 4). */
  cacheSize?: number;
}

/** One side's view of the datasets in Redis: `put` for submitters, `get` for workers. */
export class DatasetStore {
  private readonly cache = new Map<string, Dataset>();
  /** Fetches under way: jobs starting together on one worker share one. */
  private readonly loading = new Map<string, Promise<Dataset>>();
  private readonly ttl: number;
  private readonly cacheSize: number;
  /** Redis fetches done (a worker fetches a dataset once, whatever the number of jobs). */
  fetches = 0;

  constructor(
    private readonly client: () => Promise<RedisClient>,
    options: DatasetStoreOptions = {},
  ) {
    this.ttl = options.ttlSeconds ?? DEFAULT_DATASET_TTL_S;
    this.cacheSize = Math.max(1, options.cacheSize ?? 4);
  }

  /** The reference jobs carry, without storing anything. */
  static describe(dataset: Dataset): { ref: DatasetRef; text: string } {
    const text = canonicalDatasetJson(dataset);
    return { ref: { hash: sha256Hex(text), id: dataset.id, bars: datasetBars(dataset) }, text };
  }

  /** Stores (or refreshes the TTL of) the dataset; the same bars always give the same key. */
  async put(dataset: Dataset): Promise<DatasetRef> {
    const { ref, text } = DatasetStore.describe(dataset);
    await this.putText(ref.hash, text);
    return ref;
  }

  async putText(hash: string, text: string): Promise<void> {
    const redis = await this.client();
    await redis.set(DATASET_KEY_PREFIX + hash, gzipSync(Buffer.from(text, 'utf8'), { level: 1 }).toString('base64'), { EX: this.ttl });
  }

  /** The bars under `hash`, from the cache or Redis (checked against the hash). */
  async get(hash: string): Promise<Dataset> {
    const cached = this.cache.get(hash);
    if (cached !== undefined) {
      // Most recently used last.
      this.cache.delete(hash);
      this.cache.set(hash, cached);
      return cached;
    }
    let pending = this.loading.get(hash);
    if (pending === undefined) {
      pending = this.fetch(hash).finally(() => this.loading.delete(hash));
      this.loading.set(hash, pending);
    }
    return pending;
  }

  private async fetch(hash: string): Promise<Dataset> {
    const redis = await this.client();
    const stored = await redis.get(DATASET_KEY_PREFIX + hash);
    if (stored === null) throw new DatasetMissingError(hash);
    this.fetches += 1;
    const text = gunzipSync(Buffer.from(stored, 'base64')).toString('utf8');
    const actual = sha256Hex(text);
    if (actual !== hash) throw new DatasetCorruptError(hash, actual);
    const dataset = datasetFromCanonicalJson(text);
    this.cache.set(hash, dataset);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return dataset;
  }
}
