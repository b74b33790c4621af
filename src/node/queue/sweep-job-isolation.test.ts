// Two sweeps that share a queue and a worker must never share work: the same YAML on other
// bars (issue 16: sweep B came back with sweep A's numbers), and a job whose configHash is not
// its configText's (issue 13: it could run another job's cached config and report success).
// A real redis-server on loopback and one real worker process (`npm run worker`), one thread,
// so every point of both sweeps goes through the same thread and its caches.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../scripts/ensure-redis.mjs';
import { applySweepPoint } from '../../core/config/apply-sweep-point';
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import type { Dataset } from '../../engine/bar';
import { expandGrid } from '../../engine/optimization/expand-grid';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import type { PointSuccess } from '../../engine/optimization/pool-protocol';
import { runBacktestSync } from '../../engine/run-backtest';
import { sliceDataset } from '../../engine/walk-forward/slice-dataset';
import { readBundledDataset } from '../bundled-data';
import { DatasetStore, sha256Hex } from './dataset-store';
import { engineVersion } from './engine-version';
import { strategiesHash } from './job-key';
import { redisConnectionOptions } from './redis-connection-options';
import { runQueuedSweep } from './run-queued-sweep';
import { QUEUE_PREFIX, SWEEP_JOB_VERSION, SWEEP_QUEUE, type SweepJobData } from './sweep-job';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEFAULT_YAML = readFileSync(join(ROOT, 'src/core/config/default-config.yaml'), 'utf8');
const LOOKBACKS = 'strategy_momentum_1.params.lookback: [10, 20, 40, 60, 120]';
const TEXT = DEFAULT_YAML.replace(LOOKBACKS, 'strategy_momentum_1.params.lookback: [10, 40]');

let redis: RedisServer;
let queue: Queue<SweepJobData, string>;
let worker: ChildProcess;
let log = '';

/** The sp500 bars of [from, to) years, under one CSV-like id for both windows (two files both named prices.csv). */
function window(from: number, to: number): Dataset {
  const slice = sliceDataset(readBundledDataset('sp500'), Date.UTC(from, 0, 1), Date.UTC(to, 0, 1));
  return { ...slice, id: 'csv:prices.csv', name: 'prices.csv', source: 'prices.csv' };
}

function localMetrics(dataset: Dataset): Map<number, Record<string, MetricsSnapshot>> {
  const config = parseConfigText(TEXT);
  const out = new Map<number, Record<string, MetricsSnapshot>>();
  for (const point of expandGrid(config.optimization!.parameters)) {
    const result = runBacktestSync(applySweepPoint(config, point.params), dataset);
    const metrics: Record<string, MetricsSnapshot> = {};
    for (const id of result.containerIds) if (result.containers[id].metrics) metrics[id] = result.containers[id].metrics!;
    out.set(point.index, metrics);
  }
  return out;
}

beforeAll(async () => {
  redis = await startRedis();
  queue = new Queue(SWEEP_QUEUE, { connection: redisConnectionOptions(redis.url), prefix: QUEUE_PREFIX });
  queue.on('error', () => undefined);
  worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts', '--queue', redis.url, '--concurrency', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  worker.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  worker.stderr!.on('data', (d: Buffer) => (log += d.toString()));
});

process.once('exit', () => {
  if (worker?.exitCode === null) worker.kill('SIGKILL');
});

afterAll(async () => {
  if (worker?.exitCode === null && worker.signalCode === null) {
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
  }
  await queue?.close();
  await redis?.stop();
});

describe('queue worker: a job runs on exactly what it carries', () => {
  it('runs two sweeps that differ only in their data through one worker thread, each with the metrics of its own local run', async () => {
    const a = window(1900, 2008);
    const b = window(2008, 2100);
    const localA = localMetrics(a);
    const localB = localMetrics(b);
    // The two windows really give different results (else the test proves nothing).
    expect(localA.get(0)!.portfolio_1.totalReturn).not.toBe(localB.get(0)!.portfolio_1.totalReturn);
    const config = parseConfigText(TEXT);
    for (const [dataset, local, sweepId] of [
      [a, localA, 'iso-a'],
      [b, localB, 'iso-b'],
    ] as const) {
      const run = await runQueuedSweep({ url: redis.url, configText: TEXT, config, dataset, sweepId, pollMs: 200 });
      expect(run.result.failed, log).toBe(0);
      const points = run.result.phases[0].points as PointSuccess[];
      expect(points).toHaveLength(local.size);
      for (const p of points) expect(p.metrics, `${sweepId} point ${p.index}`).toEqual(local.get(p.index));
    }
  }, 120_000);

  it('refuses, for good and with the field named, a job whose configHash is not the hash of its configText', async () => {
    const dataset = window(2008, 2010);
    const store = new DatasetStore(() => queue.backend.client);
    const ref = await store.put(dataset);
    const other = TEXT.replace('name: S&P 500 momentum', 'name: another study');
    const data: SweepJobData = {
      v: SWEEP_JOB_VERSION,
      sweepId: 'forged',
      phase: null,
      point: { index: 0, params: { 'strategy_momentum_1.params.lookback': 10 }, containerSuffix: '' },
      configText: other,
      // The hash of the first sweep's config: once such a job could run that cached config.
      configHash: sha256Hex(TEXT),
      dataset: ref,
      strategiesHash: strategiesHash(undefined),
      engineVersion: engineVersion(),
    };
    const forged = await queue.add('point', data, { jobId: 'forged.grid.0', attempts: 3 });
    const malformed = await queue.add('point', { ...data, point: { index: -1, params: { x: [1] } } } as unknown as SweepJobData, { jobId: 'malformed.grid.0', attempts: 3 });
    const settled = async (id: string) => {
      for (let i = 0; i < 500; i++) {
        const job = await queue.getJob(id);
        if (job?.finishedOn !== undefined) return job;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`job ${id} never finished\n${log}`);
    };
    const f = await settled(forged.id!);
    expect(await f.getState()).toBe('failed');
    expect(f.failedReason).toMatch(/InvalidSweepJobError: job forged\.grid\.0: configHash: is [0-9a-f]{12}… but configText hashes to [0-9a-f]{12}…: refusing to run/);
    // Failed for good: a retry cannot make the hash right.
    expect(f.attemptsMade).toBe(1);
    const m = await settled(malformed.id!);
    expect(await m.getState()).toBe('failed');
    expect(m.failedReason).toMatch(/InvalidSweepJobError: job malformed\.grid\.0: point\.index: /);
  }, 60_000);
});
