// Saved backtest runs in IndexedDB: a light summary row per run (what the history list loads),
// the heavy result (trades, equity curve, config text) in runDetails, and traced events in the
// events/chunks tables through IndexedDbStorage — so listing 500 runs never loads one trade.
import type { BacktestResult } from '../../engine/backtest-result';
import { IndexedDbStorage } from './indexed-db-storage';
import { readRunArchive, zipRunArchive, type RunArchiveError } from './run-archive';
import { archiveIdsOf, summarizeRun, type RunDetailsRow, type RunRow, type StudioDb } from './studio-db';

export type RunSummary = RunRow;

/** An unreferenced archive younger than this may still be written by a run in another tab. */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;

export interface SaveRunInput {
  configText: string;
  result: BacktestResult;
  /** Defaults to result.datasetId. */
  datasetId?: string;
  /** Defaults to "<configName> <date time>". */
  name?: string;
  /** Defaults to now(). */
  createdAt?: number;
  /** Sources of the `user:<name>` strategies the run used: kept with it, so it can be repeated. */
  userStrategies?: { name: string; source: string }[];
}

export interface SavedRun {
  summary: RunSummary;
  configText: string;
  /** The result as run; container events are loaded only when open() is asked for them. */
  result: BacktestResult;
  /** The user strategy sources it ran with (none for built-ins only). */
  userStrategies?: { name: string; source: string }[];
}

export interface RunHistoryOptions {
  /** Wall clock for createdAt (the app shell may read it; the engine never does). */
  now?: () => number;
  /** Unique id for a saved run. */
  newId?: () => string;
}

export type ImportRunResult = { ok: true; summary: RunSummary } | { ok: false; error: RunArchiveError };

export class RunHistory {
  private readonly db: StudioDb;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(db: StudioDb, options: RunHistoryOptions = {}) {
    this.db = db;
    this.now = options.now ?? (() => Date.now());
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  }

  /** Stores the run; its events go to the events table with the container's storage_config. */
  async save(input: SaveRunInput): Promise<RunSummary> {
    const id = this.newId();
    const createdAt = input.createdAt ?? this.now();
    const { result } = input;
    const name = input.name?.trim() || `${result.configName} ${new Date(createdAt).toISOString().slice(0, 16).replace('T', ' ')}`;
    const counts: Record<string, number> = {};
    try {
      // Dated like a worker's archive while its events are written: another tab's orphan sweep
      // (collectOrphanArchives) must not take them for a dead run's before the run row exists.
      await this.db.archives.put({ runId: id, createdAt: this.now() });
      for (const cid of result.containerIds) {
        const c = result.containers[cid];
        // Streamed to IndexedDB by the worker (storage_backend disk/hierarchical): the record is
        // already stored under its archive key; `events` is only the in-memory window.
        if (c?.archive) {
          counts[cid] = c.archive.count;
          continue;
        }
        if (!c || c.events.length === 0) continue;
        const storage = IndexedDbStorage.fromStorageConfig(this.db, id, cid, c.traceSettings.storageConfig);
        // Batched transactions (not one huge one): bounded memory for runs with millions of events.
        for (const e of c.events) {
          const backpressure = storage.append(e);
          if (backpressure) await backpressure;
        }
        await storage.flush();
        counts[cid] = c.events.length;
      }
      const summary = summarizeRun(id, name, createdAt, input.datasetId ?? result.datasetId, result, counts);
      const stripped: BacktestResult = { ...result, containers: {} };
      for (const [cid, c] of Object.entries(result.containers)) stripped.containers[cid] = { ...c, events: [] };
      await this.db.transaction('rw', this.db.runs, this.db.runDetails, this.db.archives, async () => {
        const row: RunDetailsRow = {
          runId: id,
          configText: input.configText,
          result: stripped,
          ...(input.userStrategies?.length ? { userStrategies: input.userStrategies } : {}),
        };
        await this.db.runDetails.put(row);
        await this.db.runs.put(summary);
        // The run row refers to its events now.
        await this.db.archives.delete(id);
      });
      return summary;
    } catch (error) {
      // A half-saved run is worse than none: take its events back out, report the cause.
      await IndexedDbStorage.deleteRun(this.db, id).catch(() => undefined);
      await this.db.archives.delete(id).catch(() => undefined);
      throw error;
    }
  }

  /** Newest first; summaries only. */
  async list(): Promise<RunSummary[]> {
    return this.db.runs.orderBy('createdAt').reverse().toArray();
  }

  async get(id: string): Promise<RunSummary | undefined> {
    return this.db.runs.get(id);
  }

  async open(id: string, options: { events?: boolean } = {}): Promise<SavedRun | undefined> {
    const [summary, details] = await Promise.all([this.db.runs.get(id), this.db.runDetails.get(id)]);
    if (!summary || !details) return undefined;
    const result = details.result;
    if (options.events) {
      for (const cid of result.containerIds) {
        const c = result.containers[cid];
        if (c && (summary.containers[cid]?.eventCount ?? 0) > 0) c.events = await this.eventsOf(id, result, cid).query();
      }
    }
    const { userStrategies } = details;
    return { summary, configText: details.configText, result, ...(userStrategies?.length ? { userStrategies } : {}) };
  }

  /** The stored events of one container of a run, for paged/indexed queries. */
  events(runId: string, containerId: string): IndexedDbStorage {
    return new IndexedDbStorage({ db: this.db, runId, containerId });
  }

  /** A container's stored events: under its archive key when the worker streamed them, else the run's. */
  private eventsOf(id: string, result: BacktestResult, containerId: string): IndexedDbStorage {
    const archive = result.containers[containerId]?.archive;
    return archive ? this.events(archive.runId, archive.containerId) : this.events(id, containerId);
  }

  /** Deletes the run and every event it stored; false when there was no such run. */
  async delete(id: string): Promise<boolean> {
    const existed = (await this.db.runs.get(id)) !== undefined;
    const details = await this.db.runDetails.get(id);
    const archives = details ? archiveIdsOf(details.result) : [];
    await this.db.transaction('rw', [this.db.runs, this.db.runDetails, this.db.events, this.db.chunks, this.db.segments, this.db.archives], async () => {
      await this.db.runs.delete(id);
      await this.db.runDetails.delete(id);
      await IndexedDbStorage.deleteRun(this.db, id);
      for (const archiveId of archives) {
        await IndexedDbStorage.deleteRun(this.db, archiveId);
        await this.db.archives.delete(archiveId);
      }
    });
    return existed;
  }

  /**
   * Deletes stored events no saved run refers to: archives of runs that were cancelled, crashed
   * or could not be saved (a full quota), whose worker began writing more than `olderThanMs`
   * ago — younger ones may belong to a run still going in another tab. Answers the ids deleted.
   */
  async collectOrphanArchives(olderThanMs = ORPHAN_AGE_MS): Promise<string[]> {
    const referenced = new Set<string>();
    for (const run of await this.db.runs.toArray()) {
      referenced.add(run.id);
      for (const archiveId of run.archiveIds ?? []) referenced.add(archiveId);
    }
    const started = new Map((await this.db.archives.toArray()).map((a) => [a.runId, a.createdAt]));
    const stored = new Set<string>(started.keys());
    for (const table of [this.db.segments, this.db.chunks, this.db.events]) {
      for (const key of await table.orderBy('runId').uniqueKeys()) stored.add(String(key));
    }
    const cutoff = this.now() - olderThanMs;
    // Events with no archive record and no run were written before archives were recorded (v2).
    const orphans = [...stored].filter((id) => !referenced.has(id) && (started.get(id) ?? -Infinity) < cutoff);
    for (const id of orphans) {
      await this.db.transaction('rw', [this.db.events, this.db.chunks, this.db.segments, this.db.archives], async () => {
        await IndexedDbStorage.deleteRun(this.db, id);
        await this.db.archives.delete(id);
      });
    }
    return orphans;
  }

  async rename(id: string, name: string): Promise<RunSummary> {
    const trimmed = name.trim();
    if (!trimmed) throw new RangeError('A run name cannot be empty.');
    const updated = await this.db.runs.update(id, { name: trimmed });
    if (!updated) throw new RangeError(`No saved run with id "${id}".`);
    return (await this.db.runs.get(id))!;
  }

  /** The run as a zip of the seed's results layout (see run-archive.ts). */
  async exportZip(id: string): Promise<Uint8Array> {
    const saved = await this.open(id);
    if (!saved) throw new RangeError(`No saved run with id "${id}".`);
    const eventsGz: Record<string, Uint8Array> = {};
    const eventCounts: Record<string, number> = {};
    for (const cid of saved.result.containerIds) {
      const n = saved.summary.containers[cid]?.eventCount ?? 0;
      if (n === 0) continue;
      eventsGz[cid] = await this.eventsOf(id, saved.result, cid).toJsonlGz();
      eventCounts[cid] = n;
    }
    return zipRunArchive(
      {
        name: saved.summary.name,
        createdAt: saved.summary.createdAt,
        datasetId: saved.summary.datasetId,
        configText: saved.configText,
        result: saved.result,
        ...(saved.userStrategies ? { userStrategies: saved.userStrategies } : {}),
      },
      { eventsGz, eventCounts },
    );
  }

  /** Validates and saves an exported run as a new history entry; a foreign zip gets a clear error. */
  async importZip(bytes: Uint8Array, options: { name?: string } = {}): Promise<ImportRunResult> {
    const read = readRunArchive(bytes);
    if (!read.ok) return read;
    const { archive } = read;
    // Markers of another studio's IndexedDB mean nothing here: the zip carries the events themselves.
    for (const c of Object.values(archive.result.containers)) delete c.archive;
    const summary = await this.save({
      configText: archive.configText,
      result: archive.result,
      datasetId: archive.datasetId,
      name: options.name ?? archive.name,
      createdAt: archive.createdAt,
      ...(archive.userStrategies ? { userStrategies: archive.userStrategies } : {}),
    });
    return { ok: true, summary };
  }
}
