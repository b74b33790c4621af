import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeBacktestResult } from './backtest-result-fixture';
import { ConfigStore } from './config-store';
import { RunHistory } from './run-history';
import { STUDIO_DB_VERSION, StudioDb, summarizeRun, type RunRowV1 } from './studio-db';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await new StudioDb(name).delete();
});

describe('StudioDb schema versions', () => {
  it('opens a v1 database with the current code and migrates its runs to summary + details + events', async () => {
    const name = 'studio-db-migration';
    names.push(name);
    // Day-one code: v1 schema, the whole result (events included) on the run row.
    const v1 = new StudioDb(name, { upToVersion: 1 });
    const result = makeBacktestResult({ events: 80 });
    const oldRun: RunRowV1 = { id: 'old-run', name: 'from v1', createdAt: Date.UTC(2025, 0, 2), datasetId: 'sp500-2000', configText: 'name: old\n', result };
    await v1.table('runs').put(oldRun);
    await v1.table('configs').put({ id: 'last-good', name: 'last-good', text: 'name: kept\n', updatedAt: 1 });
    await v1.table('datasets').put({ id: 'spy-1', name: 'SPY', text: 'Date,Close\n2020-01-02,1\n', summary: { symbols: ['SPY'], rows: 1 }, createdAt: 5, byteSize: 24 });
    expect(v1.verno).toBe(1);
    v1.close();

    const v2 = new StudioDb(name);
    await v2.open();
    expect(v2.verno).toBe(STUDIO_DB_VERSION);
    expect(v2.tables.map((t) => t.name).sort()).toEqual(['archives', 'chunks', 'configs', 'datasetTexts', 'datasets', 'events', 'runDetails', 'runs', 'segments', 'strategies', 'sweeps']);

    const row = await v2.runs.get('old-run');
    expect(row).toBeDefined();
    expect('result' in row!).toBe(false);
    expect('configText' in row!).toBe(false);
    expect(row!.name).toBe('from v1');
    expect(row!.containers.signal_analyzer!.eventCount).toBe(80);
    expect(row!.containers.portfolio_1!.metrics!.profitFactor).toBe(Infinity);

    // Through the v2 API the run is whole again, events included.
    const history = new RunHistory(v2);
    expect((await history.list()).map((r) => r.id)).toEqual(['old-run']);
    const opened = await history.open('old-run', { events: true });
    expect(opened!.configText).toBe('name: old\n');
    expect(opened!.result).toEqual(result);
    // Dataset text moved off the row; the store reads it whole.
    expect('text' in (await v2.datasets.get('spy-1'))!).toBe(false);
    expect((await new ConfigStore(v2).getDataset('spy-1'))!.text).toBe('Date,Close\n2020-01-02,1\n');
    // Untouched tables keep their rows.
    expect((await v2.configs.get('last-good'))!.text).toBe('name: kept\n');
    v2.close();
  });

  it('opens a v2 database with the current code: saved runs learn the archives they refer to', async () => {
    const name = 'studio-db-migration-v3';
    names.push(name);
    const v2 = new StudioDb(name, { upToVersion: 2 });
    const archived = makeBacktestResult({ events: 10 });
    archived.containers['portfolio_1']!.archive = { runId: 'worker-archive-1', containerId: 'portfolio_1', count: 500 };
    const plain = makeBacktestResult({ events: 10 });
    for (const [id, result] of [['with-archive', archived], ['without', plain]] as const) {
      const row = summarizeRun(id, id, 1, 'sp500-2000', result, {});
      delete row.archiveIds; // as v2 code wrote it
      await v2.runs.put(row);
      await v2.runDetails.put({ runId: id, configText: 'name: x\n', result });
    }
    v2.close();

    const v3 = new StudioDb(name);
    await v3.open();
    expect(v3.verno).toBe(STUDIO_DB_VERSION);
    expect((await v3.runs.get('with-archive'))!.archiveIds).toEqual(['worker-archive-1']);
    expect((await v3.runs.get('without'))!.archiveIds).toBeUndefined();
    expect(await v3.archives.count()).toBe(0);
    v3.close();
  });
});
