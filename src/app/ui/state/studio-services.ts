// The studio's seam to its colleagues' modules: config parser and schema, worker
// pool, dataset loading and browser storage. Views and actions import only this.
import { z } from 'zod';
import { unzipSync, zipSync } from 'fflate';
import type { BacktestResult } from '../../../engine/backtest-result';
import type { Dataset } from '../../../engine/bar';
import type { ParseResult, StudioConfig } from '../../../core/config/studio-config';
import type { MetricsSnapshot } from '../../../core/metrics-snapshot';
import { parseStudioConfig } from '../../../core/config/parse-studio-config';
import { studioConfigSchema } from '../../../core/config/config-schema';
import { explainTraceSettings, type TraceSettingsExplanation } from '../../../core/config/resolve-trace-settings';
import { BUNDLED_DATASETS } from '../../../engine/data/bundled-datasets';
import { StudioDb } from '../../storage/studio-db';
import { RunHistory } from '../../storage/run-history';
import type { JsonSchema } from '../editor/schema-walk';
import { DEFAULT_STUDIO_YAML } from './default-studio-yaml';
import { createStudioPool, type StudioPool } from './studio-pool';

export interface DatasetOption {
  id: string;
  name: string;
  description: string;
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

const WORKING_KEY = 'event-studio.working';
const LAST_VALID_KEY = 'event-studio.last-valid';
const DATASET_KEY = 'event-studio.dataset';

let db: StudioDb | null = null;
let history: RunHistory | null = null;
function runHistory(): RunHistory {
  db ??= new StudioDb();
  history ??= new RunHistory(db);
  return history;
}

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
  parse(text: string): ParseResult {
    return parseStudioConfig(text);
  },
  schema(): JsonSchema | null {
    if (!schemaCache) {
      try {
        schemaCache = z.toJSONSchema(studioConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      } catch {
        schemaCache = null;
      }
    }
    return schemaCache;
  },
  defaultConfig: DEFAULT_STUDIO_YAML,
  explain(config: StudioConfig, containerId: string): TraceSettingsExplanation | null {
    try {
      return explainTraceSettings(config, containerId);
    } catch {
      return null;
    }
  },
  createPool(): StudioPool {
    return createStudioPool();
  },
  async listDatasets(): Promise<DatasetOption[]> {
    return BUNDLED_DATASETS.map((d) => ({ id: d.id, name: d.name, description: d.description }));
  },
  async loadDataset(id: string): Promise<Dataset> {
    return createStudioPool.loadDataset(id);
  },
  async saveWorkingText(text: string, valid: boolean): Promise<void> {
    storageSet(WORKING_KEY, text);
    if (valid) storageSet(LAST_VALID_KEY, text);
  },
  async saveDatasetId(id: string): Promise<void> {
    storageSet(DATASET_KEY, id);
  },
  async loadWorkingText(): Promise<WorkingText | null> {
    const text = storageGet(WORKING_KEY);
    if (text === null) return null;
    return { text, lastValid: storageGet(LAST_VALID_KEY), datasetId: storageGet(DATASET_KEY) };
  },
  async saveRun(result: BacktestResult, configText: string): Promise<void> {
    await runHistory().save({ result, configText });
  },
  async listRuns(): Promise<RunSummary[]> {
    const rows = await runHistory().list();
    return rows.map((r) => {
      const withMetrics = r.containerIds.map((id) => r.containers[id]).find((c) => c?.type === 'portfolio' && c.metrics);
      return { id: r.id, savedAt: r.createdAt, name: r.name, configName: r.configName, datasetId: r.datasetId, metrics: withMetrics?.metrics };
    });
  },
  async openRun(id: string): Promise<{ result: BacktestResult; configText: string } | null> {
    const run = await runHistory().open(id);
    return run ? { result: run.result, configText: run.configText } : null;
  },
  async deleteRun(id: string): Promise<void> {
    await runHistory().delete(id);
  },
  async exportRuns(ids: readonly string[]): Promise<Blob> {
    // One run per zip is the archive format; several are zipped as a zip of zips.
    const h = runHistory();
    if (ids.length === 1) return new Blob([new Uint8Array(await h.exportZip(ids[0]!))], { type: 'application/zip' });
    const files: Record<string, Uint8Array> = {};
    for (const id of ids) files[`${id}.zip`] = await h.exportZip(id);
    return new Blob([new Uint8Array(zipSync(files, { level: 0 }))], { type: 'application/zip' });
  },
  async importRuns(file: File): Promise<number> {
    const h = runHistory();
    const bytes = new Uint8Array(await file.arrayBuffer());
    const first = await h.importZip(bytes);
    if (first.ok) return 1;
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
      n++;
    }
    return n;
  },
};
