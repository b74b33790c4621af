// The backtest worker thread: the shared sweep worker host with the real point
// runner, configs parsed with parseStudioConfig, bundled datasets read from the
// package files in node_modules. Loaded by thread-worker.mjs through tsx.
import { parentPort } from 'node:worker_threads';
import { runBacktestPoint } from '../../engine/optimization/backtest-point-runner';
import { datasetFromSource } from '../../engine/optimization/dataset-from-source';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import { createSweepWorkerHost } from '../../engine/optimization/sweep-worker-host';
import { readBundledDataset } from '../bundled-data';
import { expose, nodeEndpoint } from './comlink-node';

expose(
  createSweepWorkerHost({
    runPoint: runBacktestPoint,
    parseConfig: parseConfigText,
    loadDataset: (source) => datasetFromSource(source, (id) => readBundledDataset(id)),
    now: () => performance.now(),
  }),
  nodeEndpoint(parentPort!),
);
