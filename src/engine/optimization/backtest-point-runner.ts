// The real point runner of sweep workers: apply the point's parameters, give the
// containers the phase's ids, run the backtest synchronously (the worker owns its
// thread), and keep per container its metrics, trade count and memory — plus the
// full container result only where its resolved trace settings keep events.
import { applySweepPoint } from '../../core/config/apply-sweep-point';
import type { StudioConfig } from '../../core/config/studio-config';
import type { TraceSettings } from '../../core/trace-settings';
import type { BacktestResult, ContainerResult, RunBacktestOptions } from '../backtest-result';
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import { runBacktest, runBacktestSync } from '../run-backtest';
import { withPhaseContainerIds } from './phase-container-ids';
import type { PointRunInput, PointRunOutput } from './sweep-worker-host';

/** Bars between abort checks, so a time limit stops a run promptly (the engine's default is 10 000). */
const ABORT_CHECK_EVERY = 1000;

/** Settings that ask for events to be kept (and shipped back from a sweep). */
export function keepsTraces(settings: TraceSettings): boolean {
  if (!settings.enabled) return false;
  return settings.retentionPolicy === 'full' || settings.retentionPolicy === 'sliding_window' || settings.storageBackend !== 'memory';
}

function prepared(input: PointRunInput): { config: StudioConfig; ids: Record<string, string>; options: RunBacktestOptions } {
  const swept = Object.keys(input.params).length > 0 ? applySweepPoint(input.config, input.params) : input.config;
  const { config, ids } = withPhaseContainerIds(swept, input.containerSuffix);
  const options: RunBacktestOptions = {
    signal: input.signal,
    runId: input.runId,
    environment: input.environment,
    traceOverride: input.traceOverride,
    onProgress: input.onProgress,
    progressEvery: ABORT_CHECK_EVERY,
    ...(input.storageFor ? { storageFor: input.storageFor } : {}),
    ...(input.strategies ? { strategies: input.strategies } : {}),
    ...(input.tradeFrom !== undefined ? { tradeFrom: input.tradeFrom } : {}),
  };
  return { config, ids, options };
}

export function runBacktestPoint(input: PointRunInput): PointRunOutput {
  const { config, ids, options } = prepared(input);
  return pointOutput(input, ids, runBacktestSync(config, input.dataset, options));
}

/**
 * The same point driven asynchronously: used when containers stream to an async archive
 * (IndexedDB), so its writes complete between chunks of bars and every batch is flushed
 * before the outcome returns.
 */
export async function runBacktestPointAsync(input: PointRunInput): Promise<PointRunOutput> {
  const { config, ids, options } = prepared(input);
  return pointOutput(input, ids, await runBacktest(config, input.dataset, options));
}

function pointOutput(input: PointRunInput, ids: Record<string, string>, result: BacktestResult): PointRunOutput {
  if (Object.keys(input.params).length > 0) result.params = { ...input.params };
  if (input.containerSuffix) result.containerSuffix = input.containerSuffix;
  const metrics: Record<string, MetricsSnapshot> = {};
  const trades: Record<string, number> = {};
  const memory: PointRunOutput['memory'] = {};
  const traced: Record<string, ContainerResult> = {};
  for (const id of result.containerIds) {
    const c = result.containers[id];
    if (c.metrics) metrics[id] = c.metrics;
    trades[id] = c.metrics?.totalTrades ?? c.trades.length;
    memory[id] = c.memory;
    if (input.detail !== 'metrics' && (keepsTraces(c.traceSettings) || c.events.length > 0)) traced[id] = c;
  }
  return {
    containerIds: ids,
    runId: result.runId,
    metrics,
    trades,
    memory,
    eventsPublished: result.eventsPublished,
    barsProcessed: result.barsProcessed,
    ...(input.detail === 'metrics' ? {} : { traced }),
    ...(input.detail === 'full' ? { result } : {}),
  };
}
