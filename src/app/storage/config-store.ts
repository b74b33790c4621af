// What the editor must never lose: the working YAML text (saved on every edit, valid or not)
// and the last text that parsed (only replaced by another valid one), plus named config
// documents and imported CSV datasets (metadata and text in separate tables).
import { isQuotaError } from './storage-quota-error';
import type { BarSeries } from '../../engine/bar';
import type { ConfigRow, DatasetRow, DatasetSummary, StudioDb } from './studio-db';

const WORKING = 'working';
const LAST_GOOD = 'last-good';
const SAVED = 'saved:';

export interface EditorTexts {
  /** The editor's text as last typed (may not parse). */
  working?: string;
  workingSavedAt?: number;
  /** The last text that parsed and validated. */
  lastGood?: string;
  lastGoodSavedAt?: number;
  /** True when the working text is the last good one (no pending invalid edit). */
  workingIsLastGood: boolean;
}

export interface SavedConfig {
  name: string;
  text: string;
  updatedAt: number;
}

export interface SaveDatasetInput {
  name: string;
  /** The CSV as imported (kept for share links and zips). */
  text: string;
  /** A big file kept as the File itself (no string copy in memory): `text` is then ''. */
  blob?: Blob;
  /** Its bars as parsed: columns (Float64Arrays) stored as they are, so a run never parses the text again. */
  series?: BarSeries[];
  /** What the CSV parser found (symbols, rows, time range). */
  summary: DatasetSummary;
  /** Default: derived from the name and the text's hash, so importing the same CSV twice is one dataset. */
  id?: string;
}

export interface ConfigStoreOptions {
  now?: () => number;
}

export class ConfigStore {
  private readonly db: StudioDb;
  private readonly now: () => number;

  constructor(db: StudioDb, options: ConfigStoreOptions = {}) {
    this.db = db;
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Saves the editor's text; `valid` (it parsed and validated) also makes it the last good
   * config. An invalid edit therefore never overwrites the last good one.
   */
  async saveEditorText(text: string, valid: boolean, options: { at?: number } = {}): Promise<{ savedAt: number }> {
    // `at`: a copy kept elsewhere (the local-storage backup) keeps the time it was typed, so
    // "newest wins" still compares the moments of the edits, not of the copying.
    const at = options.at ?? this.now();
    await this.guard('the editor text', () =>
      this.db.transaction('rw', this.db.configs, async () => {
        await this.db.configs.put({ id: WORKING, name: WORKING, text, updatedAt: at });
        if (valid) await this.db.configs.put({ id: LAST_GOOD, name: LAST_GOOD, text, updatedAt: at });
      }),
    );
    return { savedAt: at };
  }

  async loadEditorTexts(): Promise<EditorTexts> {
    const [working, lastGood] = await this.db.configs.bulkGet([WORKING, LAST_GOOD]);
    return {
      ...(working ? { working: working.text, workingSavedAt: working.updatedAt } : {}),
      ...(lastGood ? { lastGood: lastGood.text, lastGoodSavedAt: lastGood.updatedAt } : {}),
      workingIsLastGood: working !== undefined && lastGood !== undefined && working.text === lastGood.text,
    };
  }

  async lastGood(): Promise<string | undefined> {
    return (await this.db.configs.get(LAST_GOOD))?.text;
  }

  /** Puts the last good text back into the editor slot and returns it (undefined when none). */
  async revertToLastGood(): Promise<string | undefined> {
    const good = await this.db.configs.get(LAST_GOOD);
    if (!good) return undefined;
    await this.db.configs.put({ id: WORKING, name: WORKING, text: good.text, updatedAt: this.now() });
    return good.text;
  }

  // ---- named config documents ------------------------------------------------------------

  async saveConfig(name: string, text: string): Promise<SavedConfig> {
    const trimmed = name.trim();
    if (!trimmed) throw new RangeError('A config name cannot be empty.');
    const row: ConfigRow = { id: SAVED + trimmed, name: trimmed, text, updatedAt: this.now() };
    await this.guard(`config "${trimmed}"`, () => this.db.configs.put(row));
    return { name: row.name, text: row.text, updatedAt: row.updatedAt };
  }

  /** Saved configs, most recently updated first. */
  async listConfigs(): Promise<SavedConfig[]> {
    const rows = await this.db.configs.where('id').startsWith(SAVED).toArray();
    return rows.sort((a, b) => b.updatedAt - a.updatedAt).map((r) => ({ name: r.name, text: r.text, updatedAt: r.updatedAt }));
  }

  async getConfig(name: string): Promise<SavedConfig | undefined> {
    const row = await this.db.configs.get(SAVED + name.trim());
    return row && { name: row.name, text: row.text, updatedAt: row.updatedAt };
  }

  async deleteConfig(name: string): Promise<boolean> {
    const id = SAVED + name.trim();
    const existed = (await this.db.configs.get(id)) !== undefined;
    await this.db.configs.delete(id);
    return existed;
  }

  // ---- datasets ----------------------------------------------------------------------------

  async saveDataset(input: SaveDatasetInput): Promise<DatasetRow> {
    const name = input.name.trim();
    if (!name) throw new RangeError('A dataset name cannot be empty.');
    const id = input.id ?? datasetId(name, input.text);
    const row: DatasetRow = { id, name, summary: input.summary, createdAt: this.now(), byteSize: input.blob?.size ?? utf8Length(input.text) };
    await this.guard(`dataset "${name}" (${(row.byteSize / 1024 / 1024).toFixed(1)} MB)`, () =>
      this.db.transaction('rw', this.db.datasets, this.db.datasetTexts, async () => {
        await this.db.datasets.put(row);
        await this.db.datasetTexts.put({ id, text: input.text, ...(input.blob ? { blob: input.blob } : {}), ...(input.series ? { series: input.series } : {}) });
      }),
    );
    return row;
  }

  /** Dataset metadata only (no CSV text), newest first. */
  async listDatasets(): Promise<DatasetRow[]> {
    return this.db.datasets.orderBy('createdAt').reverse().toArray();
  }

  async getDataset(id: string): Promise<(DatasetRow & { text: string }) | undefined> {
    const [row, text] = await Promise.all([this.db.datasets.get(id), this.db.datasetTexts.get(id)]);
    return row && text ? { ...row, text: text.blob !== undefined && text.text === '' ? await text.blob.text() : text.text } : undefined;
  }

  /** The stored columns of a dataset (undefined for one imported before columns were kept: parse its text). */
  async getDatasetSeries(id: string): Promise<BarSeries[] | undefined> {
    return (await this.db.datasetTexts.get(id))?.series;
  }

  async deleteDataset(id: string): Promise<boolean> {
    return this.db.transaction('rw', this.db.datasets, this.db.datasetTexts, async () => {
      const existed = (await this.db.datasets.get(id)) !== undefined;
      await this.db.datasets.delete(id);
      await this.db.datasetTexts.delete(id);
      return existed;
    });
  }

  /** Turns a quota failure into a message that says what could not be saved and what to do. */
  private async guard<T>(what: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      throw new Error(`Browser storage is full: could not save ${what}. Nothing stored earlier was changed. Delete old runs or datasets to free space.`, {
        cause: error,
      });
    }
  }
}

/** `<slug>-<fnv1a32 of the text>`: stable across imports of the same file. */
function datasetId(name: string, text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const slug = name
    .toLowerCase()
    .replace(/\.csv$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'dataset'}-${(h >>> 0).toString(16).padStart(8, '0')}`;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
