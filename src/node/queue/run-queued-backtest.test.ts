// `npm run backtest -- <config> --queue <url>` as a user runs it: input errors before anything
// is queued, then a sweep served by a worker, its results folder, summary and top-10 table.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../scripts/ensure-redis.mjs';
import { runQueuedBacktest } from './run-queued-backtest';
import { SweepWorker } from './sweep-worker';
import type { SweepSummary } from './sweep-results-writer';
import { decodeEquityNpy } from '../../app/storage/equity-npy';

const DEFAULT_YAML = readFileSync(fileURLToPath(new URL('../../core/config/default-config.yaml', import.meta.url)), 'utf8');
const LOOKBACKS = 'strategy_momentum_1.params.lookback: [10, 20, 40, 60, 120]';

let dir: string;
let redis: RedisServer | undefined;
let worker: SweepWorker | undefined;

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), isTTY: false } };
}

beforeAll(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'es-queued-cli-'));
});

afterAll(async () => {
  await worker?.close(true);
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('runQueuedBacktest', () => {
  it('leaves runs without --queue (and usage errors, --help) to the local runner', async () => {
    expect(await runQueuedBacktest(['cfg.yaml'])).toBeNull();
    expect(await runQueuedBacktest(['--help'])).toBeNull();
    expect(await runQueuedBacktest(['cfg.yaml', '--queue', 'not-a-url'])).toBeNull();
  });

  it('reports an unreadable config and a sweep path the config lacks with exit 2, before touching Redis', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, DEFAULT_YAML.replace(LOOKBACKS, 'strategy_momentum_1.params.lookbak: [10, 20]'));
    // Port 1 on loopback: nothing listens there; a connection attempt would hang the test, not pass it.
    const a = io();
    expect(await runQueuedBacktest([bad, '--queue', 'redis://127.0.0.1:1'], a.io)).toBe(2);
    expect(a.out.stderr).toContain(bad);
    expect(a.out.stderr).toMatch(/lookbak/);
    const b = io();
    expect(await runQueuedBacktest([join(dir, 'missing.yaml'), '--queue', 'redis://127.0.0.1:1'], b.io)).toBe(2);
    expect(b.out.stderr).toMatch(/cannot read the config file/);
  });

  it('runs the sweep on the queue, writes every point and summary.json, prints the top 10, skips invalid points (exit 0)', async () => {
    redis = await startRedis();
    // Two points at once, each in its own worker thread.
    worker = new SweepWorker({ url: redis.url, concurrency: 2 });
    const cfg = join(dir, 'sweep.yaml');
    // lookback 0 is refused by the momentum strategy: those 3 points are skipped as invalid
    // (issue 14), after one attempt each (retrying cannot make them valid).
    writeFileSync(cfg, DEFAULT_YAML.replace(LOOKBACKS, 'strategy_momentum_1.params.lookback: [20, 0, 60, 120]'));
    const out = join(dir, 'out');
    const run = io();
    const code = await runQueuedBacktest([cfg, '--queue', redis.url, '--out', out, '--sweep-id', 'cli-test'], run.io);
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SweepSummary;
    expect(summary).toMatchObject({ sweep_id: 'cli-test', total: 12, succeeded: 9, failed: 0, skipped: 3, skipped_invalid: 3, skipped_constraint: 0, objective: 'sharpe_ratio', dataset_id: 'sp500' });
    const points = summary.phases[0].points;
    expect(points.slice(-3).every((p) => !p.ok && p.skipped === 'invalid' && p.attempts === 1 && /got 0/.test(p.error!.message))).toBe(true);
    for (const p of points.filter((x) => x.ok)) {
      const file = JSON.parse(readFileSync(join(out, p.container_ids.portfolio_1, 'metrics.json'), 'utf8')) as { metrics: Record<string, number> };
      expect(file.metrics.sharpe_ratio).toBeCloseTo(p.objective_value!, 12);
    }
    expect(existsSync(join(out, 'run.json'))).toBe(true);
    expect(existsSync(join(out, 'config.yaml'))).toBe(true);
    // Top 10 of 12, best first, then the skipped points on stderr with their parameters and reason.
    const table = run.out.stdout.split('\n').filter((l) => /^\d+\s/.test(l));
    expect(table).toHaveLength(10);
    expect(table[0]).toContain(points[0].container_ids.portfolio_1);
    expect(run.out.stdout).toMatch(/9\/12 points ok, 3 skipped/);
    expect(run.out.stderr.match(/^skipped: grid point \d+ lookback=0 threshold=\S+: invalid parameters \(.*got 0/gm)).toHaveLength(3);
    expect(run.out.stderr).toMatch(/3 point\(s\) skipped: 0 by optimization.constraint, 3 with invalid parameters/);
    expect(run.out.stderr).toMatch(/sweep cli-test: 12\/12 points · /);

    // Re-attaching by sweep id with no worker left: every result is still in Redis under its job
    // id, so the submitter finishes from there, nothing runs again, the results are the same.
    await worker.close();
    const again = io();
    const out2 = join(dir, 'out2');
    expect(await runQueuedBacktest([cfg, '--queue', redis.url, '--out', out2, '--sweep-id', 'cli-test', '--quiet', '--equity-format', 'json'], again.io)).toBe(0);
    const summary2 = JSON.parse(readFileSync(join(out2, 'summary.json'), 'utf8')) as SweepSummary;
    expect(summary2.phases).toEqual(summary.phases);
    expect(worker.completed).toBe(9);
    // Point folders carry equity.npy by default and equity.json with --equity-format json: the same curve.
    const best = points[0].container_ids.portfolio_1;
    const npyPath = join(out, best, 'equity.npy');
    const curve = decodeEquityNpy(new Uint8Array(readFileSync(npyPath)), npyPath);
    expect(curve.length).toBeGreaterThan(100);
    expect(existsSync(join(out2, best, 'equity.npy'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out2, best, 'equity.json'), 'utf8'))).toEqual(curve);
  });
});
