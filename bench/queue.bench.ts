// Distributed sweeps on BullMQ: throughput (grid points/s and bars/s) of one sweep served by
// 1, 2 and 4 worker processes (`scripts/worker.ts`, concurrency 1 each) on a real
// redis-server on loopback, against the same points run back to back in this process — so
// the figures show both the scaling and what the queue costs per point. Two workloads: coarse
// points (synthetic minute bars, ~0.3 s each) where the engine dominates, and fine points
// (sp500 daily, a few ms each) where the per-job overhead (Redis round trips, result
// transfer) shows.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startRedis, type RedisServer } from '../scripts/ensure-redis.mjs';
import { applySweepPoint } from '../src/core/config/apply-sweep-point';
import { parseStudioConfig } from '../src/core/config/parse-studio-config';
import type { StudioConfig } from '../src/core/config/studio-config';
import type { Dataset } from '../src/engine/bar';
import { generateSyntheticBars } from '../src/engine/data/synthetic-bars';
import { expandGrid } from '../src/engine/optimization/expand-grid';
import { runBacktestSync } from '../src/engine/run-backtest';
import { readBundledDataset } from '../src/node/bundled-data';
import { runQueuedSweep } from '../src/node/queue/run-queued-sweep';
import type { BenchSuite } from './bench-suite';
import { datasetBarCount } from '../src/engine/bar-series';
import { fmt, spreadText, summarize, table, type SuiteRun } from './harness';
import { benchSweepYaml } from '../src/app/bench/bench-workload';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ is 100 on every mainstream kernel). */
const TICKS = 100;

interface Workload {
  name: string;
  text: string;
  config: StudioConfig;
  dataset: Dataset;
  bars: number;
  points: number;
}

function workload(name: string, text: string, dataset: Dataset): Workload {
  const parsed = parseStudioConfig(text);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `line ${e.line}: ${e.message}`).join('\n'));
  const points = expandGrid(parsed.config.optimization!.parameters!).length;
  return { name, text, config: parsed.config, dataset, bars: datasetBarCount(dataset), points };
}

/** The sweep bench's ma_crossover workload (the same YAML the browser and thread-pool benches run). */
function maConfig(fast: number[], slow: number[]): string {
  return benchSweepYaml(fast, slow);
}

function momentumConfig(lookbacks: number[], thresholds: number[]): string {
  return `
name: queue bench daily
data: { source: sp500, symbols: [SPX], timeframes: ["1d"] }
containers:
  - id: strategy_momentum_1
    type: strategy
    strategy: momentum
    params: { lookback: 20, threshold: 0.0 }
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_momentum_1]
    sizing: { type: percent_equity, percent: 95 }
trace_settings:
  container_settings:
    "*":
      retention_policy: trade_complete
optimization:
  objective: sharpe_ratio
  parameters:
    strategy_momentum_1.params.lookback: [${lookbacks.join(', ')}]
    strategy_momentum_1.params.threshold: [${thresholds.join(', ')}]
`;
}

/** Every point back to back on this thread: the engine's own speed, no queue. */
function localSeconds(w: Workload): number {
  const started = performance.now();
  for (const p of expandGrid(w.config.optimization!.parameters!)) runBacktestSync(applySweepPoint(w.config, p.params), w.dataset);
  return (performance.now() - started) / 1000;
}

function startWorkers(redis: RedisServer, n: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(process.execPath, ['--single-threaded-gc', '--import', 'tsx', 'scripts/worker.ts', '--queue', redis.url, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      return new Promise<ChildProcess>((resolve, reject) => {
        let log = '';
        child.stderr!.on('data', (d: Buffer) => {
          log += d.toString();
          if (log.includes('waiting for sweep points')) resolve(child);
        });
        child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${log}`)));
      });
    }),
  );
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map((c) => {
      if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      return exited;
    }),
  );
}

/** CPU seconds (user + system) a process has used so far; NaN where /proc is missing. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based) → 11 and 12 here.
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return NaN;
  }
}

let runs = 0;

async function timedSweep(redis: RedisServer, w: Workload): Promise<{ seconds: number; failed: number }> {
  runs += 1;
  const started = performance.now();
  const run = await runQueuedSweep({ url: redis.url, configText: w.text, config: w.config, dataset: w.dataset, sweepId: `bench-${process.pid}-${runs}`, pollMs: 500 });
  const seconds = (performance.now() - started) / 1000;
  const failure = run.result.phases.flatMap((p) => p.points).find((o) => !o.ok && o.skipped === undefined);
  if (failure !== undefined && !failure.ok) throw new Error(`${run.result.failed} point(s) failed in the benchmark sweep, e.g. ${JSON.stringify(failure.params)}: ${failure.error.message}`);
  return { seconds, failed: run.result.failed };
}

async function run(suite: SuiteRun): Promise<void> {
  const REPEATS = suite.reps(3, 2);
  const WORKER_COUNTS = suite.quick ? [1, 2] : [1, 2, 4];
  const workloads = [
    // 24 points × ~156 k minute bars.
    workload('coarse: ma_crossover, 24 points × synthetic 1m', maConfig([5, 10, 15, 20, 30, 40], [60, 90, 120, 180]), generateSyntheticBars({ symbols: ['SYN_A'], days: suite.quick ? 150 : 400, seed: 3 })),
    // 48 points × 5 k daily bars.
    workload('fine: momentum, 48 points × sp500 1d', momentumConfig([5, 10, 20, 30, 40, 60, 90, 120], [0, 0.005, 0.01, 0.015, 0.02, 0.03]), readBundledDataset('sp500')),
  ];
  const redis = await startRedis();
  const rows: (string | number)[][] = [['workload', 'workers', 'points/s median [min–max]', 'bars/s (median)', 'speed-up vs 1 (median)', 'vs in-process', 'worker CPU ms/point', 'submitter CPU ms/point']];
  try {
    for (const w of workloads) {
      localSeconds(w); // warm-up
      const local = await suite.repeat(REPEATS, () => localSeconds(w));
      const localMs = (1000 * summarize(local).median) / w.points;
      const localF = suite.figure(`${w.name}: in-process, one thread`, local.map((t) => w.points / t), 'points/s', `${localMs.toFixed(1)} ms per point`);
      rows.push([w.name, 'in-process', spreadText(localF), fmt(localF.median * w.bars), '', '1.00x', localMs.toFixed(1), '']);
      let one = 0;
      for (const n of WORKER_COUNTS) {
        const workers = await startWorkers(redis, n);
        try {
          await timedSweep(redis, w); // warm-up: threads started, dataset fetched, JIT warm
          const cpu0 = workers.reduce((t, c) => t + cpuSecondsOf(c.pid!), 0);
          const self0 = process.cpuUsage();
          const times = await suite.repeat(REPEATS, async () => {
            const { seconds, failed } = await timedSweep(redis, w);
            if (failed > 0) throw new Error(`${failed} point(s) failed in the benchmark sweep`);
            return seconds;
          });
          const workerMs = ((workers.reduce((t, c) => t + cpuSecondsOf(c.pid!), 0) - cpu0) * 1000) / (REPEATS * w.points);
          const self = process.cpuUsage(self0);
          const submitterMs = (self.user + self.system) / 1000 / (REPEATS * w.points);
          const f = suite.figure(
            `${w.name}: ${n} worker process(es)`,
            times.map((t) => w.points / t),
            'points/s',
            `CPU per point ${workerMs.toFixed(1)} ms in workers + ${submitterMs.toFixed(1)} ms in the submitter (in-process ${localMs.toFixed(1)} ms)`,
          );
          if (n === 1) one = f.median;
          rows.push([w.name, n, spreadText(f), fmt(f.median * w.bars), `${(f.median / one).toFixed(2)}x`, `${(f.median / localF.median).toFixed(2)}x`, workerMs.toFixed(1), submitterMs.toFixed(1)]);
        } finally {
          await stopWorkers(workers);
        }
      }
    }
  } finally {
    await redis.stop();
  }
  console.log(table(rows));
  console.log(
    '\nOne worker process runs one point at a time in its backtest thread; its CPU per point above the\n' +
      "in-process figure is the queue's cost (result serialization and gzip, Redis round trips), and the\n" +
      'submitter decodes and ranks. On one 2-core machine the cores are the limit (the submitter and Redis\n' +
      'share them too), so more than 2 worker processes only share them.',
  );
}

export const queueSuite: BenchSuite = {
  title: 'Distributed sweep (BullMQ on loopback Redis)',
  description:
    "Throughput (grid points/s) of one sweep served by 1, 2 and 4 worker processes (scripts/worker.ts, concurrency 1 each) on a real redis-server on loopback, against the same points run back to back in this process, for coarse points (synthetic minute bars) where the engine dominates and fine points (sp500 daily) where the per-job overhead shows. Figures only: no target is set for the queue.",
  run,
};
