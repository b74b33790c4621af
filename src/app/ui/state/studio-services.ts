// The studio's seam to its colleagues' modules: config parser and schema, worker
// pool, dataset loading and browser storage. Views and actions import only this.
import { unzipSync, zipSync } from 'fflate';
import type { BacktestResult } from '../../../engine/backtest-result';
import type { Dataset } from '../../../engine/bar';
import type { ParseResult, StudioConfig } from '../../../core/config/studio-config';
import type { MetricsSnapshot } from '../../../core/metrics-snapshot';
import { parseStudioConfig, sortErrors } from '../../../core/config/parse-studio-config';
import { strategyConfigErrors } from '../editor/strategy-config-checks';
import { studioStrategyLookup } from './studio-strategy-lookup';
import { runIdentity } from './run-identity';
import { studioConfigJsonSchema } from '../../../core/config/studio-config-json-schema';
import { DEFAULT_CONFIG_YAML } from '../../../core/config/default-config';
import type { DatasetSource } from '../../../engine/optimization/pool-protocol';
import { loadBundledDataset, type BundledDatasetId } from '../../../engine/data/bundled-datasets';
import { parseBarsCsv } from '../../../engine/data/csv-bars';
import { BUNDLED_DATASET_URLS, bundledDatasetSource, syntheticDatasetSource } from '../../data/dataset-source';
import { importCsvFile, type ImportCsvHooks } from '../../data/import-csv-file';
import { CsvImportError } from '../../data/csv-import-error';
import { seriesDigest } from '../../data/series-digest';
import type { CsvBarError } from '../../../engine/data/csv-bar-reader';
import { generateSyntheticBars } from '../../../engine/data/synthetic-bars';
import type { SyntheticBarsOptions } from '../../../engine/data/synthetic-bars-options';
import { explainTraceSettings, type TraceSettingsExplanation } from '../../../core/config/resolve-trace-settings';
import { BUNDLED_DATASETS } from '../../../engine/data/bundled-datasets';
import type { StudioDb } from '../../storage/studio-db';
import type { RunHistory } from '../../storage/run-history';
import type { ConfigStore } from '../../storage/config-store';
import type { SweepStore } from '../../storage/sweep-store';
import type { SweepView } from './studio-types';
import type { JsonSchema } from '../editor/schema-walk';
import { createStudioPool, type StudioPool } from './studio-pool';
import { importStrategies } from '../strategy-lab/strategy-lab-actions';
import { loadWorkingCopy, saveWorkingCopy } from '../config-sync/working-copy';

export interface DatasetOption {
  id: string;
  name: string;
  description: string;
  /** The symbols it holds (dataset switching keeps the config's data.symbols that are among them). */
  symbols?: readonly string[];
}

export interface RunSummary {
  id: string;
  savedAt: number;
  name: string;
  configName: string;
  datasetId: string;
  metrics?: MetricsSnapshot;
}

export interface WorkingText {
  text: string;
  lastValid: string | null;
  datasetId: string | null;
}

const DATASET_KEY = 'event-studio.dataset';
const RUN_KEYS = 'event-studio.run-keys';
/** Run identities kept (the most recent); past this the oldest are forgotten (they may save again). */
const MAX_RUN_KEYS = 500;

/** Run identity → history id of the run saved for it. */
function savedRunIds(): Record<string, string> {
  try {
    const raw = storageGet(RUN_KEYS);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function rememberRunId(key: string, id: string): void {
  const entries = Object.entries(savedRunIds()).filter(([k]) => k !== key);
  entries.push([key, id]);
  storageSet(RUN_KEYS, JSON.stringify(Object.fromEntries(entries.slice(-MAX_RUN_KEYS))));
}

// Storage (Dexie) loads after the first paint: nothing on the way to the first result waits for it.
let storage: Promise<{ db: StudioDb; history: RunHistory; configs: ConfigStore; sweeps: SweepStore<SweepView> }> | null = null;
function openStorage() {
  storage ??= Promise.all([
    import('../../storage/studio-db'),
    import('../../storage/run-history'),
    import('../../storage/config-store'),
    import('../../storage/sweep-store'),
  ]).then(([{ StudioDb }, { RunHistory }, { ConfigStore }, { SweepStore }]) => {
    const db = new StudioDb();
    return { db, history: new RunHistory(db), configs: new ConfigStore(db), sweeps: new SweepStore<SweepView>(db) };
  });
  return storage;
}
async function runHistory(): Promise<RunHistory> {
  return (await openStorage()).history;
}
async function configStore(): Promise<ConfigStore> {
  return (await openStorage()).configs;
}

const CSV_PREFIX = 'csv:';
const bundledBars = new Map<string, Promise<Dataset>>();

/** An imported CSV's text by its file name (what `csv:<name>` refers to). */
async function importedCsv(name: string): Promise<string> {
  const rows = await (await configStore()).listDatasets();
  const row = rows.find((r) => r.name === name);
  const full = row && (await (await configStore()).getDataset(row.id));
  if (!full) throw new Error(`Dataset csv:${name} is not among the imported files; import it again.`);
  return full.text;
}

/** Imported datasets as columns, by file name: read from IndexedDB once per session (or parsed from an older row's text). */
const importedColumns = new Map<string, Promise<Dataset>>();
function importedDataset(name: string): Promise<Dataset> {
  let p = importedColumns.get(name);
  if (!p) {
    p = (async () => {
      const store = await configStore();
      const row = (await store.listDatasets()).find((r) => r.name === name);
      const series = row && (await store.getDatasetSeries(row.id));
      if (series) return { id: `${CSV_PREFIX}${name}`, name, source: `imported ${name}`, series };
      const parsed = parseBarsCsv(await importedCsv(name), { fileName: name });
      if (!parsed.ok) throw new CsvImportError(name, parsed.errors, parsed.errorCount, parsed.warnings);
      return { id: `${CSV_PREFIX}${name}`, name, source: `imported ${name}`, series: parsed.series };
    })();
    p.catch(() => importedColumns.delete(name));
    importedColumns.set(name, p);
  }
  return p;
}

/** Files up to this size also keep their text in IndexedDB (share links and zips carry it); bigger ones keep the File. */
const KEEP_TEXT_BYTES = 16 * 1024 * 1024;

let schemaCache: JsonSchema | null = null;

function storageGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function storageSet(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Quota or private mode: the session keeps working, just not across reloads.
  }
}

export const services = {
  /** The config parser's verdict plus what the engine would refuse (strategy names and params), each at its line. */
  parse(text: string): ParseResult {
    const parsed = parseStudioConfig(text);
    const errors = strategyConfigErrors(text, parsed.ok ? parsed.config : null, studioStrategyLookup);
    if (!parsed.ok) return errors.length ? { ok: false, errors: sortErrors([...parsed.errors, ...errors]) } : parsed;
    return errors.length ? { ok: false, errors: sortErrors(errors) } : parsed;
  },
  schema(): JsonSchema | null {
    if (!schemaCache) {
      try {
        schemaCache = studioConfigJsonSchema() as JsonSchema;
      } catch {
        // No completion/hover is better than no editor.
        schemaCache = null;
      }
    }
    return schemaCache;
  },
  defaultConfig: DEFAULT_CONFIG_YAML,
  explain(config: StudioConfig, containerId: string): TraceSettingsExplanation | null {
    try {
      return explainTraceSettings(config, containerId);
    } catch {
      return null;
    }
  },
  /** `size`: workers (default one per core but one). */
  createPool(size?: number): StudioPool {
    return createStudioPool(size);
  },
  async listDatasets(): Promise<DatasetOption[]> {
    const bundled = [
      ...BUNDLED_DATASETS.map((d) => ({ id: d.id, name: d.name, description: d.description, symbols: d.symbols })),
      { id: 'synthetic', name: 'Synthetic minute bars (data.synthetic)', description: 'Seeded, correlated random-walk minute bars; options in data.synthetic' },
    ];
    try {
      const imported = await (await configStore()).listDatasets();
      return [
        ...bundled,
        ...imported.map((r) => ({
          id: `${CSV_PREFIX}${r.name}`,
          name: `${r.name} (imported)`,
          description: `${r.summary.symbols.join(', ')} · ${r.summary.rows} rows`,
          symbols: r.summary.symbols,
        })),
      ];
    } catch {
      return bundled;
    }
  },
  /** Where the workers get the bars of a picker id. */
  async datasetSource(id: string, configText?: string): Promise<DatasetSource> {
    if (id === 'synthetic' || id.startsWith('synthetic:')) {
      // The generator's options live in the config's data.synthetic block.
      const parsed = configText ? parseStudioConfig(configText) : null;
      const options = parsed?.ok ? parsed.config.data.synthetic : undefined;
      return syntheticDatasetSource((options ?? {}) as Partial<SyntheticBarsOptions>);
    }
    if (id.startsWith(CSV_PREFIX)) {
      // Columns from IndexedDB; the pool transfers them to each worker as one buffer.
      return { kind: 'dataset', dataset: await importedDataset(id.slice(CSV_PREFIX.length)) };
    }
    return bundledDatasetSource(id);
  },
  /** The text of an imported CSV (what share links and zips carry). */
  async importedCsvText(id: string): Promise<{ name: string; text: string }> {
    const name = id.startsWith(CSV_PREFIX) ? id.slice(CSV_PREFIX.length) : id;
    return { name, text: await importedCsv(name) };
  },
  /**
   * Every bar on the main thread, on demand, for what truly needs them all here: walk-forward
   * slicing and the HTML report. Not the price chart: it gets only what it draws from the
   * worker that holds the bars (StudioPool.chartData), so a big dataset is not kept twice.
   */
  async loadDataset(id: string, configText?: string): Promise<Dataset> {
    if (id === 'synthetic' || id.startsWith('synthetic:')) {
      // Deterministic from the config's data.synthetic options: regenerate the same bars here.
      const parsed = configText ? parseStudioConfig(configText) : null;
      const options = parsed?.ok ? parsed.config.data.synthetic : undefined;
      return generateSyntheticBars((options ?? {}) as Partial<SyntheticBarsOptions>);
    }
    if (id.startsWith(CSV_PREFIX)) return importedDataset(id.slice(CSV_PREFIX.length));
    let p = bundledBars.get(id);
    if (!p) {
      const url = BUNDLED_DATASET_URLS[id as BundledDatasetId];
      if (!url) return Promise.reject(new Error(`Unknown dataset '${id}'.`));
      p = fetch(url)
        .then((r) => {
          if (!r.ok) throw new Error(`Could not download dataset '${id}' (HTTP ${r.status}).`);
          return r.text();
        })
        .then((text) => loadBundledDataset(id, text));
      p.catch(() => bundledBars.delete(id));
      bundledBars.set(id, p);
    }
    return p;
  },
  /**
   * Imports a CSV file as a dataset: streamed into columns in a worker (progress, cancel via
   * hooks), kept in IndexedDB as columns; returns its picker id. Rejects with CsvImportError
   * (every row error, counted) or CsvImportCancelledError.
   */
  async importCsv(file: File, hooks: ImportCsvHooks & { onWarnings?: (warnings: readonly CsvBarError[], count: number) => void } = {}): Promise<string> {
    const parsed = await importCsvFile(file, hooks);
    if (!parsed.ok) throw new CsvImportError(file.name, parsed.errors, parsed.errorCount, parsed.warnings);
    hooks.onWarnings?.(parsed.warnings, parsed.warningCount);
    // Columns are time-sorted: the range is each series' first and last time (no spread of
    // every bar into Math.min, which overflowed the stack past ~130k rows).
    let rows = 0;
    let firstTimestamp = Number.POSITIVE_INFINITY;
    let lastTimestamp = Number.NEGATIVE_INFINITY;
    for (const s of parsed.series) {
      const n = s.time.length;
      if (n === 0) continue;
      rows += n;
      firstTimestamp = Math.min(firstTimestamp, s.time[0]!);
      lastTimestamp = Math.max(lastTimestamp, s.time[n - 1]!);
    }
    const small = file.size <= KEEP_TEXT_BYTES;
    await (await configStore()).saveDataset({
      name: file.name,
      text: small ? await file.text() : '',
      ...(small ? {} : { blob: file, id: `${file.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${seriesDigest(parsed.series)}` }),
      series: parsed.series,
      summary: {
        symbols: parsed.series.map((s) => s.symbol),
        timeframe: parsed.series[0]?.timeframe,
        rows,
        firstTimestamp: rows > 0 ? firstTimestamp : undefined,
        lastTimestamp: rows > 0 ? lastTimestamp : undefined,
      },
    });
    importedColumns.set(file.name, Promise.resolve({ id: `${CSV_PREFIX}${file.name}`, name: file.name, source: `imported ${file.name}`, series: parsed.series }));
    return `${CSV_PREFIX}${file.name}`;
  },
  async saveWorkingText(text: string, valid: boolean): Promise<void> {
    // IndexedDB, else a dated localStorage copy; a failure is shown in the studio (ConfigSyncBanner).
    await saveWorkingCopy(configStore, text, valid);
  },
  async saveDatasetId(id: string): Promise<void> {
    storageSet(DATASET_KEY, id);
  },
  async loadWorkingText(): Promise<WorkingText | null> {
    // The newest copy wins, wherever it was kept (IndexedDB or the localStorage backup).
    const texts = await loadWorkingCopy(configStore);
    if (texts.working === undefined) return null;
    return { text: texts.working, lastValid: texts.lastGood ?? null, datasetId: storageGet(DATASET_KEY) };
  },
  /** Stores a run in history (named "<config> <date time>" unless `name`); answers its history id. */
  /**
   * Keeps a run in history, once: the same config + data + strategies (a reload re-running the
   * study) returns the run already kept instead of saving an identical one.
   */
  async saveRun(result: BacktestResult, configText: string, userStrategies?: { name: string; source: string }[], name?: string): Promise<string> {
    const history = await runHistory();
    const key = runIdentity(result, configText, userStrategies);
    const kept = savedRunIds()[key];
    if (kept !== undefined && (await history.get(kept))) return kept;
    const summary = await history.save({ result, configText, ...(userStrategies?.length ? { userStrategies } : {}), ...(name ? { name } : {}) });
    rememberRunId(key, summary.id);
    return summary.id;
  },
  /** Keeps the sweep's table for the next visit (replacing the one kept before). */
  async saveSweep(sweep: SweepView): Promise<void> {
    await (await openStorage()).sweeps.saveLast(sweep);
  },
  /** The last sweep's table, its stored points limited to runs still in history. */
  async loadLastSweep(): Promise<SweepView | null> {
    const { sweeps, history } = await openStorage();
    const last = await sweeps.loadLast();
    if (!last) return null;
    const present = new Set((await history.list()).map((r) => r.id));
    const savedRuns = Object.fromEntries(Object.entries(last.sweep.savedRuns ?? {}).filter(([, id]) => present.has(id)));
    return { ...last.sweep, savedRuns };
  },
  /** Deletes event archives of runs that were never saved (see RunHistory.collectOrphanArchives). */
  async collectOrphanArchives(): Promise<string[]> {
    return (await runHistory()).collectOrphanArchives();
  },
  async listRuns(): Promise<RunSummary[]> {
    const rows = await (await runHistory()).list();
    return rows.map((r) => {
      const withMetrics = r.containerIds.map((id) => r.containers[id]).find((c) => c?.type === 'portfolio' && c.metrics);
      return { id: r.id, savedAt: r.createdAt, name: r.name, configName: r.configName, datasetId: r.datasetId, metrics: withMetrics?.metrics };
    });
  },
  async openRun(id: string): Promise<{ result: BacktestResult; configText: string; userStrategies?: { name: string; source: string }[] } | null> {
    const run = await (await runHistory()).open(id);
    return run ? { result: run.result, configText: run.configText, ...(run.userStrategies ? { userStrategies: run.userStrategies } : {}) } : null;
  },
  async deleteRun(id: string): Promise<void> {
    await (await runHistory()).delete(id);
  },
  async exportRuns(ids: readonly string[]): Promise<Blob> {
    // One run per zip is the archive format; several are zipped as a zip of zips.
    const h = await runHistory();
    if (ids.length === 1) return new Blob([new Uint8Array(await h.exportZip(ids[0]!))], { type: 'application/zip' });
    const files: Record<string, Uint8Array> = {};
    for (const id of ids) files[`${id}.zip`] = await h.exportZip(id);
    return new Blob([new Uint8Array(zipSync(files, { level: 0 }))], { type: 'application/zip' });
  },
  async importRuns(file: File): Promise<number> {
    const h = await runHistory();
    const bytes = new Uint8Array(await file.arrayBuffer());
    // An imported run's strategies join the saved ones (a different source under a taken name: <name>-2).
    const keepStrategies = async (id: string) => {
      const run = await h.open(id);
      if (run?.userStrategies?.length) await importStrategies(run.userStrategies, run.configText);
    };
    // A run zip made for sharing carries the CSV it ran on (data.csv/<name>): it joins the imported files.
    const { dataCarriedBy } = await import('../share/share-zip');
    for (const csv of dataCarriedBy(bytes)) await services.importCsv(new File([csv.text], csv.name, { type: 'text/csv' }));
    const first = await h.importZip(bytes);
    if (first.ok) {
      await keepStrategies(first.summary.id);
      return 1;
    }
    // A zip of run zips (what exporting several runs writes).
    let inner: Record<string, Uint8Array>;
    try {
      inner = unzipSync(bytes);
    } catch {
      throw first.error;
    }
    const zips = Object.entries(inner).filter(([name]) => name.endsWith('.zip'));
    if (!zips.length) throw first.error;
    let n = 0;
    for (const [, b] of zips) {
      const r = await h.importZip(b);
      if (!r.ok) throw r.error;
      await keepStrategies(r.summary.id);
      n++;
    }
    return n;
  },
};
