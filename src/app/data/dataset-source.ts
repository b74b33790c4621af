// How the browser gets bars without any network beyond the static host: the
// bundled CSVs are Vite `?url` assets (copied into dist/ at build time) that a
// worker fetches once and caches by id; an imported CSV travels as its text.
// vega-datasets exports no file paths, so its files are imported by relative
// path into node_modules (Vite copies them like any other asset).
import aaplCsvUrl from '@observablehq/sample-datasets/aapl.csv?url';
import sp500CsvUrl from '../../../node_modules/vega-datasets/data/sp500-2000.csv?url';
import stocksCsvUrl from '../../../node_modules/vega-datasets/data/stocks.csv?url';
import { BUNDLED_DATASETS, type BundledDatasetId } from '../../engine/data/bundled-datasets';
import type { SyntheticBarsOptions } from '../../engine/data/synthetic-bars-options';
import type { DatasetSource } from '../../engine/optimization/pool-protocol';

/** Asset URL of every bundled dataset's CSV (as Vite emitted it, possibly relative to the page). */
export const BUNDLED_DATASET_URLS: Readonly<Record<BundledDatasetId, string>> = {
  sp500: sp500CsvUrl,
  stocks: stocksCsvUrl,
  aapl: aaplCsvUrl,
};

function absolute(url: string): string {
  // A worker resolves relative URLs against its own script: hand it an absolute one.
  return new URL(url, globalThis.location?.href).href;
}

/** The source of a bundled dataset for BacktestPool (the worker fetches and parses it once). */
export function bundledDatasetSource(id: string): DatasetSource {
  const known = BUNDLED_DATASETS.find((d) => d.id === id);
  if (!known) throw new Error(`Unknown bundled dataset '${id}': known datasets are ${BUNDLED_DATASETS.map((d) => d.id).join(', ')}.`);
  return { kind: 'bundled', id: known.id, url: absolute(BUNDLED_DATASET_URLS[known.id]) };
}

/** An imported CSV's text (parsed in the worker; errors name the file and line). Id: 'csv:<name>' as in configs. */
export function csvDatasetSource(fileName: string, text: string, symbol?: string): DatasetSource {
  return { kind: 'csv', id: `csv:${fileName}`, name: fileName, text, ...(symbol ? { symbol } : {}) };
}

/** A File from an <input type=file> or a drop, read as text. */
export async function csvFileDatasetSource(file: Blob & { name: string }, symbol?: string): Promise<DatasetSource> {
  return csvDatasetSource(file.name, await file.text(), symbol);
}

/** Synthetic bars generated in each worker from their options (nothing to transfer). */
export function syntheticDatasetSource(options: Partial<SyntheticBarsOptions>): DatasetSource {
  return { kind: 'synthetic', id: `synthetic:${JSON.stringify(options)}`, options };
}

/** The source a config's `data.source` names ('sp500', 'csv:<name>' needs its text, 'synthetic'). */
export function datasetSourceForConfig(source: string, synthetic?: Record<string, unknown>, importedCsv?: ReadonlyMap<string, string>): DatasetSource {
  if (source === 'synthetic') return syntheticDatasetSource((synthetic ?? {}) as Partial<SyntheticBarsOptions>);
  if (source.startsWith('csv:')) {
    const name = source.slice(4);
    const text = importedCsv?.get(name);
    if (text === undefined) throw new Error(`data.source '${source}': import the file ${name} first (it is not among the imported files).`);
    return csvDatasetSource(name, text);
  }
  return bundledDatasetSource(source);
}
