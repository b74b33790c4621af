// The pool the studio runs backtests on. Until the Web Worker BacktestPool is in,
// this runs the same engine code (runBacktestPoint, runSweepPlan) on the main thread
// in cooperative slices, with the same API, so the UI is built against the real shape.
import type { BacktestProgress, BacktestResult } from '../../../engine/backtest-result';
import type { Dataset } from '../../../engine/bar';
import type { TraceSettings } from '../../../core/trace-settings';
import type { PointOutcome, PoolProgress, SweepResult } from '../../../engine/optimization/pool-protocol';
import type { SweepValue } from '../../../engine/optimization/expand-grid';
import { loadBundledDataset } from '../../../engine/data/bundled-datasets';
import { runBacktestPoint } from '../../../engine/optimization/backtest-point-runner';
import { runSweepPlan } from '../../../engine/optimization/sweep-plan';
import { CancelledError } from '../../../engine/optimization/cancelled-error';
import { parseStudioConfig } from '../../../core/config/parse-studio-config';
import { applySweepPoint } from '../../../core/config/apply-sweep-point';
import { runBacktest } from '../../../engine/run-backtest';
import { findStrategyDefinition } from '../../../engine/strategies/strategy-registry';
import sp500Url from '../../../../node_modules/vega-datasets/data/sp500-2000.csv?url';
import stocksUrl from '../../../../node_modules/vega-datasets/data/stocks.csv?url';
import aaplUrl from '../../../../node_modules/@observablehq/sample-datasets/aapl.csv?url';

export interface StudioRunRequest {
  configText: string;
  datasetId: string;
  params?: Record<string, SweepValue>;
  traceOverride?: Partial<TraceSettings>;
}

export interface StudioPool {
  runOne(request: StudioRunRequest, hooks?: { onProgress?(p: BacktestProgress): void }): Promise<BacktestResult>;
  runSweep(
    request: { configText: string; datasetId: string },
    hooks?: { onProgress?(p: PoolProgress): void; onPoint?(o: PointOutcome): void },
  ): Promise<SweepResult>;
  cancel(): void;
}

const URLS: Record<string, string> = { sp500: sp500Url, stocks: stocksUrl, aapl: aaplUrl };
const datasets = new Map<string, Promise<Dataset>>();

function loadDataset(id: string): Promise<Dataset> {
  let p = datasets.get(id);
  if (!p) {
    const url = URLS[id];
    if (!url) return Promise.reject(new Error(`Unknown dataset '${id}': choose one of ${Object.keys(URLS).join(', ')}.`));
    p = fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`Could not download dataset '${id}' (HTTP ${r.status}).`);
        return r.text();
      })
      .then((text) => loadBundledDataset(id, text));
    p.catch(() => datasets.delete(id));
    datasets.set(id, p);
  }
  return p;
}

function parseOrThrow(text: string) {
  const parsed = parseStudioConfig(text);
  if (!parsed.ok) {
    const e = parsed.errors[0]!;
    throw new Error(`Config error at line ${e.line}, column ${e.column}: ${e.message}`);
  }
  return parsed.config;
}

const yieldToUi = () => new Promise<void>((r) => setTimeout(r, 0));

class MainThreadPool implements StudioPool {
  private controller = new AbortController();

  async runOne(request: StudioRunRequest, hooks: { onProgress?(p: BacktestProgress): void } = {}): Promise<BacktestResult> {
    const signal = this.controller.signal;
    const base = parseOrThrow(request.configText);
    const config = request.params && Object.keys(request.params).length ? applySweepPoint(base, request.params) : base;
    const data = await loadDataset(request.datasetId);
    if (signal.aborted) throw new CancelledError();
    try {
      return await runBacktest(config, data, { traceOverride: request.traceOverride, onProgress: hooks.onProgress, signal, progressEvery: 500, strategies: findStrategyDefinition });
    } catch (e) {
      if (signal.aborted) throw new CancelledError();
      throw e;
    }
  }

  async runSweep(
    request: { configText: string; datasetId: string },
    hooks: { onProgress?(p: PoolProgress): void; onPoint?(o: PointOutcome): void } = {},
  ): Promise<SweepResult> {
    const signal = this.controller.signal;
    const config = parseOrThrow(request.configText);
    const dataset = await loadDataset(request.datasetId);
    const started = performance.now();
    const result = await runSweepPlan(
      config,
      async (phase, points, onBatch) => {
        const out: PointOutcome[] = [];
        for (const point of points) {
          await yieldToUi();
          if (signal.aborted) throw new CancelledError();
          const t0 = performance.now();
          let outcome: PointOutcome;
          try {
            const r = runBacktestPoint({ config, dataset, params: point.params, containerSuffix: point.containerSuffix, detail: 'metrics', signal });
            outcome = { ok: true, index: point.index, phase: phase.name, params: point.params, containerSuffix: point.containerSuffix, durationMs: performance.now() - t0, ...r };
          } catch (e) {
            if (signal.aborted) throw new CancelledError();
            const err = e instanceof Error ? e : new Error(String(e));
            outcome = { ok: false, index: point.index, phase: phase.name, params: point.params, containerSuffix: point.containerSuffix, containerIds: {}, durationMs: performance.now() - t0, error: { name: err.name, message: err.message }, timedOut: false };
          }
          out.push(outcome);
          onBatch([outcome]);
        }
        return out;
      },
      { now: () => performance.now(), onProgress: hooks.onProgress, onPoint: hooks.onPoint },
    );
    return { ...result, durationMs: performance.now() - started };
  }

  cancel(): void {
    this.controller.abort(new CancelledError());
    this.controller = new AbortController();
  }
}

export function createStudioPool(): StudioPool {
  return new MainThreadPool();
}
createStudioPool.loadDataset = loadDataset;
