import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PartialTraceSettings } from '../../core/config/studio-config';
import type { StudioConfig } from '../../core/config/studio-config';
import { resolveTraceSettings } from '../../core/config/resolve-trace-settings';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import { runBacktestPoint, runBacktestPointAsync } from '../../engine/optimization/backtest-point-runner';
import { parseConfigText } from '../../engine/optimization/parse-config-text';
import type { PointSuccess } from '../../engine/optimization/pool-protocol';
import { createSweepWorkerHost } from '../../engine/optimization/sweep-worker-host';
import { testConfig } from '../../engine/optimization/test-config';
import { runBacktestSync } from '../../engine/run-backtest';
import { makeBacktestResult } from './backtest-result-fixture';
import { indexedDbRunArchive } from './indexed-db-run-archive';
import { IndexedDbStorage } from './indexed-db-storage';
import { RunHistory } from './run-history';
import { StudioDb } from './studio-db';

const dbs: StudioDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const dataset = generateSyntheticBars({ seed: 7, symbols: ['AAA'], days: 500, timeframes: ['1d'] });

function withPortfolioTrace(settings: PartialTraceSettings): StudioConfig {
  const base = testConfig();
  return { ...base, traceSettings: { global: {}, patterns: [{ pattern: 'portfolio_*', settings, order: 0, origin: 'container_settings' }] } };
}

function hostFor(db: StudioDb, ids: string[]) {
  let t = 0;
  return createSweepWorkerHost({
    runPoint: runBacktestPoint,
    runPointAsync: runBacktestPointAsync,
    parseConfig: parseConfigText,
    loadDataset: () => dataset,
    now: () => t++,
    archive: (archiveId) => indexedDbRunArchive(() => db, archiveId),
    archiveId: () => ids.shift() ?? 'no-more-ids',
  });
}

/** The portfolio's full record, computed independently: the same run kept whole in memory. */
function expectedPortfolioEvents() {
  const reference = runBacktestSync(withPortfolioTrace({ retentionPolicy: 'full', storageBackend: 'memory' }), dataset);
  return reference.containers['portfolio_1']!.events;
}

async function runArchived(db: StudioDb, settings: PartialTraceSettings, archiveId: string): Promise<PointSuccess> {
  const host = hostFor(db, [archiveId]);
  await host.loadDataset({ kind: 'dataset', dataset });
  const outcome = await host.runJob({ config: withPortfolioTrace(settings), datasetId: dataset.id, detail: 'full' });
  if (!outcome.ok) throw new Error(`run failed: ${outcome.error.message}`);
  return outcome;
}

describe('worker host archive hook over IndexedDB', () => {
  it('streams a disk container into IndexedDB, flushed before the outcome, with a marker instead of the record', async () => {
    const db = new StudioDb('run-archive-disk');
    dbs.push(db);
    const expected = expectedPortfolioEvents();
    expect(expected.length).toBeGreaterThan(150);

    const outcome = await runArchived(db, { retentionPolicy: 'full', storageBackend: 'disk', maxEvents: 50 }, 'arch-disk');
    const portfolio = outcome.result!.containers['portfolio_1']!;
    expect(portfolio.archive).toEqual({ runId: 'arch-disk', containerId: 'portfolio_1', count: expected.length });
    // The message carries only the in-memory window, not the record.
    expect(portfolio.events.length).toBeLessThanOrEqual(50);
    // Containers that stay in memory get no marker.
    expect(outcome.result!.containers['ma_1']!.archive).toBeUndefined();

    const stored = new IndexedDbStorage({ db, runId: 'arch-disk', containerId: 'portfolio_1' });
    expect(await stored.count()).toBe(expected.length);
    expect(await stored.query()).toEqual(expected);
    // Paging (what the inspector does): a page equals the same slice of the record.
    expect(await stored.query({ offset: 60, limit: 25 })).toEqual(expected.slice(60, 85));
  });

  it('hierarchical: spilled and still-hot events both end up in IndexedDB, in sequence order', async () => {
    const db = new StudioDb('run-archive-hier');
    dbs.push(db);
    const expected = expectedPortfolioEvents();
    const outcome = await runArchived(db, { retentionPolicy: 'full', storageBackend: 'hierarchical', maxEvents: 30 }, 'arch-hier');
    expect(outcome.result!.containers['portfolio_1']!.archive?.count).toBe(expected.length);
    expect(await new IndexedDbStorage({ db, runId: 'arch-hier', containerId: 'portfolio_1' }).query()).toEqual(expected);
  });

  it('a memory-only run writes nothing to IndexedDB and carries no marker', async () => {
    const db = new StudioDb('run-archive-memory');
    dbs.push(db);
    const outcome = await runArchived(db, { retentionPolicy: 'full', storageBackend: 'memory' }, 'arch-mem');
    expect(outcome.result!.containers['portfolio_1']!.archive).toBeUndefined();
    expect(outcome.result!.containers['portfolio_1']!.events).toEqual(expectedPortfolioEvents());
    expect(db.isOpen()).toBe(false);
  });

  it('a run that fails (time limit) leaves nothing in IndexedDB and reports the point failed', async () => {
    const db = new StudioDb('run-archive-failed');
    dbs.push(db);
    const host = hostFor(db, ['arch-failed']);
    await host.loadDataset({ kind: 'dataset', dataset });
    // hostFor's clock advances one ms per reading: a 1 ms limit has passed at the engine's first check.
    const outcome = await host.runJob({
      config: withPortfolioTrace({ retentionPolicy: 'full', storageBackend: 'disk' }),
      datasetId: dataset.id,
      detail: 'full',
      perJobTimeoutMs: 1,
    });
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.timedOut).toBe(true);
    expect(await db.events.where('runId').equals('arch-failed').count()).toBe(0);
    expect(await db.chunks.where('runId').equals('arch-failed').count()).toBe(0);
  });

  it('a sweep streams only the points whose phase settings ask for disk (seed 08: portfolio_final_*), whole', async () => {
    const db = new StudioDb('run-archive-sweep');
    dbs.push(db);
    const base = testConfig();
    const config: StudioConfig = {
      ...base,
      traceSettings: {
        global: {},
        patterns: [
          { pattern: 'portfolio_phase1_*', settings: { eventsToTrace: ['FILL', 'POSITION_CLOSE'], retentionPolicy: 'trade_complete' }, order: 0, origin: 'container_settings' },
          { pattern: 'portfolio_final_*', settings: { eventsToTrace: 'ALL', retentionPolicy: 'full', storageBackend: 'disk', maxEvents: 40 }, order: 1, origin: 'container_settings' },
        ],
      },
    };
    const host = hostFor(db, ['sweep-final-1', 'unexpected']);
    await host.loadDataset({ kind: 'dataset', dataset });
    await host.prepare({ contextId: 'c1', config, datasetId: dataset.id, detail: 'metrics' });
    const params = { 'ma_1.params.fast': 8 };
    const [explore, final] = await host.runBatch('c1', [
      { phase: 'phase1', point: { index: 0, params, containerSuffix: 'phase1_1' } },
      { phase: 'final', point: { index: 0, params, containerSuffix: 'final_1' } },
    ]);
    if (!explore!.ok || !final!.ok) throw new Error('a point failed');
    // The exploration point stays metrics-only: no result, nothing stored.
    expect(explore!.result).toBeUndefined();
    expect(explore!.metrics['portfolio_phase1_1']).toBeDefined();
    // The final point comes back whole, its portfolio's record in IndexedDB under its own key.
    const portfolio = final!.result!.containers['portfolio_final_1']!;
    expect(final!.result!.params).toEqual(params);
    const reference = runBacktestPoint({
      config: {
        ...config,
        traceSettings: {
          global: {},
          patterns: [{ pattern: 'portfolio_final_*', settings: { eventsToTrace: 'ALL', retentionPolicy: 'full', storageBackend: 'memory' }, order: 0, origin: 'container_settings' }],
        },
      },
      dataset,
      params,
      containerSuffix: 'final_1',
      detail: 'full',
      signal: { aborted: false },
    }).result!.containers['portfolio_final_1']!.events;
    expect(reference.length).toBeGreaterThan(40);
    expect(portfolio.archive).toEqual({ runId: 'sweep-final-1', containerId: 'portfolio_final_1', count: reference.length });
    expect(portfolio.events.length).toBeLessThanOrEqual(40);
    expect(await new IndexedDbStorage({ db, runId: 'sweep-final-1', containerId: 'portfolio_final_1' }).query()).toEqual(reference);
    expect(final!.metrics['portfolio_final_1']).toEqual(portfolio.metrics);
    expect(await db.events.where('runId').equals('unexpected').count()).toBe(0);
  });

  it('run history saves an archived run by reference, reopens its events from the archive, and deletes them with it', async () => {
    const db = new StudioDb('run-archive-history');
    dbs.push(db);
    const expected = expectedPortfolioEvents();
    const outcome = await runArchived(db, { retentionPolicy: 'full', storageBackend: 'disk', maxEvents: 50 }, 'arch-saved');
    const history = new RunHistory(db, { newId: () => 'saved-1', now: () => 1_700_000_000_000 });
    const summary = await history.save({ result: outcome.result!, configText: 'name: x' });
    expect(summary.containers['portfolio_1']?.eventCount).toBe(expected.length);
    // Not copied a second time under the saved run's id.
    expect(await new IndexedDbStorage({ db, runId: 'saved-1', containerId: 'portfolio_1' }).count()).toBe(0);
    const opened = await history.open('saved-1', { events: true });
    expect(opened!.result.containers['portfolio_1']!.events).toEqual(expected);
    await history.delete('saved-1');
    expect(await new IndexedDbStorage({ db, runId: 'arch-saved', containerId: 'portfolio_1' }).count()).toBe(0);
  });
});

describe('orphaned archives', () => {
  const HOUR = 60 * 60 * 1000;
  const T0 = Date.UTC(2026, 10, 25, 9, 0);

  /** A worker's archive that wrote `events` of portfolio_1 and stopped there (as a cancelled run does). */
  async function writeArchive(db: StudioDb, archiveId: string, at: number, events: number): Promise<void> {
    const archive = indexedDbRunArchive(db, archiveId, { now: () => at });
    const settings = { ...resolveTraceSettings(testConfig(), 'portfolio_1'), retentionPolicy: 'full' as const, storageBackend: 'disk' as const };
    const storage = archive.storageFor('portfolio_1', settings)!;
    const source = makeBacktestResult({ events }).containers['signal_analyzer']!.events;
    for (const e of source) await storage.append(e);
    await storage.flush?.();
  }

  const count = (db: StudioDb, runId: string) => new IndexedDbStorage({ db, runId, containerId: 'portfolio_1' }).count();

  it('deletes only unreferenced archives older than an hour; a saved run keeps its archive until deleted', async () => {
    const db = new StudioDb('run-archive-orphans');
    dbs.push(db);
    await writeArchive(db, 'cancelled-long-ago', T0, 30);
    await writeArchive(db, 'saved', T0, 40);
    await writeArchive(db, 'in-flight', T0 + 2 * HOUR - 60_000, 50);
    let clock = T0 + 2 * HOUR;
    const history = new RunHistory(db, { now: () => clock, newId: () => 'saved-run' });
    const result = makeBacktestResult({ events: 10 });
    result.containers['portfolio_1']!.archive = { runId: 'saved', containerId: 'portfolio_1', count: 40 };
    await history.save({ configText: 'name: kept\n', result });
    expect((await db.runs.get('saved-run'))!.archiveIds).toEqual(['saved']);

    expect(await history.collectOrphanArchives()).toEqual(['cancelled-long-ago']);
    expect(await count(db, 'cancelled-long-ago')).toBe(0);
    expect(await db.archives.get('cancelled-long-ago')).toBeUndefined();
    // Referenced, or young enough to belong to a run still going in another tab: kept.
    expect(await count(db, 'saved')).toBe(40);
    expect(await count(db, 'in-flight')).toBe(50);
    expect((await history.open('saved-run', { events: true }))!.result.containers['portfolio_1']!.events).toHaveLength(40);
    // The saved run's own events (under its id) are never orphans either.
    expect(await db.events.where('runId').equals('saved-run').count()).toBeGreaterThan(0);

    // An hour later the in-flight run never finished: now it is an orphan too.
    clock += HOUR;
    expect(await history.collectOrphanArchives()).toEqual(['in-flight']);
    await history.delete('saved-run');
    expect(await count(db, 'saved')).toBe(0);
    expect(await db.archives.count()).toBe(0);
    expect(await history.collectOrphanArchives()).toEqual([]);
  });

  it('a discarded archive (failed run) leaves neither events nor its record', async () => {
    const db = new StudioDb('run-archive-discard');
    dbs.push(db);
    const archive = indexedDbRunArchive(db, 'failed', { now: () => T0 });
    const settings = { ...resolveTraceSettings(testConfig(), 'portfolio_1'), storageBackend: 'disk' as const };
    const storage = archive.storageFor('portfolio_1', settings)!;
    for (const e of makeBacktestResult({ events: 5 }).containers['signal_analyzer']!.events) await storage.append(e);
    await storage.flush?.();
    await archive.discard();
    expect(await count(db, 'failed')).toBe(0);
    expect(await db.archives.count()).toBe(0);
  });
});
