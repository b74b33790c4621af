// The browser backtest worker's API: the shared sweep worker host with the real
// point runner; bundled datasets fetched from the static host (the URL the main
// thread resolved, else this build's asset URL) and parsed once per worker.
// Jobs that carry user strategy sources never run here: they go, with their dataset,
// to `strategyJobs` (a fresh strategy worker per job under a watchdog), so no strategy
// code ever sees this worker, its Comlink endpoint or the jobs that follow.
import { loadBundledDataset } from '../../engine/data/bundled-datasets';
import type { Dataset } from '../../engine/bar';
import { runBacktestPoint, runBacktestPointAsync } from '../../engine/optimization/backtest-point-runner';
import { datasetFromSource } from '../../engine/optimization/dataset-from-source';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import type { SweepWorkerApi } from '../../engine/optimization/pool-protocol';
import { createSweepWorkerHost } from '../../engine/optimization/sweep-worker-host';
import { BUNDLED_DATASET_URLS } from '../data/dataset-source';
import type { SweepContext } from '../../engine/optimization/pool-protocol';
import type { StrategyJobRunner } from './strategy-worker-runner';
import { indexedDbRunArchive } from '../storage/indexed-db-run-archive';
import { StudioDb } from '../storage/studio-db';
import { transfer } from 'comlink';
import { candleEndRows, chartDataset, detailEndRows, packChartDataset, thinSeries, type ChartBarsLimits, type PackedChartDataset } from '../data/chart-bars';
import { lowerBound, sliceSeriesByTime } from '../../engine/bar-series';
import { buyAndHoldCurve } from '../ui/charts/buy-and-hold-curve';
import { specsOverlays, type Overlay, type OverlaySpec } from '../ui/charts/strategy-overlays';

/** A zoomed-in window drawn finer (chartWindow's from/to, its candles' barsPerCandle): the lines are sampled at its candle ends there. */
export interface OverlayWindow {
  from: number;
  to: number;
  barsPerCandle: number;
}

/**
 * The sweep API plus what the page's price chart asks of the worker that holds a dataset:
 * the page never keeps a big dataset's full columns, so what needs them is computed here.
 */
export interface BacktestWorkerApi extends SweepWorkerApi {
  /** The dataset as the price chart draws it (chartDataset; default limits), in one transferred buffer. */
  chartData(datasetId: string, limits?: ChartBarsLimits): Promise<PackedChartDataset>;
  /**
   * The bars of `symbol` (its first series) from `from` to `to` (ms, inclusive) as charted candles
   * (thinSeries), in one transferred buffer: a zoomed-in thinned chart drawn finer.
   */
  chartWindow(datasetId: string, symbol: string, from: number, to: number): Promise<PackedChartDataset>;
  /**
   * Indicator lines of `specs` over every bar of `symbol` (its first series), each valued at
   * the last bar of every candle of `barsPerCandle` bars: exact values at real bar times.
   */
  overlays(datasetId: string, symbol: string, specs: OverlaySpec[], barsPerCandle: number, window?: OverlayWindow): Promise<Overlay[]>;
  /** The buy & hold value at each of `times` (buyAndHoldCurve over the full closes); empty when it has none. */
  buyAndHold(datasetId: string, initialCapital: number, times: Float64Array): Promise<Float64Array>;
}

/** The worker's fetch and location (tests pass none: globals are used). */
export interface WorkerHandles {
  fetch: typeof fetch | undefined;
  locationHref: string | undefined;
}

async function fetchBundled(id: string, url: string | undefined, handles?: WorkerHandles): Promise<Dataset> {
  const known = (BUNDLED_DATASET_URLS as Record<string, string>)[id];
  const base = handles ? handles.locationHref : globalThis.location?.href;
  const fetch = handles ? handles.fetch : globalThis.fetch;
  if (fetch === undefined) throw new Error(`Could not fetch bundled dataset '${id}': this worker has no fetch.`);
  const href = url ?? (known === undefined ? undefined : new URL(known, base).href);
  if (href === undefined) throw new Error(`Unknown bundled dataset '${id}': known datasets are ${Object.keys(BUNDLED_DATASET_URLS).join(', ')}.`);
  const response = await fetch(href);
  if (!response.ok) throw new Error(`Could not fetch bundled dataset '${id}' from ${href}: HTTP ${response.status} ${response.statusText}`);
  return loadBundledDataset(id, await response.text());
}

// Taken when this module loads: only the archive uses it.
const workerIndexedDb = { indexedDB: globalThis.indexedDB as IDBFactory | undefined, IDBKeyRange: globalThis.IDBKeyRange as typeof IDBKeyRange | undefined };

/** Taken at load, like indexedDB. */
const wallClock = Date.now.bind(Date);

let db: StudioDb | undefined;
/** Opened on the first archived run: sweeps and memory-only runs never touch IndexedDB. */
function studioDb(): StudioDb {
  if (!workerIndexedDb.indexedDB) throw new Error('storage_backend disk/hierarchical needs IndexedDB, which this browser does not give workers: use storage_backend: memory.');
  db ??= new StudioDb(undefined, { indexedDB: workerIndexedDb.indexedDB, ...(workerIndexedDb.IDBKeyRange ? { IDBKeyRange: workerIndexedDb.IDBKeyRange } : {}) });
  return db;
}

export function createBacktestWorkerApi(handles?: WorkerHandles, strategyJobs?: StrategyJobRunner): BacktestWorkerApi {
  const datasets = new Map<string, Dataset>();
  const host = createSweepWorkerHost({
    runPoint: runBacktestPoint,
    parseConfig: parseConfigText,
    loadDataset: async (source) => {
      const d = await datasetFromSource(source, (id, url) => fetchBundled(id, url, handles));
      datasets.set(source.kind === 'dataset' ? source.dataset.id : source.id, d);
      return d;
    },
    now: () => performance.now(),
    // storage_backend disk/hierarchical: single runs stream those containers to IndexedDB
    // (Dexie works in a Worker); the main thread reads them back by the result's archive marker.
    // Dated with the wall clock (the shell's, never the engine's): orphans are aged by it.
    archive: (archiveId) => indexedDbRunArchive(studioDb, archiveId, { now: wallClock }),
    archiveId: () => globalThis.crypto.randomUUID(),
    runPointAsync: runBacktestPointAsync,
  });
  const delegated = new Map<string, SweepContext>();
  const dataset = (id: string): Dataset => {
    const d = datasets.get(id);
    if (d === undefined) throw new Error(`Dataset '${id}' was not loaded in this worker (call loadDataset first)`);
    return d;
  };
  const runner = (): StrategyJobRunner => {
    if (strategyJobs === undefined) throw new Error('This worker cannot run user strategies (no strategy worker runner was given).');
    return strategyJobs;
  };
  return {
    loadDataset: (source) => host.loadDataset(source),
    async prepare(context) {
      if (context.userStrategies === undefined || context.userStrategies.length === 0) return host.prepare(context);
      dataset(context.datasetId);
      delegated.set(context.contextId, context);
    },
    async runBatch(contextId, jobs, onStart) {
      const context = delegated.get(contextId);
      if (context === undefined) return host.runBatch(contextId, jobs, onStart);
      return runner().runBatch(dataset(context.datasetId), context, jobs, onStart);
    },
    async runJob(request, onProgress) {
      if (request.userStrategies === undefined || request.userStrategies.length === 0) return host.runJob(request, onProgress);
      return runner().runJob(dataset(request.datasetId), request, onProgress);
    },
    async release(contextId) {
      delegated.delete(contextId);
      return host.release(contextId);
    },
    async chartData(datasetId, limits) {
      // A fresh buffer, moved to the page: this worker keeps its own columns for the next run.
      const packed = packChartDataset(chartDataset(dataset(datasetId), limits));
      return transfer(packed, [packed.packed.buffer as ArrayBuffer]);
    },
    async chartWindow(datasetId, symbol, from, to) {
      const d = dataset(datasetId);
      const s = d.series.find((x) => x.symbol === symbol) ?? d.series[0];
      const series = s === undefined ? [] : [thinSeries(sliceSeriesByTime(s, from, to, true))];
      const packed = packChartDataset({ id: d.id, name: d.name, source: d.source, series, thinned: series.some((x) => x.barsPerCandle > 1) });
      return transfer(packed, [packed.packed.buffer as ArrayBuffer]);
    },
    async overlays(datasetId, symbol, specs, barsPerCandle, window) {
      const d = dataset(datasetId);
      const s = d.series.find((x) => x.symbol === symbol) ?? d.series[0];
      if (s === undefined) return [];
      // The window's rows as chartWindow sliced them (from inclusive … to inclusive).
      const start = window === undefined ? 0 : lowerBound(s.time, window.from);
      const rows =
        window === undefined
          ? candleEndRows(s.time.length, barsPerCandle)
          : detailEndRows(s.time.length, barsPerCandle, { start, end: start + sliceSeriesByTime(s, window.from, window.to, true).time.length, barsPerCandle: window.barsPerCandle });
      return specsOverlays(specs, s).map((line) => ({ ...line, points: rows.map((r) => line.points[r]!) }));
    },
    async buyAndHold(datasetId, initialCapital, times) {
      const curve = buyAndHoldCurve(dataset(datasetId).series, initialCapital, times);
      const values = Float64Array.from(curve, (p) => p[1]);
      return transfer(values, [values.buffer]);
    },
  };
}
