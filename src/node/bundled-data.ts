// Node shell for the bundled datasets: finds the CSV in node_modules (the package's
// `exports` may hide data files from require.resolve, so we walk up the directories)
// and hands the text to the pure engine loader.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset } from '../engine/bar';
import { getBundledDataset, loadBundledDataset } from '../engine/data/bundled-datasets';

/** Absolute path of a bundled dataset's CSV, searching node_modules from this file and from the working directory upwards. */
export function bundledDatasetPath(id: string): string {
  const d = getBundledDataset(id);
  const starts = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'node_modules', d.package, d.path);
      if (existsSync(candidate)) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`Bundled dataset '${id}' not found: expected node_modules/${d.package}/${d.path} (is ${d.package} installed?).`);
}

/** Reads and parses a bundled dataset ('sp500', 'stocks', 'aapl'). */
export function readBundledDataset(id: string): Dataset {
  return loadBundledDataset(id, readFileSync(bundledDatasetPath(id), 'utf8'));
}
