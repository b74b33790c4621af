import 'fake-indexeddb/auto';
import { strToU8, zipSync } from 'fflate';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeBacktestResult } from './backtest-result-fixture';
import { unzipRunArchive } from './run-archive';
import { RunHistory } from './run-history';
import { StorageQuotaError } from './storage-quota-error';
import { StudioDb } from './studio-db';

const CONFIG = 'name: momentum_sweep\n';
let n = 0;
const dbs: StudioDb[] = [];
function setup(): { db: StudioDb; history: RunHistory; tick: () => void } {
  const db = new StudioDb(`run-history-test-${++n}`);
  dbs.push(db);
  let clock = Date.UTC(2026, 10, 25, 9, 0);
  let ids = 0;
  const history = new RunHistory(db, { now: () => clock, newId: () => `run-${++ids}` });
  return { db, history, tick: () => void (clock += 60_000) };
}
afterEach(async () => {
  vi.restoreAllMocks();
  for (const db of dbs.splice(0)) await db.delete();
});

describe('RunHistory', () => {
  it('saves a run: summary row without heavy fields, events in the events tables', async () => {
    const { db, history } = setup();
    const result = makeBacktestResult({ events: 400 });
    const summary = await history.save({ configText: CONFIG, result, name: '  first  ' });
    expect(summary.id).toBe('run-1');
    expect(summary.name).toBe('first');
    expect(summary.datasetId).toBe('sp500-2000');
    expect(summary.containers.portfolio_1!.metrics!.profitFactor).toBe(Infinity);
    expect(summary.containers.portfolio_1!.tradeCount).toBe(12);
    expect(summary.containers.signal_analyzer!.eventCount).toBe(400);
    expect(summary.containers.root!.eventCount).toBe(100);
    expect(summary.containers.portfolio_2!.eventsDropped).toBe(17);

    // The run row holds no trades, equity or events.
    const row = JSON.stringify(await db.runs.get('run-1'));
    expect(row).not.toMatch(/entryPrice|"equity"|eventId/);
    // signal_analyzer is compressed (chunks), root is not (rows).
    expect(await db.chunks.where('runId').equals('run-1').count()).toBeGreaterThan(0);
    expect(await db.events.where('runId').equals('run-1').count()).toBe(100);
  });

  it('lists newest first, opens with or without events, renames and deletes with its events', async () => {
    const { db, history, tick } = setup();
    const a = await history.save({ configText: CONFIG, result: makeBacktestResult() });
    tick();
    const b = await history.save({ configText: 'name: b\n', result: makeBacktestResult({ trades: 3 }), datasetId: 'other' });
    tick();
    const c = await history.save({ configText: CONFIG, result: makeBacktestResult({ events: 0 }) });
    expect((await history.list()).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(a.name).toBe('momentum_sweep 2026-11-25 09:00');

    const light = await history.open(b.id);
    expect(light!.configText).toBe('name: b\n');
    expect(light!.summary.datasetId).toBe('other');
    expect(light!.result.containers.portfolio_1!.trades).toEqual(makeBacktestResult({ trades: 3 }).containers.portfolio_1!.trades);
    expect(light!.result.containers.signal_analyzer!.events).toEqual([]);
    const full = await history.open(b.id, { events: true });
    expect(full!.result).toEqual(makeBacktestResult({ trades: 3 }));
    expect(await history.open('nope')).toBeUndefined();

    const renamed = await history.rename(b.id, 'Momentum v2');
    expect(renamed.name).toBe('Momentum v2');
    expect((await history.get(b.id))!.name).toBe('Momentum v2');
    await expect(history.rename(b.id, '   ')).rejects.toThrow(/cannot be empty/);
    await expect(history.rename('nope', 'x')).rejects.toThrow(/No saved run with id "nope"/);

    expect(await history.delete(b.id)).toBe(true);
    expect(await history.delete(b.id)).toBe(false);
    expect((await history.list()).map((r) => r.id)).toEqual([c.id, a.id]);
    expect(await db.events.where('runId').equals(b.id).count()).toBe(0);
    expect(await db.chunks.where('runId').equals(b.id).count()).toBe(0);
    expect(await db.segments.where('runId').equals(b.id).count()).toBe(0);
    expect(await db.runDetails.get(b.id)).toBeUndefined();
    // The other runs' events are untouched.
    expect((await history.open(a.id, { events: true }))!.result).toEqual(makeBacktestResult());
  });

  it('exports a zip and imports it back equal', async () => {
    const { history, tick } = setup();
    // 2500 events: several IndexedDB chunks, exported as a multi-member gzip.
    const result = makeBacktestResult({ events: 2500 });
    const saved = await history.save({ configText: CONFIG, result, name: 'export me' });
    const zip = await history.exportZip(saved.id);
    const archive = unzipRunArchive(zip);
    expect(archive.result).toEqual(result);
    expect(archive.name).toBe('export me');

    tick();
    const imported = await history.importZip(zip);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.summary.id).not.toBe(saved.id);
    const { id: _a, ...importedSummary } = imported.summary;
    const { id: _b, ...savedSummary } = saved;
    expect(importedSummary).toEqual(savedSummary);
    const opened = await history.open(imported.summary.id, { events: true });
    expect(opened!.result).toEqual(result);
    expect(opened!.configText).toBe(CONFIG);
    expect((await history.list()).length).toBe(2);
  });

  it('leaves no half-saved run when storage fills up, and says so', async () => {
    const { db, history } = setup();
    await history.save({ configText: CONFIG, result: makeBacktestResult() });
    const original = db.chunks.bulkAdd.bind(db.chunks) as (...args: unknown[]) => unknown;
    let calls = 0;
    vi.spyOn(db.chunks, 'bulkAdd').mockImplementation(((...args: unknown[]) => {
      if (++calls > 1) throw new DOMException('quota', 'QuotaExceededError');
      return original(...args);
    }) as typeof db.chunks.bulkAdd);
    await expect(history.save({ configText: CONFIG, result: makeBacktestResult({ events: 3000 }) })).rejects.toBeInstanceOf(StorageQuotaError);
    expect((await history.list()).map((r) => r.id)).toEqual(['run-1']);
    expect(await db.events.where('runId').equals('run-2').count()).toBe(0);
    expect(await db.chunks.where('runId').equals('run-2').count()).toBe(0);
    expect(await db.segments.where('runId').equals('run-2').count()).toBe(0);
    // The earlier run is whole.
    expect((await history.open('run-1', { events: true }))!.result).toEqual(makeBacktestResult());
  });

  it('a run being saved is never taken for an orphan by another tab\'s clean-up, and leaves no record once saved', async () => {
    const { db, history } = setup();
    // Another tab, ten minutes later on its clock, sweeps orphans while our events are being written.
    const otherTab = new RunHistory(db, { now: () => Date.UTC(2026, 10, 25, 9, 10) });
    let sweep: Promise<string[]> | undefined;
    const bulkAdd = db.chunks.bulkAdd.bind(db.chunks) as (...args: unknown[]) => unknown;
    vi.spyOn(db.chunks, 'bulkAdd').mockImplementation(((...args: unknown[]) => {
      sweep ??= Dexie.ignoreTransaction(() => otherTab.collectOrphanArchives());
      return bulkAdd(...args);
    }) as typeof db.chunks.bulkAdd);
    await history.save({ configText: CONFIG, result: makeBacktestResult({ events: 400 }) });
    expect(sweep).toBeDefined();
    expect(await sweep).not.toContain('run-1');
    expect((await history.open('run-1', { events: true }))!.result).toEqual(makeBacktestResult({ events: 400 }));
    expect(await db.archives.count()).toBe(0);
  });

  it('refuses a foreign zip with a clear error and stores nothing', async () => {
    const { history } = setup();
    const result = await history.importZip(zipSync({ 'readme.md': strToU8('# hi') }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/Not an Event Studio run archive: run\.json is missing/);
    expect(await history.list()).toEqual([]);
  });
});

describe('RunHistory with user strategies', () => {
  it('keeps the strategy sources a run used through save, open, export and import', async () => {
    const { history } = setup();
    const userStrategies = [{ name: 'my_ma', source: "export function onBar(bar, ctx) { ctx.emitSignal(bar.symbol, 'long'); }\n" }];
    const saved = await history.save({ configText: 'name: x\ncontainers: []\n', result: makeBacktestResult({ events: 10 }), userStrategies });
    expect((await history.open(saved.id))!.userStrategies).toEqual(userStrategies);

    const zip = await history.exportZip(saved.id);
    const archive = unzipRunArchive(zip);
    expect(archive.userStrategies).toEqual(userStrategies);

    const imported = await history.importZip(zip);
    if (!imported.ok) throw imported.error;
    expect((await history.open(imported.summary.id))!.userStrategies).toEqual(userStrategies);
    // Runs without user strategies carry none.
    const plain = await history.save({ configText: CONFIG, result: makeBacktestResult({ events: 0 }) });
    expect((await history.open(plain.id))!.userStrategies).toBeUndefined();
    expect(unzipRunArchive(await history.exportZip(plain.id)).userStrategies).toBeUndefined();
  });
});
