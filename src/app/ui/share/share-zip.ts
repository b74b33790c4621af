// A study too big for a link travels as a run zip: the run archive (config, result,
// strategy sources) plus the imported CSV it ran on under data.csv/, so whoever imports the zip
// can run it again on the very same bars.
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { encodeRunFiles, type RunArchive } from '../../storage/run-archive';
import type { SharedCsv } from './share-link';

// Container ids cannot contain a dot (config-schema CONTAINER_ID_RE): no container's folder is named this.
const DATA_DIR = 'data.csv/';

/** The run's zip with the CSV it ran on (`data.csv/<file name>`). */
export function zipRunWithData(archive: RunArchive, csv: SharedCsv | null): Uint8Array {
  const files: Zippable = {};
  for (const [path, data] of Object.entries(encodeRunFiles(archive))) files[path] = path.endsWith('.gz') ? [data, { level: 0 }] : data;
  if (csv) files[`${DATA_DIR}${csv.name}`] = strToU8(csv.text);
  return zipSync(files, { level: 6 });
}

/** The CSVs a run zip carries (none for a zip without data.csv/). Throws nothing: a foreign zip has none. */
export function dataCarriedBy(bytes: Uint8Array): SharedCsv[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name.startsWith(DATA_DIR) && f.name.length > DATA_DIR.length && !f.name.endsWith('/') });
  } catch {
    return [];
  }
  return Object.entries(files).map(([path, data]) => ({ name: path.slice(DATA_DIR.length), text: strFromU8(data) }));
}
