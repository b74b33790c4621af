// The browser backtest worker's API: the shared sweep worker host with the real
// point runner; bundled datasets fetched from the static host (the URL the main
// thread resolved, else this build's asset URL) and parsed once per worker.
import { loadBundledDataset } from '../../engine/data/bundled-datasets';
import type { Dataset } from '../../engine/bar';
import { runBacktestPoint } from '../../engine/optimization/backtest-point-runner';
import { datasetFromSource } from '../../engine/optimization/dataset-from-source';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import type { SweepWorkerApi } from '../../engine/optimization/pool-protocol';
import { createSweepWorkerHost } from '../../engine/optimization/sweep-worker-host';
import { BUNDLED_DATASET_URLS } from '../data/dataset-source';

async function fetchBundled(id: string, url: string | undefined): Promise<Dataset> {
  const known = (BUNDLED_DATASET_URLS as Record<string, string>)[id];
  const href = url ?? (known === undefined ? undefined : new URL(known, globalThis.location?.href).href);
  if (href === undefined) throw new Error(`Unknown bundled dataset '${id}': known datasets are ${Object.keys(BUNDLED_DATASET_URLS).join(', ')}.`);
  const response = await fetch(href);
  if (!response.ok) throw new Error(`Could not fetch bundled dataset '${id}' from ${href}: HTTP ${response.status} ${response.statusText}`);
  return loadBundledDataset(id, await response.text());
}

export function createBacktestWorkerApi(): SweepWorkerApi {
  return createSweepWorkerHost({
    runPoint: runBacktestPoint,
    parseConfig: parseConfigText,
    loadDataset: (source) => datasetFromSource(source, fetchBundled),
    now: () => performance.now(),
  });
}
