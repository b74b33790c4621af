import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigStore } from './config-store';
import { StudioDb } from './studio-db';

let n = 0;
const dbs: StudioDb[] = [];
function setup(): { db: StudioDb; store: ConfigStore; tick: () => void } {
  const db = new StudioDb(`config-store-test-${++n}`);
  dbs.push(db);
  let clock = 1_000;
  return { db, store: new ConfigStore(db, { now: () => clock }), tick: () => void (clock += 1000) };
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
  vi.restoreAllMocks();
});

const GOOD = 'name: momentum\ncontainers: []\n';
const BAD = 'name: momentum\ncontainers: [\n';
const CSV = 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1.5,2.5,1,2,120\n';

describe('ConfigStore editor texts', () => {
  it('keeps the last good config when a bad edit is saved, and can revert to it', async () => {
    const { store, tick } = setup();
    expect(await store.loadEditorTexts()).toEqual({ workingIsLastGood: false });
    await store.saveEditorText(GOOD, true);
    expect(await store.loadEditorTexts()).toEqual({ working: GOOD, workingSavedAt: 1000, lastGood: GOOD, lastGoodSavedAt: 1000, workingIsLastGood: true });
    tick();
    await store.saveEditorText(BAD, false);
    const texts = await store.loadEditorTexts();
    expect(texts.working).toBe(BAD);
    expect(texts.lastGood).toBe(GOOD);
    expect(texts.lastGoodSavedAt).toBe(1000);
    expect(texts.workingIsLastGood).toBe(false);
    // A fresh store (page reload) sees the same.
    expect(await new ConfigStore(dbs[0]!).lastGood()).toBe(GOOD);
    expect(await store.revertToLastGood()).toBe(GOOD);
    expect((await store.loadEditorTexts()).working).toBe(GOOD);
  });

  it('saves, lists (newest first), reads and deletes named configs', async () => {
    const { store, tick } = setup();
    await store.saveConfig('alpha', GOOD);
    tick();
    await store.saveConfig('  beta ', BAD);
    await store.saveEditorText(GOOD, true);
    expect((await store.listConfigs()).map((c) => c.name)).toEqual(['beta', 'alpha']);
    expect((await store.getConfig('beta'))!.text).toBe(BAD);
    expect(await store.deleteConfig('alpha')).toBe(true);
    expect(await store.deleteConfig('alpha')).toBe(false);
    expect((await store.listConfigs()).map((c) => c.name)).toEqual(['beta']);
    await expect(store.saveConfig(' ', GOOD)).rejects.toThrow(/cannot be empty/);
  });
});

describe('ConfigStore datasets', () => {
  it('stores a CSV with its summary, lists without the text, and dedupes re-imports', async () => {
    const { db, store, tick } = setup();
    const summary = { symbols: ['SPY'], timeframe: '1d', rows: 2, firstTimestamp: Date.UTC(2020, 0, 2), lastTimestamp: Date.UTC(2020, 0, 3), columns: ['date', 'open', 'high', 'low', 'close', 'volume'] };
    const a = await store.saveDataset({ name: 'SPY daily.csv', text: CSV, summary });
    expect(a.id).toMatch(/^spy-daily-[0-9a-f]{8}$/);
    expect(a.byteSize).toBe(Buffer.byteLength(CSV));
    tick();
    const again = await store.saveDataset({ name: 'SPY daily.csv', text: CSV, summary });
    expect(again.id).toBe(a.id);
    const other = await store.saveDataset({ name: 'SPY daily.csv', text: CSV + '2020-01-06,2,3,1,2.5,90\n', summary: { ...summary, rows: 3 } });
    expect(other.id).not.toBe(a.id);

    const list = await store.listDatasets();
    expect(list.map((d) => d.id)).toEqual([other.id, a.id]);
    expect(list.every((d) => !('text' in d))).toBe(true);
    expect(await store.getDataset(a.id)).toEqual({ ...again, text: CSV });
    expect(await db.datasetTexts.count()).toBe(2);
    expect(await store.deleteDataset(a.id)).toBe(true);
    expect(await store.getDataset(a.id)).toBeUndefined();
    expect(await db.datasetTexts.count()).toBe(1);
  });

  it('reports a full browser storage clearly and keeps what was stored', async () => {
    const { db, store } = setup();
    await store.saveEditorText(GOOD, true);
    vi.spyOn(db.datasetTexts, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    await expect(store.saveDataset({ name: 'big.csv', text: CSV, summary: { symbols: ['SPY'], rows: 2 } })).rejects.toThrow(
      /Browser storage is full: could not save dataset "big\.csv" \(0\.0 MB\)\. Nothing stored earlier was changed/,
    );
    // The failed transaction stored no half dataset and left the config alone.
    expect(await store.listDatasets()).toEqual([]);
    expect(await store.lastGood()).toBe(GOOD);
  });
});
