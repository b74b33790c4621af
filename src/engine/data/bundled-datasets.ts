// The datasets the studio ships, as descriptors only: the engine is pure, so the
// browser fetches the CSV and Node reads it from node_modules (src/node/bundled-data.ts),
// and both hand the text to loadBundledDataset, which parses it the same way.
import type { Dataset } from '../bar';
import { parseBarsCsv } from './csv-bars';

export type BundledDatasetId = 'sp500' | 'stocks' | 'aapl';

export interface BundledDatasetDescriptor {
  id: BundledDatasetId;
  name: string;
  description: string;
  /** Credit line: who publishes the data and under which license. */
  source: string;
  /** npm package that holds the file. */
  package: string;
  /** Path of the CSV inside the package. */
  path: string;
  symbols: readonly string[];
  timeframe: string;
  /** Symbol given to a file without a symbol column. */
  fileSymbol?: string;
  /** First and last bar date (UTC, ISO) and bar count, as shipped — shown before loading. */
  firstDate: string;
  lastDate: string;
  barCount: number;
}

export const BUNDLED_DATASETS: readonly BundledDatasetDescriptor[] = [
  {
    id: 'sp500',
    name: 'S&P 500 daily 2000–2020',
    description: 'S&P 500 index daily OHLCV bars from 2000-01-03 to 2020-04-17 (adjusted close ignored).',
    source: 'vega-datasets data/sp500-2000.csv (Vega project, BSD-3-Clause; originally Yahoo Finance ^GSPC)',
    package: 'vega-datasets',
    path: 'data/sp500-2000.csv',
    symbols: ['SPX'],
    timeframe: '1d',
    fileSymbol: 'SPX',
    firstDate: '2000-01-03',
    lastDate: '2020-04-17',
    barCount: 5105,
  },
  {
    id: 'stocks',
    name: 'Tech stocks monthly 2000–2010',
    description:
      'Monthly closing prices of AAPL, AMZN, GOOG (from 2004-08), IBM and MSFT, 2000-01 to 2010-03. Close-only: open = high = low = close, volume 0.',
    source: 'vega-datasets data/stocks.csv (Vega project, BSD-3-Clause)',
    package: 'vega-datasets',
    path: 'data/stocks.csv',
    symbols: ['MSFT', 'AMZN', 'IBM', 'GOOG', 'AAPL'],
    timeframe: '1mo',
    firstDate: '2000-01-01',
    lastDate: '2010-03-01',
    barCount: 560,
  },
  {
    id: 'aapl',
    name: 'AAPL daily 2013–2018',
    description: 'Apple Inc. daily OHLCV bars from 2013-05-13 to 2018-05-11, a Yahoo Finance export (adjusted close ignored).',
    source: '@observablehq/sample-datasets aapl.csv (Observable, ISC; originally Yahoo Finance)',
    package: '@observablehq/sample-datasets',
    path: 'aapl.csv',
    symbols: ['AAPL'],
    timeframe: '1d',
    fileSymbol: 'AAPL',
    firstDate: '2013-05-13',
    lastDate: '2018-05-11',
    barCount: 1260,
  },
];

/** The descriptor of a bundled dataset; throws listing the known ids. */
export function getBundledDataset(id: string): BundledDatasetDescriptor {
  const d = BUNDLED_DATASETS.find((x) => x.id === id);
  if (!d) throw new Error(`Unknown bundled dataset '${id}': known datasets are ${BUNDLED_DATASETS.map((x) => x.id).join(', ')}.`);
  return d;
}

/** Parses the CSV text of a bundled dataset into a Dataset; throws with the CSV errors if the text is not that file. */
export function loadBundledDataset(id: string, csvText: string): Dataset {
  const d = getBundledDataset(id);
  const result = parseBarsCsv(csvText, {
    fileName: `${d.package}/${d.path}`,
    timeframe: d.timeframe,
    ...(d.fileSymbol === undefined ? {} : { symbol: d.fileSymbol }),
  });
  if (!result.ok) {
    const first = result.errors.slice(0, 5).map((e) => `${e.file}:${e.line}: ${e.message}`);
    throw new Error(`Bundled dataset '${id}' failed to parse (${result.errors.length} errors):\n${first.join('\n')}`);
  }
  return { id: d.id, name: d.name, source: d.source, series: result.series };
}
