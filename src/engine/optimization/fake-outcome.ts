// Test helper: a successful point outcome with chosen metrics, for ranking and plan tests.
import { StreamingMetrics } from '../../core/streaming-metrics';
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import type { SweepPoint } from './expand-grid';
import type { PointFailure, PointSuccess } from './pool-protocol';

export function fakeSuccess(point: SweepPoint, phase: string | null, metrics: Partial<MetricsSnapshot>, containerId = 'portfolio_1'): PointSuccess {
  const runId = point.containerSuffix ? `portfolio_${point.containerSuffix}` : containerId;
  const snapshot = { ...new StreamingMetrics({ initialCapital: 1000 }).snapshot(), ...metrics } as MetricsSnapshot;
  return {
    ok: true,
    index: point.index,
    phase,
    params: point.params,
    containerSuffix: point.containerSuffix,
    containerIds: { [containerId]: runId },
    durationMs: 0,
    runId: `run-${point.index}`,
    metrics: { [runId]: snapshot },
    trades: { [runId]: snapshot.totalTrades },
    memory: { [runId]: { eventsInMemory: 0, openPositions: 0, peakEventsInMemory: 0 } },
    eventsPublished: 100,
    barsProcessed: 10,
  };
}

export function fakeFailure(point: SweepPoint, phase: string | null, message: string): PointFailure {
  return {
    ok: false,
    index: point.index,
    phase,
    params: point.params,
    containerSuffix: point.containerSuffix,
    containerIds: {},
    durationMs: 0,
    error: { name: 'Error', message },
    timedOut: false,
  };
}
