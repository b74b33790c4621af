// A distributed sweep against a real redis-server on loopback and real worker processes
// (`node --import tsx scripts/worker.ts`, as `npm run worker` starts them): every point's
// metrics equal the same backtest run locally in-process, a worker SIGKILLed mid-job loses
// nothing, a poisoned point fails after its bounded attempts without stalling the rest, and a
// Redis restart (which, without persistence, loses every job) is survived.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../../scripts/ensure-redis.mjs';
import { applySweepPoint } from '../../core/config/apply-sweep-point';
import type { StudioConfig } from '../../core/config/studio-config';
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import { decodeRunFiles } from '../../app/storage/run-archive';
import type { Dataset } from '../../engine/bar';
import { expandGrid } from '../../engine/optimization/expand-grid';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import { runBacktestPoint } from '../../engine/optimization/backtest-point-runner';
import type { PointOutcome, PointSuccess } from '../../engine/optimization/pool-protocol';
import { runSweepPlan } from '../../engine/optimization/sweep-plan';
import { runBacktestSync } from '../../engine/run-backtest';
import { readBundledDataset } from '../bundled-data';
import { redisConnectionOptions } from './redis-connection-options';
import { runQueuedSweep, type QueuedSweepResult } from './run-queued-sweep';
import { QUEUE_PREFIX, SWEEP_QUEUE, sweepJobId, type SweepJobData } from './sweep-job';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DEFAULT_YAML = readFileSync(join(ROOT, 'src/core/config/default-config.yaml'), 'utf8');
const LOOKBACKS = 'strategy_momentum_1.params.lookback: [10, 20, 40, 60, 120]';

/** The default config with another lookback list (18 points with the default thresholds). */
function sweepYaml(lookbacks: number[]): string {
  expect(DEFAULT_YAML).toContain(LOOKBACKS);
  return DEFAULT_YAML.replace(LOOKBACKS, `strategy_momentum_1.params.lookback: [${lookbacks.join(', ')}]`);
}

let redis: RedisServer;
let queue: Queue<SweepJobData, string>;
let dataset: Dataset;
const children: ChildProcess[] = [];
const logs = new Map<number, string>();

function startWorker(): { child: ChildProcess; name: string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts', '--queue', redis.url, '--lock-ms', '2000'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const pid = child.pid!;
  logs.set(pid, '');
  const keep = (d: Buffer) => logs.set(pid, (logs.get(pid) ?? '') + d.toString());
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, name: `${os.hostname()}:${pid}` };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}\n${[...logs.values()].join('\n---\n')}`);
}

/** The same grid run locally, in-process, with the engine directly: config ids kept (single grid). */
function localMetrics(config: StudioConfig): Map<number, Record<string, MetricsSnapshot> | Error> {
  const out = new Map<number, Record<string, MetricsSnapshot> | Error>();
  for (const point of expandGrid(config.optimization!.parameters!)) {
    try {
      const result = runBacktestSync(applySweepPoint(config, point.params), dataset);
      const metrics: Record<string, MetricsSnapshot> = {};
      for (const id of result.containerIds) if (result.containers[id].metrics) metrics[id] = result.containers[id].metrics!;
      out.set(point.index, metrics);
    } catch (error) {
      out.set(point.index, error as Error);
    }
  }
  return out;
}

function gridPoints(run: QueuedSweepResult): PointOutcome[] {
  expect(run.result.phases).toHaveLength(1);
  return run.result.phases[0].points;
}

function expectSameAsLocal(run: QueuedSweepResult, local: Map<number, Record<string, MetricsSnapshot> | Error>): void {
  const points = gridPoints(run);
  expect(points.map((p) => p.index)).toEqual([...local.keys()]);
  for (const p of points) {
    const expected = local.get(p.index)!;
    if (expected instanceof Error) continue;
    expect(p.ok, `point ${p.index} ${JSON.stringify(p.params)}`).toBe(true);
    expect((p as PointSuccess).metrics).toEqual(expected);
  }
}

function readTree(dir: string): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split('\\').join('/')] = new Uint8Array(readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

beforeAll(async () => {
  redis = await startRedis();
  queue = new Queue(SWEEP_QUEUE, { connection: redisConnectionOptions(redis.url), prefix: QUEUE_PREFIX });
  // Connection errors while Redis restarts are expected here; the submitter reports its own.
  queue.on('error', () => undefined);
  dataset = readBundledDataset('sp500');
});

// Even if the run is torn down without afterAll, no worker outlives it.
process.once('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.allSettled(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)))));
  await queue?.close();
  await redis?.stop();
});

describe('distributed sweep on BullMQ', () => {
  let survivor: { child: ChildProcess; name: string };

  it('runs every grid point on two worker processes, one SIGKILLed mid-job, with the metrics of a local run; the results import as a run', async () => {
    const text = sweepYaml([5, 10, 20, 40, 60, 120]);
    const config = parseConfigText(text);
    const local = localMetrics(config);
    expect(local.size).toBe(18);

    const a = startWorker();
    survivor = startWorker();
    // Both connected before anything is queued, so A gets its share (a slow start would leave it all to B).
    await until('two workers connected', async () => ((await queue.getWorkersCount()) >= 2 ? true : undefined));
    const sweepId = 'kill-test';
    const out = mkdtempSync(join(os.tmpdir(), 'es-queue-out-'));
    const running = runQueuedSweep({ url: redis.url, configText: text, config, dataset, sweepId, pollMs: 250, outDir: out, createdAt: Date.UTC(2026, 0, 1) });
    // Wait until worker A holds a job, then kill it without any chance to clean up.
    const victim = await until('a job running on worker A', async () => (await queue.getActive()).find((j) => j.processedBy === a.name));
    a.child.kill('SIGKILL');
    const run = await running;

    expect(run.result.total).toBe(18);
    expect(run.result.failed).toBe(0);
    expectSameAsLocal(run, local);
    // The killed job was taken over (stalled-job detection) and finished by the other worker.
    const record = [...run.jobs.values()].find((j) => j.jobId === victim.id)!;
    expect(record.processedBy).toBe(survivor.name);
    const after = await queue.getJob(victim.id!);
    expect(after!.attemptsStarted).toBeGreaterThanOrEqual(2);

    // The results folder is the run-archive layout: it imports as one run holding every point.
    try {
      const summary = run.summary!;
      expect(summary.total).toBe(18);
      expect(summary.phases[0].points.map((p) => p.rank)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
      const archive = decodeRunFiles(readTree(out));
      for (const [index, metrics] of local) {
        const folder = `portfolio_grid_${index + 1}`;
        if (metrics instanceof Error) throw metrics;
        expect(archive.result.containers[folder].metrics, folder).toEqual(metrics.portfolio_1);
        const onDisk = JSON.parse(readFileSync(join(out, folder, 'metrics.json'), 'utf8')) as { container_id: string; metrics: { total_trades: number } };
        expect(onDisk.container_id).toBe(folder);
        expect(onDisk.metrics.total_trades).toBe(metrics.portfolio_1.totalTrades);
      }
      expect(archive.configText).toBe(text);
      // summary.json ranks by Sharpe, best first, each point with its folder ids.
      const sharpe = summary.phases[0].points.map((p) => p.objective_value!);
      expect([...sharpe].sort((x, y) => y - x)).toEqual(sharpe);
      expect(summary.best!.container_ids.portfolio_1).toBe(`portfolio_grid_${summary.best!.index + 1}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('skips points whose parameters the engine refuses, after one attempt each, while the others complete', async () => {
    const text = sweepYaml([10, 0, 40]);
    const config = parseConfigText(text);
    const local = localMetrics(config);
    const sweepId = 'poison-test';
    const run = await runQueuedSweep({ url: redis.url, configText: text, config, dataset, sweepId, pollMs: 250, backoffMs: 100 });

    const points = gridPoints(run);
    const skipped = points.filter((p) => !p.ok);
    // lookback 0 is index 3..5 (lookback varies slowest): every threshold with it is invalid.
    expect(skipped.map((p) => p.index)).toEqual([3, 4, 5]);
    expect(run.result).toMatchObject({ failed: 0, skipped: 3 });
    for (const f of skipped) {
      if (f.ok) continue;
      expect(f.skipped).toBe('invalid');
      expect(f.error.name).toBe('BacktestConfigError');
      expect(f.error.message).toMatch(/lookback' must be an integer in \[1, 10000\], got 0/);
      const job = await queue.getJob(sweepJobId(sweepId, null, f.index));
      expect(await job!.getState()).toBe('failed');
      // Retrying cannot make the parameters valid: one attempt, not three.
      expect(job!.attemptsMade).toBe(1);
    }
    expect(points.filter((p) => p.ok)).toHaveLength(6);
    expectSameAsLocal(run, local);
    expect(run.result.best?.params['strategy_momentum_1.params.lookback']).not.toBe(0);
  });

  it('survives a Redis restart mid-sweep (jobs and dataset lost without persistence): re-queued, same metrics', async () => {
    const text = sweepYaml([5, 10, 20, 40, 60, 120]);
    const config = parseConfigText(text);
    const local = localMetrics(config);
    expect(survivor.child.exitCode).toBeNull();
    let restarted: Promise<void> | undefined;
    const run = await runQueuedSweep({
      url: redis.url,
      configText: text,
      config,
      dataset,
      sweepId: 'restart-test',
      pollMs: 250,
      onProgress: (p) => {
        if (restarted === undefined && p.done >= 3) restarted = redis.restart(500);
      },
    });
    await restarted;
    expect(restarted).toBeDefined();
    expect(run.readded).toBeGreaterThan(0);
    expect(run.result.total).toBe(18);
    expect(run.result.failed).toBe(0);
    expectSameAsLocal(run, local);
  });

  it('runs a multi-phase sweep (top 3 of phase1 crossed with stop losses, then the final best) like the local plan, in phase folders', async () => {
    const text = `${DEFAULT_YAML.replace(LOOKBACKS, 'strategy_momentum_1.params.lookback: [10, 20, 60]')}
  phases:
    - name: phase1
    - name: phase2
      top_n: 3
      parameters:
        portfolio_1.risk.stop_loss: [0.05, 0.2]
    - name: final
      top_n: 1
`;
    const config = parseConfigText(text);
    // The same plan locally: each point through the engine in this thread.
    const local = await runSweepPlan(config, async (phase, points) =>
      points.map((point): PointOutcome => {
        const out = runBacktestPoint({ config, dataset, params: point.params, containerSuffix: point.containerSuffix, detail: 'metrics', signal: { aborted: false, reason: undefined } });
        return { ok: true, index: point.index, phase: phase.name, params: point.params, containerSuffix: point.containerSuffix, durationMs: 0, ...out };
      }),
    );
    const out = mkdtempSync(join(os.tmpdir(), 'es-queue-phases-'));
    try {
      const run = await runQueuedSweep({ url: redis.url, configText: text, config, dataset, sweepId: 'phases-test', pollMs: 250, outDir: out });
      expect(run.result.phases.map((p) => [p.name, p.points.length, p.kept])).toEqual([
        ['phase1', 9, 3],
        ['phase2', 6, 1],
        ['final', 1, 0],
      ]);
      expect(run.result.phases.map((p) => [p.name, p.points.length, p.kept])).toEqual(local.phases.map((p) => [p.name, p.points.length, p.kept]));
      run.result.phases.forEach((phase, i) => {
        phase.points.forEach((p, k) => {
          const l = local.phases[i].points[k] as PointSuccess;
          expect(p.params).toEqual(l.params);
          expect((p as PointSuccess).metrics).toEqual(l.metrics);
        });
        expect(phase.ranking).toEqual(local.phases[i].ranking);
      });
      expect(run.result.best!.params).toEqual(local.best!.params);
      // Folders carry the phase ids: portfolio_phase2_4/metrics.json holds phase2 point 4's metrics.
      const p2 = run.result.phases[1].points[3] as PointSuccess;
      const file = JSON.parse(readFileSync(join(out, 'portfolio_phase2_4', 'metrics.json'), 'utf8')) as { container_id: string; metrics: { total_trades: number } };
      expect(file.container_id).toBe('portfolio_phase2_4');
      expect(file.metrics.total_trades).toBe(p2.metrics.portfolio_phase2_4.totalTrades);
      expect(readdirSync(out).filter((d) => d.startsWith('portfolio_final_'))).toEqual(['portfolio_final_1']);
      expect(run.summary!.best!.container_ids.portfolio_1).toBe('portfolio_final_1');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
