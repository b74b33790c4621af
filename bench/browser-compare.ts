// Node's figure for the browser benchmark's sweep (src/app/bench/bench-workload.ts): the same
// grid, bars and pool size on worker threads, timed as measureThroughput times the Web Worker
// pool (warm-up sweep first, then one measured sweep). Prints one JSON line on stdout.
//   node --single-threaded-gc --import tsx bench/browser-compare.ts [workers]   (the headless shells' flags)
import os from 'node:os';
import { BENCH_DATASET, MEASURED_YAML, WARMUP_YAML } from '../src/app/bench/bench-workload';
import { ThreadPool } from '../src/node/pool/thread-pool';

async function main(): Promise<void> {
  const workers = Number(process.argv[2] ?? '') || 2;
  const pool = new ThreadPool({ size: workers });
  try {
    const warm = await pool.runSweep({ config: WARMUP_YAML, dataset: BENCH_DATASET, detail: 'metrics' });
    const load = os.loadavg()[0] ?? 0;
    const started = performance.now();
    const result = await pool.runSweep({ config: MEASURED_YAML, dataset: BENCH_DATASET, detail: 'metrics' });
    const durationMs = performance.now() - started;
    const figure = {
      runtime: `node ${process.version}`,
      points: result.total,
      failed: result.failed,
      workers: pool.size,
      eventsPublished: result.eventsPublished,
      durationMs,
      eventsPerSecond: durationMs > 0 ? (result.eventsPublished / durationMs) * 1000 : 0,
      eventsPerBacktest: warm.total > 0 ? Math.round(warm.eventsPublished / warm.total) : 0,
      loadAverage1m: load,
    };
    process.stdout.write(`${JSON.stringify(figure)}\n`);
  } finally {
    pool.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
