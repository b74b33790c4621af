// The studio's one IndexedDB database (Dexie 4). Every schema version stays declared
// forever, each with its upgrade, so a browser holding any older database migrates in place.
//
// Upgrade path (add a version, never edit a shipped one):
//   v1  baseline: events (uncompressed rows), segments, runs (whole BacktestResult on the row),
//       configs, datasets.
//   v2  runs keep a summary only; heavy fields move to runDetails and traced events move into
//       the events table (so listing runs never loads trades or events); dataset CSV text moves
//       to datasetTexts (listing datasets never loads a CSV); adds chunks (gzip-compressed event
//       batches), strategies, and an event-time index for timeline windows.
//   v3  adds archives (when a worker began streaming a run's events: orphans of cancelled or
//       unsaved runs can be told from runs in flight) and runs.archiveIds (the archives a saved
//       run refers to, read without loading its details); the upgrade fills archiveIds. Adds
//       sweeps (the last sweep's ranked table, shown again after a reload).
//   v4+ declare `this.version(4).stores({...changed tables only}).upgrade(tx => …)` below and
//       add a test in studio-db.test.ts that opens a v3 database with the new code.
import type { BarSeries } from '../../engine/bar';
import { Dexie, type Table, type Transaction } from 'dexie';
import type { TradingEvent } from '../../core/events';
import type { BacktestResult } from '../../engine/backtest-result';
import type { MetricsSnapshot } from '../../core/metrics-snapshot';
import type { ContainerType } from '../../core/config/studio-config';

/** One traced event stored uncompressed (storage_config.compression: false). */
export interface EventRow {
  id?: number;
  runId: string;
  /** The tracing container whose storage wrote it (the results folder it belongs to). */
  containerId: string;
  /** event.sequence, or the storage's own counter when the event had none. */
  seq: number;
  type: string;
  correlationId?: string;
  timestamp: number;
  segmentNo: number;
  /** JSON size of the event, counted against max_file_size_mb. */
  bytes: number;
  event: TradingEvent;
}

/** One gzip member holding a batch of events as JSON lines (storage_config.compression: true). */
export interface ChunkRow {
  runId: string;
  containerId: string;
  chunkNo: number;
  segmentNo: number;
  minSeq: number;
  maxSeq: number;
  /** Event-time bounds, so time-window queries skip chunks without decompressing them. */
  minTs: number;
  maxTs: number;
  eventCount: number;
  byteSize: number;
  data: Uint8Array;
  /** `${runId}\u001f${containerId}\u001f${correlationId}` for every correlation inside (multi-entry index). */
  corrKeys: string[];
  /** `${runId}\u001f${containerId}\u001f${type}` for every event type inside. */
  typeKeys: string[];
}

/** A logical file: what `<container>/events.jsonl.gz`, `events.1.jsonl.gz` … are on disk. */
export interface SegmentRow {
  runId: string;
  containerId: string;
  segmentNo: number;
  compressed: boolean;
  byteSize: number;
  eventCount: number;
  minSeq: number;
  maxSeq: number;
}

export interface RunContainerSummary {
  type: ContainerType;
  metrics?: MetricsSnapshot;
  tradeCount: number;
  /** Traced events stored for the container (in the events/chunks tables). */
  eventCount: number;
  eventsDropped: number;
  equityPoints: number;
}

/** What the run list shows: no trades, equity or events. */
export interface RunRow {
  id: string;
  name: string;
  createdAt: number;
  datasetId: string;
  configName: string;
  /** The engine's deterministic run id (prefix of its event ids). */
  engineRunId: string;
  startTime: number;
  endTime: number;
  barsProcessed: number;
  eventsPublished: number;
  containerIds: string[];
  containers: Record<string, RunContainerSummary>;
  /** Event archives (a worker's streamed runs) this run's containers refer to. */
  archiveIds?: string[];
}

/** A sweep's table as the studio showed it (its points' metrics, not their runs). */
export interface SweepRow {
  id: string;
  savedAt: number;
  sweep: unknown;
}

/** An event archive a worker began writing (storage_backend disk/hierarchical), keyed like its events. */
export interface ArchiveRow {
  runId: string;
  /** Wall-clock ms when its first container opened: an unreferenced archive this old is an orphan. */
  createdAt: number;
}

/** The heavy part of a run: config text and the result without its events. */
export interface RunDetailsRow {
  runId: string;
  configText: string;
  result: BacktestResult;
  /** Sources of the `user:` strategies the run used, so it can be repeated after they change. */
  userStrategies?: { name: string; source: string }[];
}

export interface ConfigRow {
  /** 'working' (the editor's text), 'last-good' (last text that parsed) or 'saved:<name>'. */
  id: string;
  name: string;
  text: string;
  updatedAt: number;
}

export interface DatasetSummary {
  symbols: string[];
  timeframe?: string;
  rows: number;
  firstTimestamp?: number;
  lastTimestamp?: number;
  columns?: string[];
}

/** An imported CSV's metadata; its text lives in datasetTexts so listing datasets stays light. */
export interface DatasetRow {
  id: string;
  name: string;
  summary: DatasetSummary;
  createdAt: number;
  byteSize: number;
}

export interface DatasetTextRow {
  id: string;
  text: string;
  /** A big import's File (text is then ''): read back only when shared. */
  blob?: Blob;
  /** The parsed bars as columns (structured-cloned Float64Arrays: 48 bytes a bar); absent on rows from before. */
  series?: BarSeries[];
}

/** The v1 dataset row: text on the row. Read only by the v2 upgrade. */
export interface DatasetRowV1 extends DatasetRow {
  text: string;
}

export interface StrategyRow {
  id: string;
  name: string;
  source: string;
  updatedAt: number;
}

/** The v1 run row: the whole result, events included, on the row. Read only by the v2 upgrade. */
export interface RunRowV1 {
  id: string;
  name: string;
  createdAt: number;
  datasetId: string;
  configText: string;
  result: BacktestResult;
}

export const STUDIO_DB_NAME = 'event-studio';
export const STUDIO_DB_VERSION = 3;

export interface StudioDbOptions {
  /** Declare versions up to this one only (tests open an old schema with it). */
  upToVersion?: number;
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export class StudioDb extends Dexie {
  events!: Table<EventRow, number>;
  chunks!: Table<ChunkRow, [string, string, number]>;
  segments!: Table<SegmentRow, [string, string, number]>;
  runs!: Table<RunRow, string>;
  runDetails!: Table<RunDetailsRow, string>;
  configs!: Table<ConfigRow, string>;
  datasets!: Table<DatasetRow, string>;
  datasetTexts!: Table<DatasetTextRow, string>;
  strategies!: Table<StrategyRow, string>;
  archives!: Table<ArchiveRow, string>;
  sweeps!: Table<SweepRow, string>;

  constructor(name = STUDIO_DB_NAME, options: StudioDbOptions = {}) {
    // Only pass what was given: an explicit `undefined` would hide the global indexedDB.
    super(name, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    });
    const upTo = options.upToVersion ?? STUDIO_DB_VERSION;

    this.version(1).stores({
      events: '++id, runId, [runId+containerId+seq], [runId+containerId+correlationId], [runId+containerId+type]',
      segments: '[runId+containerId+segmentNo], runId',
      runs: 'id, createdAt, name',
      configs: 'id',
      datasets: 'id, name, createdAt',
    });
    if (upTo < 2) return;

    this.version(2)
      .stores({
        events: '++id, runId, [runId+containerId+seq], [runId+containerId+correlationId], [runId+containerId+type], [runId+containerId+timestamp]',
        chunks: '[runId+containerId+chunkNo], runId, [runId+containerId+segmentNo], *corrKeys, *typeKeys',
        runs: 'id, createdAt, name, datasetId',
        runDetails: 'runId',
        strategies: 'id, name, updatedAt',
        datasetTexts: 'id',
      })
      .upgrade(async (tx) => {
        await migrateV1RunsToV2(tx);
        await migrateV1DatasetsToV2(tx);
      });
    if (upTo < 3) return;

    this.version(3)
      .stores({ archives: 'runId, createdAt', sweeps: 'id' })
      .upgrade(async (tx) => {
        const runs = tx.table<RunRow, string>('runs');
        for (const detail of await tx.table<RunDetailsRow, string>('runDetails').toArray()) {
          const archiveIds = archiveIdsOf(detail.result);
          if (archiveIds.length > 0) await runs.update(detail.runId, { archiveIds });
        }
      });
  }
}

/** The event archives a result's containers refer to (their `archive` markers). */
export function archiveIdsOf(result: BacktestResult): string[] {
  return [...new Set(Object.values(result.containers).flatMap((c) => (c?.archive ? [c.archive.runId] : [])))];
}

/** JSON byte size of an event — what it weighs in a .jsonl file. */
export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  // Almost always ASCII: one native scan, no per-character loop in JS.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

const NON_ASCII = /[^ -~\t\n\r]/;

/** Builds the run list's summary of a result (events counted, not kept). */
export function summarizeRun(
  id: string,
  name: string,
  createdAt: number,
  datasetId: string,
  result: BacktestResult,
  eventCounts: Record<string, number>,
): RunRow {
  const containers: Record<string, RunContainerSummary> = {};
  for (const cid of result.containerIds) {
    const c = result.containers[cid];
    if (!c) continue;
    containers[cid] = {
      type: c.type,
      ...(c.metrics ? { metrics: c.metrics } : {}),
      tradeCount: c.trades.length,
      eventCount: eventCounts[cid] ?? 0,
      eventsDropped: c.eventsDropped,
      equityPoints: c.equityCurve?.length ?? 0,
    };
  }
  const archiveIds = archiveIdsOf(result);
  return {
    id,
    name,
    createdAt,
    datasetId,
    ...(archiveIds.length > 0 ? { archiveIds } : {}),
    configName: result.configName,
    engineRunId: result.runId,
    startTime: result.startTime,
    endTime: result.endTime,
    barsProcessed: result.barsProcessed,
    eventsPublished: result.eventsPublished,
    containerIds: [...result.containerIds],
    containers,
  };
}

/** v1 → v2: split each run row into summary + details, move its events into the events table. */
async function migrateV1RunsToV2(tx: Transaction): Promise<void> {
  const runs = tx.table<RunRowV1 | RunRow, string>('runs');
  const details = tx.table<RunDetailsRow, string>('runDetails');
  const events = tx.table<EventRow, number>('events');
  const segments = tx.table<SegmentRow, [string, string, number]>('segments');
  const old = (await runs.toArray()).filter((r): r is RunRowV1 => 'result' in r);
  for (const run of old) {
    const counts: Record<string, number> = {};
    const stripped: BacktestResult = { ...run.result, containers: {} };
    for (const [cid, c] of Object.entries(run.result.containers)) {
      stripped.containers[cid] = { ...c, events: [] };
      counts[cid] = c.events.length;
      if (c.events.length === 0) continue;
      let last = 0;
      let bytes = 0;
      const rows: EventRow[] = c.events.map((event) => {
        const seq = event.sequence ?? last + 1;
        last = Math.max(last, seq);
        const b = jsonBytes(event);
        bytes += b;
        return {
          runId: run.id,
          containerId: cid,
          seq,
          type: event.type,
          ...(event.correlationId !== undefined ? { correlationId: event.correlationId } : {}),
          timestamp: event.timestamp,
          segmentNo: 0,
          bytes: b,
          event,
        };
      });
      await events.bulkAdd(rows);
      await segments.put({
        runId: run.id,
        containerId: cid,
        segmentNo: 0,
        compressed: false,
        byteSize: bytes,
        eventCount: rows.length,
        minSeq: rows[0]!.seq,
        maxSeq: last,
      });
    }
    await details.put({ runId: run.id, configText: run.configText, result: stripped });
    await runs.put(summarizeRun(run.id, run.name, run.createdAt, run.datasetId, run.result, counts));
  }
}

/** v1 → v2: a dataset's CSV text moves off the row into datasetTexts. */
async function migrateV1DatasetsToV2(tx: Transaction): Promise<void> {
  const datasets = tx.table<DatasetRowV1 | DatasetRow, string>('datasets');
  const texts = tx.table<DatasetTextRow, string>('datasetTexts');
  for (const row of await datasets.toArray()) {
    if (!('text' in row)) continue;
    const { text, ...meta } = row;
    await texts.put({ id: row.id, text });
    await datasets.put(meta);
  }
}
