// The studio's in-browser figures (opened as `?bench`, driven by e2e/browser-bench.spec.ts):
// IndexedDB append throughput through IndexedDbStorage with and without gzip, and sweep
// throughput of the Web Worker pool on bench-workload.ts's sweep. It records figures only;
// nothing here asserts a timing. The result lands on window.__eventStudioBench.
import type { TradingEvent } from '../../core/events';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import { runBacktestSync } from '../../engine/run-backtest';
import { IndexedDbStorage } from '../storage/indexed-db-storage';
import { StudioDb } from '../storage/studio-db';
import { BacktestPool, measureThroughput, type ThroughputFigure } from '../workers/backtest-pool';
import { BENCH_DATASET, BENCH_SYNTHETIC, MEASURED_YAML, WARMUP_YAML, benchSweepYaml } from './bench-workload';

export interface IndexedDbAppendFigure {
  compression: boolean;
  events: number;
  /** append() one event at a time (awaiting back-pressure) + flush(), as a tracer's archive is fed. */
  durationMs: number;
  eventsPerSecond: number;
  /** Read back by count() afterwards: the figure is for events really stored. */
  stored: number;
  /** One inspector page (offset in the middle, 100 events). */
  pageReadMs: number;
}

/** A trace of `events` (gzip chunks) paged like the inspector does: is a deep page still quick? */
export interface DeepPagingFigure {
  events: number;
  writeMs: number;
  eventsPerSecond: number;
  /** Milliseconds to read 100 events at each offset. */
  pageReadMs: { offset: number; ms: number }[];
}

export interface BrowserBenchResult {
  userAgent: string;
  hardwareConcurrency: number;
  indexedDb: IndexedDbAppendFigure[];
  deepPaging?: DeepPagingFigure;
  sweep: ThroughputFigure & { eventsPerBacktest: number };
  error?: string;
}

declare global {
  interface Window {
    __eventStudioBench?: BrowserBenchResult | { error: string };
  }
}

const BENCH_DB = 'event-studio-bench';

/** Real traced events (every container, full retention) of the bench workload, the first `count`. */
function tracedEvents(count: number): TradingEvent[] {
  const yaml = benchSweepYaml([5], [30]).replace('retention_policy: trade_complete', 'retention_policy: full').replace(/optimization:[\s\S]*$/, '');
  const result = runBacktestSync(parseConfigText(yaml), generateSyntheticBars(BENCH_SYNTHETIC));
  const all = result.containerIds.flatMap((id) => result.containers[id]!.events);
  all.sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  if (all.length < count) throw new Error(`the bench workload traced ${all.length} events, fewer than the ${count} asked for`);
  return all.slice(0, count);
}

async function appendFigure(db: StudioDb, events: readonly TradingEvent[], compression: boolean): Promise<IndexedDbAppendFigure> {
  const storage = new IndexedDbStorage({ db, runId: `bench-${compression ? 'gzip' : 'plain'}`, containerId: 'bench', compression });
  const started = performance.now();
  for (const e of events) {
    const backpressure = storage.append(e);
    if (backpressure) await backpressure;
  }
  await storage.flush();
  const durationMs = performance.now() - started;
  const stored = await storage.count();
  const readStarted = performance.now();
  await storage.query({ offset: Math.floor(events.length / 2), limit: 100 });
  const pageReadMs = performance.now() - readStarted;
  return { compression, events: events.length, durationMs, eventsPerSecond: (events.length / durationMs) * 1000, stored, pageReadMs };
}

/** `total` events (the base events repeated with shifted sequences and ids) written with gzip, then paged. */
async function deepPaging(db: StudioDb, base: readonly TradingEvent[], total: number): Promise<DeepPagingFigure> {
  const storage = new IndexedDbStorage({ db, runId: 'bench-deep', containerId: 'bench', compression: true });
  const span = (base[base.length - 1]?.sequence ?? base.length) + 1;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const round = Math.floor(i / base.length);
    const src = base[i % base.length]!;
    const backpressure = storage.append({ ...src, eventId: `${src.eventId}~${round}`, sequence: (src.sequence ?? 0) + round * span });
    if (backpressure) await backpressure;
  }
  await storage.flush();
  const writeMs = performance.now() - started;
  const pageReadMs: DeepPagingFigure['pageReadMs'] = [];
  for (const offset of [0, Math.floor(total / 2), total - 100]) {
    const t = performance.now();
    const page = await storage.query({ offset, limit: 100 });
    if (page.length !== 100) throw new Error(`page at ${offset} had ${page.length} events, not 100`);
    pageReadMs.push({ offset, ms: performance.now() - t });
  }
  return { events: total, writeMs, eventsPerSecond: (total / writeMs) * 1000, pageReadMs };
}

export async function runBrowserBench(options: { events?: number; workers?: number; deepEvents?: number } = {}): Promise<BrowserBenchResult> {
  const events = tracedEvents(options.events ?? 50_000);
  await new StudioDb(BENCH_DB).delete();
  const db = new StudioDb(BENCH_DB);
  const indexedDb: IndexedDbAppendFigure[] = [];
  let deepPagingFigure: DeepPagingFigure | undefined;
  try {
    for (const compression of [false, true]) indexedDb.push(await appendFigure(db, events, compression));
    if (options.deepEvents) deepPagingFigure = await deepPaging(db, events, options.deepEvents);
  } finally {
    await db.delete();
  }

  const pool = new BacktestPool({ size: options.workers ?? 2 });
  try {
    const warm = await measureThroughput(pool, { config: WARMUP_YAML, dataset: BENCH_DATASET });
    const sweep = await measureThroughput(pool, { config: MEASURED_YAML, dataset: BENCH_DATASET });
    return {
      userAgent: navigator.userAgent,
      hardwareConcurrency: navigator.hardwareConcurrency,
      indexedDb,
      ...(deepPagingFigure ? { deepPaging: deepPagingFigure } : {}),
      sweep: { ...sweep, eventsPerBacktest: warm.points > 0 ? Math.round(warm.eventsPublished / warm.points) : 0 },
    };
  } finally {
    pool.dispose();
  }
}

/** `?bench`: run once, publish the figures on window and in the page. */
export async function installBrowserBench(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const events = Number(params.get('events') ?? '') || undefined;
  // `?bench&deep=1000000`: also write a million-event gzip trace and page through it.
  const deepEvents = Number(params.get('deep') ?? '') || undefined;
  root.textContent = 'Running the browser benchmark…';
  try {
    const result = await runBrowserBench({ events, deepEvents });
    window.__eventStudioBench = result;
    root.innerHTML = '';
    const pre = document.createElement('pre');
    pre.dataset.testid = 'bench-result';
    pre.textContent = JSON.stringify(result, null, 2);
    root.append(pre);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    window.__eventStudioBench = { error: message };
    root.textContent = `Benchmark failed: ${message}`;
  }
}
