// Re-runs a backtest with every event kept and renders it as a report. The engine is
// deterministic, so this run equals the one the user saw — but its trades now come
// with their full correlation chains, whatever the config's own tracing keeps.
import type { StudioConfig } from '../core/config/studio-config';
import type { TraceSettings } from '../core/trace-settings';
import type { BacktestResult, RunBacktestOptions } from '../engine/backtest-result';
import type { Dataset } from '../engine/bar';
import { runBacktest } from '../engine/run-backtest';
import { findStrategyDefinition } from '../engine/strategies/strategy-registry';
import { runWalkForward } from '../engine/walk-forward/run-walk-forward';
import type { WalkForwardResult } from '../engine/walk-forward/walk-forward-result';
import { renderReportHtml } from './render-report-html';

/** What the report run keeps: every event of every container, the trades and the equity curve. */
export const REPORT_TRACE_OVERRIDE: Readonly<Partial<TraceSettings>> = Object.freeze({
  enabled: true,
  retentionPolicy: 'full',
  eventsToTrace: 'ALL',
  // The report's re-run is read from memory; it must not archive to disk/IndexedDB again.
  storageBackend: 'memory',
  storeTrades: true,
  storeEquityCurve: true,
});

export interface BuildReportOptions extends Pick<RunBacktestOptions, 'onProgress' | 'signal' | 'environment' | 'runId' | 'strategies'> {
  subtitle?: string;
  maxPriceCharts?: number;
  /**
   * Add the walk-forward validation of the config's optimization.walk_forward block (default: when the
   * config has one). It runs windows × grid backtests in this thread.
   */
  walkForward?: boolean;
}

export interface BuiltReport {
  html: string;
  /** The fully traced run the report shows. */
  result: BacktestResult;
  walkForward?: WalkForwardResult;
}

export async function buildReportHtml(config: StudioConfig, dataset: Dataset, options: BuildReportOptions = {}): Promise<BuiltReport> {
  const { subtitle, maxPriceCharts, strategies, walkForward: withWalkForward, ...run } = options;
  const lookup = (kind: string) => strategies?.(kind) ?? findStrategyDefinition(kind);
  const result = await runBacktest(config, dataset, { ...run, strategies: lookup, traceOverride: REPORT_TRACE_OVERRIDE });
  const walkForward =
    (withWalkForward ?? config.optimization?.walkForward !== undefined) ? await runWalkForward(config, dataset, { strategies: lookup, signal: run.signal }) : undefined;
  const html = renderReportHtml({
    result,
    dataset,
    ...(subtitle !== undefined ? { subtitle } : {}),
    ...(maxPriceCharts !== undefined ? { maxPriceCharts } : {}),
    ...(walkForward !== undefined ? { walkForward } : {}),
  });
  return { html, result, ...(walkForward !== undefined ? { walkForward } : {}) };
}
