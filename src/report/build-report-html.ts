// Re-runs a backtest with every event kept and renders it as a report. The engine is
// deterministic, so this run equals the one the user saw — but its trades now come
// with their full correlation chains, whatever the config's own tracing keeps.
import type { StudioConfig } from '../core/config/studio-config';
import type { TraceSettings } from '../core/trace-settings';
import type { BacktestResult, RunBacktestOptions } from '../engine/backtest-result';
import type { Dataset } from '../engine/bar';
import { runBacktest } from '../engine/run-backtest';
import { findStrategyDefinition } from '../engine/strategies/strategy-registry';
import { renderReportHtml } from './render-report-html';

/** What the report run keeps: every event of every container, the trades and the equity curve. */
export const REPORT_TRACE_OVERRIDE: Readonly<Partial<TraceSettings>> = Object.freeze({
  enabled: true,
  retentionPolicy: 'full',
  eventsToTrace: 'ALL',
  storeTrades: true,
  storeEquityCurve: true,
});

export interface BuildReportOptions extends Pick<RunBacktestOptions, 'onProgress' | 'signal' | 'environment' | 'runId' | 'strategies'> {
  subtitle?: string;
  maxPriceCharts?: number;
}

export async function buildReportHtml(config: StudioConfig, dataset: Dataset, options: BuildReportOptions = {}): Promise<{ html: string; result: BacktestResult }> {
  const { subtitle, maxPriceCharts, strategies, ...run } = options;
  const result = await runBacktest(config, dataset, {
    ...run,
    strategies: (kind) => strategies?.(kind) ?? findStrategyDefinition(kind),
    traceOverride: REPORT_TRACE_OVERRIDE,
  });
  const html = renderReportHtml({ result, dataset, ...(subtitle !== undefined ? { subtitle } : {}), ...(maxPriceCharts !== undefined ? { maxPriceCharts } : {}) });
  return { html, result };
}
