// Turns a DatasetSource into bars inside a worker. Parsed bars and imported CSV
// text and synthetic bars are handled here (pure); bundled datasets need the shell (fetch in the
// browser, the package file in Node), which is passed in.
import type { Dataset } from '../bar';
import { parseBarsCsv } from '../data/csv-bars';
import { generateSyntheticBars } from '../data/synthetic-bars';
import { unpackDataset } from '../data/packed-dataset';
import type { DatasetSource } from './pool-protocol';

export type BundledLoader = (id: string, url: string | undefined) => Dataset | Promise<Dataset>;

export async function datasetFromSource(source: DatasetSource, loadBundled: BundledLoader): Promise<Dataset> {
  switch (source.kind) {
    case 'dataset':
      return source.dataset;
    case 'packed':
      return { ...unpackDataset(source.packed), id: source.id };
    case 'synthetic':
      return { ...generateSyntheticBars(source.options), id: source.id };
    case 'bundled':
      return loadBundled(source.id, source.url);
    case 'csv': {
      const parsed = parseBarsCsv(source.text, { fileName: source.name, ...(source.symbol ? { symbol: source.symbol } : {}) });
      if (!parsed.ok) {
        const shown = parsed.errors.slice(0, 10).map((e) => `${e.file}:${e.line}${e.column ? ` (${e.column})` : ''}: ${e.message}`);
        const more = parsed.errors.length > shown.length ? `\n… and ${parsed.errors.length - shown.length} more` : '';
        throw new Error(`${source.name} cannot be used (${parsed.errors.length} errors; fix the file and import it again):\n${shown.join('\n')}${more}`);
      }
      return { id: source.id, name: source.name, source: `imported ${source.name}`, series: parsed.series };
    }
  }
}
