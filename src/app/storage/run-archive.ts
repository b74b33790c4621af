// A saved run as the seed's results layout, zipped: `<container>/metrics.json` (the headless
// runner's shape: snake_case, non-finite numbers as null), `trades.json`, `equity.json`,
// `events.jsonl.gz`, plus `run.json` (config text, dataset id, meta, and what each null stood
// for so import restores it exactly). Pure (fflate only, no Dexie, no DOM): Node uses it too.
import { Gunzip, gzipSync, strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { concatBytes } from './concat-bytes';
import type { ContainerType } from '../../core/config/studio-config';
import type { TradingEvent } from '../../core/events';
import type { ClosedTrade, MetricsSnapshot } from '../../core/metrics-snapshot';
import { toSnakeCase } from '../../core/metrics-to-json';
import type { TraceSettings } from '../../core/trace-settings';
import type { BacktestResult, ContainerMemory, ContainerResult, EquityPoint } from '../../engine/backtest-result';
import { RunArchiveError } from './run-archive-error';
import { decodeEquityNpy, encodeEquityNpy } from './equity-npy';

export { RunArchiveError };

export const RUN_ARCHIVE_FORMAT = 'event-studio-run';
export const RUN_ARCHIVE_VERSION = 1;

/** What a zip holds: one run with everything needed to show it again. */
export interface RunArchive {
  name: string;
  createdAt: number;
  datasetId: string;
  configText: string;
  /** With each container's traced events. */
  result: BacktestResult;
  /** Sources of the `user:<name>` strategies the run used (run.json and strategies/<name>.ts). */
  userStrategies?: { name: string; source: string }[];
}


export type RunArchiveReadResult = { ok: true; archive: RunArchive } | { ok: false; error: RunArchiveError };

interface RunJsonContainer {
  dir: string;
  type: ContainerType;
  traceSettings: TraceSettings;
  memory: ContainerMemory;
  eventsDropped: number;
  eventCount: number;
  hasMetrics: boolean;
  hasEquityCurve: boolean;
  /** JSON path (`a/b/0`) → 'Infinity' | '-Infinity' | 'NaN' for numbers written as null, per file. */
  nonFinite: Record<string, Record<string, string>>;
}

interface RunJson {
  format: string;
  version: number;
  name: string;
  createdAt: number;
  createdAtIso: string;
  datasetId: string;
  configText: string;
  userStrategies?: { name: string; source: string }[];
  run: {
    runId: string;
    configName: string;
    datasetId: string;
    startTime: number;
    endTime: number;
    barsProcessed: number;
    eventsPublished: number;
    containerIds: string[];
    /** The sweep point's parameters, when the run was one. */
    params?: Record<string, number | string | boolean>;
    /** A multi-phase sweep point's container-id suffix ('final_2'). */
    containerSuffix?: string;
    warnings?: string[];
  };
  containers: Record<string, RunJsonContainer>;
}

// ---- writing -----------------------------------------------------------------------------

export interface EncodeRunOptions {
  /** Already gzipped events.jsonl per container (e.g. IndexedDB chunks); used instead of result events. */
  eventsGz?: Record<string, Uint8Array>;
  /** Event counts for `eventsGz` containers (run.json records them). */
  eventCounts?: Record<string, number>;
  /**
   * Containers whose events.jsonl.gz was already written elsewhere (the headless runner streams
   * it during the run) → how many events it holds. No events file is produced for them.
   */
  eventsWritten?: Record<string, number>;
  /**
   * How equity curves are written: 'json' (default) equity.json, one object per point;
   * 'npy' equity.npy, a NumPy record array (the headless runner: no number formatting, exact).
   */
  equityFormat?: 'json' | 'npy';
}

/** The results folder as a map path → bytes (what the zip holds, what the runner writes to disk). */
export function encodeRunFiles(archive: RunArchive, options: EncodeRunOptions = {}): Record<string, Uint8Array> {
  const { result } = archive;
  const files: Record<string, Uint8Array> = {};
  const containers: Record<string, RunJsonContainer> = {};
  const usedDirs = new Set<string>();
  for (const cid of result.containerIds) {
    const c = result.containers[cid];
    if (!c) throw new RunArchiveError(`Container "${cid}" is listed in containerIds but has no result.`);
    const dir = uniqueDir(cid, usedDirs);
    const nonFinite: Record<string, Record<string, string>> = {};
    const put = (name: string, value: unknown) => {
      const found: Record<string, string> = {};
      const json = JSON.stringify(finiteOnly(value, found), null, 2) + '\n';
      if (Object.keys(found).length) nonFinite[name] = found;
      files[`${dir}/${name}`] = strToU8(json);
    };
    let eventCount = c.events.length;
    const gz = options.eventsGz?.[cid];
    const elsewhere = options.eventsWritten?.[cid];
    if (elsewhere !== undefined) {
      eventCount = elsewhere;
    } else if (gz && gz.length) {
      files[`${dir}/events.jsonl.gz`] = gz;
      eventCount = options.eventCounts?.[cid] ?? eventCount;
    } else if (c.events.length) {
      files[`${dir}/events.jsonl.gz`] = gzipSync(strToU8(c.events.map((e) => JSON.stringify(e)).join('\n') + '\n'));
    }
    put('metrics.json', metricsFile(result, c, eventCount));
    put('trades.json', c.trades.map((t) => snakeKeys(t)));
    if (c.equityCurve) {
      if (options.equityFormat === 'npy') files[`${dir}/equity.npy`] = encodeEquityNpy(c.equityCurve);
      else put('equity.json', c.equityCurve.map((p) => snakeKeys(p)));
    }
    containers[cid] = {
      dir,
      type: c.type,
      traceSettings: c.traceSettings,
      memory: c.memory,
      eventsDropped: c.eventsDropped,
      eventCount,
      hasMetrics: c.metrics !== undefined,
      hasEquityCurve: c.equityCurve !== undefined,
      nonFinite,
    };
  }
  const runJson: RunJson = {
    format: RUN_ARCHIVE_FORMAT,
    version: RUN_ARCHIVE_VERSION,
    name: archive.name,
    createdAt: archive.createdAt,
    createdAtIso: new Date(archive.createdAt).toISOString(),
    datasetId: archive.datasetId,
    configText: archive.configText,
    ...(archive.userStrategies?.length ? { userStrategies: archive.userStrategies.map((u) => ({ name: u.name, source: u.source })) } : {}),
    run: {
      runId: result.runId,
      configName: result.configName,
      datasetId: result.datasetId,
      startTime: result.startTime,
      endTime: result.endTime,
      barsProcessed: result.barsProcessed,
      eventsPublished: result.eventsPublished,
      containerIds: [...result.containerIds],
      ...(result.params ? { params: { ...result.params } } : {}),
      ...(result.containerSuffix ? { containerSuffix: result.containerSuffix } : {}),
      ...(result.warnings ? { warnings: [...result.warnings] } : {}),
    },
    containers,
  };
  files['run.json'] = strToU8(JSON.stringify(runJson, null, 2) + '\n');
  files['config.yaml'] = strToU8(archive.configText);
  // Readable copies beside config.yaml (run.json is what is read back).
  for (const u of archive.userStrategies ?? []) files[`strategies/${u.name}.ts`] = strToU8(u.source);
  return files;
}

export function zipRunArchive(archive: RunArchive, options: EncodeRunOptions = {}): Uint8Array {
  const files = encodeRunFiles(archive, options);
  const zippable: Zippable = {};
  // Already-gzipped members are stored, not deflated again.
  for (const [path, data] of Object.entries(files)) zippable[path] = path.endsWith('.gz') ? [data, { level: 0 }] : data;
  // Zip timestamps cover 1980–2099 only; outside it fflate's default (now) is used.
  const year = new Date(archive.createdAt).getUTCFullYear();
  return zipSync(zippable, { level: 6, ...(year >= 1981 && year <= 2098 ? { mtime: archive.createdAt } : {}) });
}

// ---- reading -----------------------------------------------------------------------------

/** Reads a zip made by zipRunArchive (or a zipped results folder with run.json); never throws. */
export function readRunArchive(bytes: Uint8Array): RunArchiveReadResult {
  try {
    return { ok: true, archive: unzipRunArchive(bytes) };
  } catch (error) {
    if (error instanceof RunArchiveError) return { ok: false, error };
    return { ok: false, error: new RunArchiveError(`Could not read the run archive: ${(error as Error).message}`) };
  }
}

/** Throws RunArchiveError naming the file (and line) at fault. */
export function unzipRunArchive(bytes: Uint8Array): RunArchive {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new RunArchiveError(`This file is not a zip archive (${(error as Error).message}). Choose a run exported from Event Studio (.zip).`);
  }
  return decodeRunFiles(files);
}

/** Rebuilds a run from its files (zip entries or a results folder read from disk). */
export function decodeRunFiles(input: Record<string, Uint8Array>): RunArchive {
  const files = rootedAtRunJson(input);
  const runJson = parseJson(files, 'run.json') as Partial<RunJson>;
  if (!isObject(runJson)) throw new RunArchiveError('must hold a JSON object.', { file: 'run.json' });
  if (runJson.format !== RUN_ARCHIVE_FORMAT) {
    throw new RunArchiveError(`this is not an Event Studio run (format is ${JSON.stringify(runJson.format)}, expected "${RUN_ARCHIVE_FORMAT}").`, { file: 'run.json' });
  }
  if (typeof runJson.version !== 'number' || runJson.version > RUN_ARCHIVE_VERSION) {
    throw new RunArchiveError(`was written by a newer Event Studio (archive version ${String(runJson.version)}); this version reads up to ${RUN_ARCHIVE_VERSION}. Update the studio.`, { file: 'run.json' });
  }
  const field = <T>(path: string, ok: (v: unknown) => boolean, what: string): T => {
    let v: unknown = runJson;
    for (const k of path.split('.')) v = isObject(v) ? v[k] : undefined;
    if (!ok(v)) throw new RunArchiveError(`field "${path}" must be ${what}.`, { file: 'run.json' });
    return v as T;
  };
  const name = field<string>('name', isString, 'a string');
  const createdAt = field<number>('createdAt', isNumber, 'a number (ms since epoch)');
  const datasetId = field<string>('datasetId', isString, 'a string');
  const configText = field<string>('configText', isString, 'the config YAML text');
  const userStrategies = field<{ name: string; source: string }[] | undefined>(
    'userStrategies',
    (v) => v === undefined || (Array.isArray(v) && v.every((u) => isObject(u) && isString(u.name) && isString(u.source))),
    'a list of {name, source} strategies',
  );
  const run = {
    runId: field<string>('run.runId', isString, 'a string'),
    configName: field<string>('run.configName', isString, 'a string'),
    datasetId: field<string>('run.datasetId', isString, 'a string'),
    startTime: field<number>('run.startTime', isNumber, 'a number'),
    endTime: field<number>('run.endTime', isNumber, 'a number'),
    barsProcessed: field<number>('run.barsProcessed', isNumber, 'a number'),
    eventsPublished: field<number>('run.eventsPublished', isNumber, 'a number'),
    containerIds: field<string[]>('run.containerIds', (v) => Array.isArray(v) && v.every(isString), 'an array of container ids'),
  };
  const params = field<Record<string, number | string | boolean> | undefined>(
    'run.params',
    (v) => v === undefined || (isObject(v) && Object.values(v).every((x) => isNumber(x) || isString(x) || typeof x === 'boolean')),
    'an object of parameter values (numbers, strings or booleans)',
  );
  const containerSuffix = field<string | undefined>('run.containerSuffix', (v) => v === undefined || isString(v), 'a string');
  const warnings = field<string[] | undefined>('run.warnings', (v) => v === undefined || (Array.isArray(v) && v.every(isString)), 'an array of strings');
  const metaOf = field<Record<string, RunJsonContainer>>('containers', isObject, 'an object keyed by container id');

  const containers: Record<string, ContainerResult> = {};
  for (const cid of run.containerIds) {
    const meta = metaOf[cid];
    if (!isObject(meta) || !isString(meta.dir)) throw new RunArchiveError(`field "containers.${cid}" is missing or has no "dir".`, { file: 'run.json' });
    const dir = meta.dir;
    const read = (name: string, required: boolean): unknown => {
      const path = `${dir}/${name}`;
      if (!(path in files)) {
        if (required) throw new RunArchiveError(`is missing from the archive (container "${cid}").`, { file: path });
        return undefined;
      }
      const value = parseJson(files, path);
      return restoreNonFinite(value, meta.nonFinite?.[name] ?? {});
    };
    const metricsJson = metricsOf(read('metrics.json', true), `${dir}/metrics.json`);
    const tradesJson = read('trades.json', false) ?? [];
    if (!Array.isArray(tradesJson)) throw new RunArchiveError('must be an array of trades.', { file: `${dir}/trades.json` });
    const trades = tradesJson.map((t, i) => {
      if (!isObject(t) || !isString(t.id) || !isNumber(t.pnl) || !isString(t.symbol)) {
        throw new RunArchiveError(`trade ${i + 1} must be an object with at least "id", "symbol" and "pnl".`, { file: `${dir}/trades.json` });
      }
      return camelKeys(t) as unknown as ClosedTrade;
    });
    // equity.npy (the headless runner's) or equity.json (the studio's zips, older folders).
    const npyPath = `${dir}/equity.npy`;
    const equityJson = npyPath in files ? undefined : read('equity.json', false);
    let equityCurve: EquityPoint[] | undefined;
    if (npyPath in files) equityCurve = decodeEquityNpy(files[npyPath]!, npyPath);
    else if (equityJson !== undefined || meta.hasEquityCurve) {
      if (!Array.isArray(equityJson)) throw new RunArchiveError('must be an array of {timestamp, equity, cash, drawdown}.', { file: `${dir}/equity.json` });
      equityCurve = equityJson.map((p, i) => {
        if (!isObject(p) || !isNumber(p.timestamp) || !isNumber(p.equity)) {
          throw new RunArchiveError(`point ${i + 1} must have numeric "timestamp" and "equity".`, { file: `${dir}/equity.json` });
        }
        return camelKeys(p) as unknown as EquityPoint;
      });
    }
    containers[cid] = {
      containerId: cid,
      type: meta.type,
      ...(metricsJson && meta.hasMetrics !== false ? { metrics: camelKeys(metricsJson) as MetricsSnapshot } : {}),
      trades,
      ...(equityCurve ? { equityCurve } : {}),
      events: readEvents(files, `${dir}/events.jsonl.gz`),
      eventsDropped: isNumber(meta.eventsDropped) ? meta.eventsDropped : 0,
      traceSettings: meta.traceSettings,
      memory: meta.memory,
    };
  }
  return {
    name,
    createdAt,
    datasetId,
    configText,
    result: { ...run, containers, ...(params ? { params } : {}), ...(containerSuffix ? { containerSuffix } : {}), ...(warnings ? { warnings } : {}) },
    ...(userStrategies?.length ? { userStrategies: userStrategies.map((u) => ({ name: u.name, source: u.source })) } : {}),
  };
}

/** Events of a container from events.jsonl.gz (plain .jsonl accepted too); [] when absent. */
function readEvents(files: Record<string, Uint8Array>, path: string): TradingEvent[] {
  let text: string;
  if (path in files) {
    try {
      text = strFromU8(gunzipAll(files[path]!));
    } catch (error) {
      throw new RunArchiveError(`is not a valid gzip file (${(error as Error).message}).`, { file: path });
    }
  } else {
    const plain = path.replace(/\.gz$/, '');
    if (!(plain in files)) return [];
    text = strFromU8(files[plain]!);
    path = plain;
  }
  const events: TradingEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch (error) {
      throw new RunArchiveError(`is not valid JSON (${(error as Error).message}).`, { file: path, line: i + 1 });
    }
    if (!isObject(e) || !isString(e.eventId) || !isString(e.type) || !isNumber(e.timestamp)) {
      throw new RunArchiveError('is not an event (needs "eventId", "type" and a numeric "timestamp").', { file: path, line: i + 1 });
    }
    events.push(e as unknown as TradingEvent);
  }
  return events;
}

/**
 * Every member of a gzip stream: events.jsonl.gz files are written one gzip member per flushed
 * batch (JsonlGzWriter, IndexedDB chunks), and fflate's gunzipSync stops after the first.
 */
export function gunzipAll(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const gunzip = new Gunzip((chunk) => parts.push(chunk));
  gunzip.push(bytes, true);
  return concatBytes(parts);
}

/** Accepts run.json at the top or inside one folder (a zipped results directory). */
function rootedAtRunJson(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const names = Object.keys(files).filter((n) => !n.endsWith('/'));
  if ('run.json' in files) return files;
  const nested = names.filter((n) => /^[^/]+\/run\.json$/.test(n));
  if (nested.length === 1) {
    const prefix = nested[0]!.slice(0, -'run.json'.length);
    const out: Record<string, Uint8Array> = {};
    for (const n of names) if (n.startsWith(prefix)) out[n.slice(prefix.length)] = files[n]!;
    return out;
  }
  const shown = names.slice(0, 8).join(', ') + (names.length > 8 ? `, … (${names.length} files)` : '');
  throw new RunArchiveError(
    `Not an Event Studio run archive: run.json is missing (the zip holds ${names.length ? shown : 'no files'}). ` +
      'Import a zip made with "Export run", or a zipped results folder that contains run.json.',
  );
}

function parseJson(files: Record<string, Uint8Array>, path: string): unknown {
  const bytes = files[path];
  if (!bytes) throw new RunArchiveError('is missing from the archive.', { file: path });
  const text = strFromU8(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const m = /position (\d+)/.exec((error as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new RunArchiveError(`is not valid JSON (${(error as Error).message}).`, { file: path, line });
  }
}

// ---- helpers -----------------------------------------------------------------------------

/** The headless runner's metrics.json (src/node/run-headless.ts), trades kept in trades.json. */
function metricsFile(result: BacktestResult, c: ContainerResult, eventsWritten: number): Record<string, unknown> {
  const byReason: Record<string, number> = {};
  for (const t of c.trades) byReason[t.reason] = (byReason[t.reason] ?? 0) + 1;
  return {
    container_id: c.containerId,
    type: c.type,
    run_id: result.runId,
    config_name: result.configName,
    dataset_id: result.datasetId,
    start_time: isoOrNull(result.startTime),
    end_time: isoOrNull(result.endTime),
    bars_processed: result.barsProcessed,
    metrics: c.metrics ? snakeKeys(c.metrics) : null,
    trades_summary: {
      count: c.metrics?.totalTrades ?? c.trades.length,
      stored: c.trades.length,
      by_reason: byReason,
      first_entry_time: c.trades.length ? isoOrNull(c.trades[0]!.entryTime) : null,
      last_exit_time: c.trades.length ? isoOrNull(c.trades[c.trades.length - 1]!.exitTime) : null,
    },
    memory: snakeKeys(c.memory),
    events_dropped: c.eventsDropped,
    events_written: eventsWritten,
    trace_settings: snakeKeys({ ...c.traceSettings, storageConfig: snakeKeys(c.traceSettings.storageConfig) }),
  };
}

function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * The snake_case metrics of a metrics.json: the runner's shape (`metrics` inside, null for a
 * container without metrics) or a flat object of numbers; undefined when it has none.
 */
function metricsOf(json: unknown, file: string): Record<string, unknown> | undefined {
  if (!isObject(json)) throw new RunArchiveError('must hold a JSON object.', { file });
  const flat = 'container_id' in json || 'metrics' in json ? json.metrics : json;
  if (flat === null || flat === undefined) return undefined;
  if (!isObject(flat) || Object.values(flat).some((v) => v !== null && typeof v !== 'number')) {
    throw new RunArchiveError('"metrics" must be an object of numbers (null for non-finite values).', { file });
  }
  return Object.keys(flat).length ? flat : undefined;
}

function uniqueDir(containerId: string, used: Set<string>): string {
  let dir = /^[A-Za-z0-9_.-]+$/.test(containerId) && containerId !== '.' && containerId !== '..' ? containerId : encodeURIComponent(containerId).replace(/\./g, '%2E');
  while (used.has(dir)) dir += '_';
  used.add(dir);
  return dir;
}

/**
 * Replaces non-finite numbers by null, recording JSON path → what they were. The path is a
 * stack joined only for a non-finite number: building a path string for every value cost
 * more than the JSON text itself on a run's trades.
 */
function finiteOnly(value: unknown, found: Record<string, string>, path: string[] = []): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    found[path.join('/')] = String(value);
    return null;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      // A hole stays a hole (JSON.stringify writes null for it either way).
      if (!(i in value)) continue;
      path.push(String(i));
      out[i] = finiteOnly(value[i], found, path);
      path.pop();
    }
    return out;
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const v = value[k];
      if (v === undefined) continue;
      path.push(k);
      out[k] = finiteOnly(v, found, path);
      path.pop();
    }
    return out;
  }
  return value;
}

function restoreNonFinite(value: unknown, found: Record<string, string>): unknown {
  for (const [path, text] of Object.entries(found)) {
    const keys = path.split('/');
    let at: unknown = value;
    for (const k of keys.slice(0, -1)) at = isObject(at) || Array.isArray(at) ? (at as Record<string, unknown>)[k] : undefined;
    const last = keys[keys.length - 1]!;
    if ((isObject(at) || Array.isArray(at)) && (at as Record<string, unknown>)[last] === null) {
      (at as Record<string, unknown>)[last] = text === 'Infinity' ? Infinity : text === '-Infinity' ? -Infinity : NaN;
    }
  }
  return value;
}

/** snake_case names by camelCase name: a trades file asks for the same dozen names per trade. */
const snakeNames = new Map<string, string>();

function snakeKeys(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    let snake = snakeNames.get(k);
    if (snake === undefined) {
      snake = toSnakeCase(k);
      // Bounded: names come from results (and user params), not from a fixed list.
      if (snakeNames.size >= 1024) snakeNames.clear();
      snakeNames.set(k, snake);
    }
    out[snake] = (obj as Record<string, unknown>)[k];
  }
  return out;
}

function camelKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isString(v: unknown): v is string {
  return typeof v === 'string';
}
function isNumber(v: unknown): v is number {
  return typeof v === 'number';
}
