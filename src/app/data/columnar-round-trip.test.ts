// Columnar bars end to end (issue 15): a bundled CSV streamed into columns, kept in
// IndexedDB (fake-indexeddb) as columns, packed into one buffer and moved (transferred) to a
// worker's host, run there — and the result equals, to the last digit, the in-process run
// on the same bars built from Bar objects.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset } from '../../engine/bar';
import { barSeriesFromBars, barsOf } from '../../engine/bar-series';
import { parseBarsCsv } from '../../engine/data/csv-bars';
import { BUNDLED_DATASETS } from '../../engine/data/bundled-datasets';
import { wireDatasetSource } from '../../engine/data/packed-dataset';
import { runBacktestPoint } from '../../engine/optimization/backtest-point-runner';
import { datasetFromSource } from '../../engine/optimization/dataset-from-source';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import type { DatasetSource } from '../../engine/optimization/pool-protocol';
import { createSweepWorkerHost } from '../../engine/optimization/sweep-worker-host';
import { testConfig } from '../../engine/optimization/test-config';
import { runBacktestSync } from '../../engine/run-backtest';
import { bundledDatasetPath } from '../../node/bundled-data';
import { readCsvColumns } from '../../node/read-csv-columns';
import { ConfigStore } from '../storage/config-store';
import { StudioDb } from '../storage/studio-db';

let db: StudioDb | undefined;
afterEach(async () => {
  if (db) {
    db.close();
    await db.delete();
    db = undefined;
  }
});

/** The dataset rebuilt from one Bar object per bar (the object-based representation). */
function fromObjects(dataset: Dataset): Dataset {
  return { ...dataset, series: dataset.series.map((s) => barSeriesFromBars(s.symbol, s.timeframe, barsOf(s))) };
}

describe('columnar round trip: CSV → columns → IndexedDB → worker → result', () => {
  for (const d of BUNDLED_DATASETS) {
    it(`${d.id}: the worker's result equals the object-based in-process result`, async () => {
      const path = bundledDatasetPath(d.id);
      const options = { fileName: d.path, timeframe: d.timeframe, ...(d.fileSymbol ? { symbol: d.fileSymbol } : {}) };
      const streamed = await readCsvColumns(path, { ...options, chunkSize: 8192 });
      if (!streamed.ok) throw new Error(streamed.errors[0]!.message);

      db = new StudioDb(`round-trip-${d.id}`);
      const store = new ConfigStore(db);
      const row = await store.saveDataset({ name: d.path, text: readFileSync(path, 'utf8'), series: streamed.series, summary: { symbols: [], rows: streamed.rows } });
      const stored = await store.getDatasetSeries(row.id);
      expect(stored).toBeDefined();
      const fromDb: Dataset = { id: `csv:${d.id}`, name: d.name, source: d.source, series: stored! };

      // What BacktestPool sends: one buffer, moved (the sender's copy is detached afterwards).
      const wired = wireDatasetSource<DatasetSource>({ kind: 'dataset', dataset: fromDb }, false);
      expect(wired.source.kind).toBe('packed');
      const received = structuredClone(wired.source, { transfer: wired.transfer });
      expect(wired.transfer[0]!.byteLength).toBe(0);
      const host = createSweepWorkerHost({ runPoint: runBacktestPoint, parseConfig: parseConfigText, loadDataset: (s) => datasetFromSource(s, () => Promise.reject(new Error('no bundled'))), now: () => 0 });
      const info = await host.loadDataset(received);
      expect(info.bars).toBe(d.barCount);
      const outcome = await host.runJob({ config: testConfig(), datasetId: fromDb.id, detail: 'full', runId: 'rt' });
      if (!outcome.ok) throw new Error(outcome.error.message);

      const text = readFileSync(path, 'utf8');
      const parsed = parseBarsCsv(text, options);
      if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
      const reference = runBacktestSync(testConfig(), fromObjects({ ...fromDb, series: parsed.series }), { runId: 'rt' });
      expect(reference.containers['portfolio_1']!.metrics!.totalTrades).toBeGreaterThan(0);
      expect(JSON.stringify(outcome.result)).toBe(JSON.stringify(reference));
    });
  }
});
