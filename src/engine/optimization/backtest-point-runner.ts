// The real point runner of sweep workers: apply the point's parameters, give the
// containers the phase's ids, run the backtest synchronously (the worker owns its
// thread), and keep per container its metrics, trade count and memory — plus the
// full container result only where its resolved trace settings keep events.
import { applySweepPoint } from '../../core/config/apply-sweep-point';
import type { TraceSettings } from '../../core/trace-settings';
import type { ContainerResult } from '../backtest-result';
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import { runBacktestSync } from '../run-backtest';
import { withPhaseContainerIds } from './phase-container-ids';
import type { PointRunInput, PointRunOutput } from './sweep-worker-host';

/** Bars between abort checks, so a time limit stops a run promptly (the engine's default is 10 000). */
const ABORT_CHECK_EVERY = 1000;

/** Settings that ask for events to be kept (and shipped back from a sweep). */
export function keepsTraces(settings: TraceSettings): boolean {
  if (!settings.enabled) return false;
  return settings.retentionPolicy === 'full' || settings.retentionPolicy === 'sliding_window' || settings.storageBackend !== 'memory';
}

export function runBacktestPoint(input: PointRunInput): PointRunOutput {
  const swept = Object.keys(input.params).length > 0 ? applySweepPoint(input.config, input.params) : input.config;
  const { config, ids } = withPhaseContainerIds(swept, input.containerSuffix);
  const result = runBacktestSync(config, input.dataset, {
    signal: input.signal,
    runId: input.runId,
    environment: input.environment,
    traceOverride: input.traceOverride,
    onProgress: input.onProgress,
    progressEvery: ABORT_CHECK_EVERY,
  });
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
