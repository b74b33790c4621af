// A worker thread with a trivial job instead of a backtest, for testing the pool
// itself: a point's params say what it does — compute (x), throw, spin forever
// ignoring every signal (only termination stops it), or wait for the cooperative
// time limit. Its "metrics" are computed from the dataset so results are checkable.
import { parentPort } from 'node:worker_threads';
import { StreamingMetrics } from '../../core/streaming-metrics';
import { datasetFromSource } from '../../engine/optimization/dataset-from-source';
import { createSweepWorkerHost, type PointRunInput, type PointRunOutput } from '../../engine/optimization/sweep-worker-host';
import { expose, nodeEndpoint } from './comlink-node';

function trivialPoint(input: PointRunInput): PointRunOutput {
  const x = Number(input.params.x ?? 1);
  const mode = input.params.mode;
  if (mode === 'throw') throw new Error(`asked to throw at x=${x}`);
  if (mode === 'spin') for (;;) Math.sqrt(x);
  if (mode === 'wait') {
    while (!input.signal.aborted) Math.sqrt(x);
    throw new Error('aborted');
  }
  const closes = input.dataset.series.flatMap((s) => Array.from(s.close));
  const m = new StreamingMetrics({ initialCapital: 1000 });
  closes.forEach((c, i) => m.updateEquity(i, 1000 + c * x));
  const id = 'portfolio_1';
  return {
    containerIds: { portfolio_1: id },
    runId: `trivial-${x}`,
    metrics: { [id]: m.snapshot() },
    trades: { [id]: 0 },
    memory: { [id]: { eventsInMemory: 0, openPositions: 0, peakEventsInMemory: 0 } },
    eventsPublished: closes.length,
    barsProcessed: closes.length,
  };
}

expose(
  createSweepWorkerHost({
    runPoint: trivialPoint,
    parseConfig: (text) => JSON.parse(text),
    loadDataset: (source) =>
      datasetFromSource(source, () => {
        throw new Error('the trivial worker has no bundled datasets');
      }),
    now: () => performance.now(),
  }),
  nodeEndpoint(parentPort!),
);
