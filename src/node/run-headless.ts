// The headless runner behind `npm run backtest` (CONTRACT §8): reads a YAML config
// and bars (bundled dataset or --data CSVs), runs the same engine as the studio and
// writes the seed's results layout, <out>/<containerId>/metrics.json for every traced
// container and events.jsonl.gz where its tracing keeps events. Returns the exit code
// (0 ok, 1 run error, 2 invalid config/data/args) so it is testable without a process.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { StudioConfig } from '../core/config/studio-config';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import type { EventQuery, EventStorage } from '../core/event-storage';
import type { TradingEvent } from '../core/events';
import type { TraceSettings } from '../core/trace-settings';
import type { BarSeries, Dataset } from '../engine/bar';
import type { BacktestResult } from '../engine/backtest-result';
import { BacktestAbortedError } from '../engine/backtest-aborted-error';
import { BacktestConfigError } from '../engine/backtest-config-error';
import { DataSelectionError } from '../engine/bar-stream';
import type { CsvBarError } from '../engine/data/csv-bars';
import { readCsvColumns } from './read-csv-columns';
import { generateSyntheticBars } from '../engine/data/synthetic-bars';
import { parseSyntheticBarsOptions } from '../engine/data/synthetic-bars-options';
import { BUNDLED_DATASETS } from '../engine/data/bundled-datasets';
import { createBacktestRun, runBacktest } from '../engine/run-backtest';
import { readBundledDataset } from './bundled-data';
import { BACKTEST_USAGE, CliUsageError, parseBacktestArgs } from './cli-args';
import type { BacktestArgs } from './cli-args';
import { JsonlGzWriter } from './jsonl-gz-writer';
import { JsonlWriterThread } from './jsonl-writer-thread';
import { EquityFiles, equityFileName, type EquityFormat, type WrittenEquity } from './equity-files';
import { encodeRunFiles } from '../app/storage/run-archive';
import type { PoolProgress, SweepResult } from '../engine/optimization/pool-protocol';
import { formatSweepTable, skippedPointsText, sweepExitCode } from './queue/format-sweep-table';
import { SweepResultsWriter } from './queue/sweep-results-writer';
import { applyStoragePaths } from './apply-storage-paths';
import { wrapBareEventTracing } from './bare-event-tracing';
import { gzipsEvents } from './events-compression';
import { HierarchicalDiskArchive } from './hierarchical-disk-archive';
import { OutputSession } from './output-session';
import { terminalWriter } from './terminal-text';
import { runSweepHeadless } from './run-sweep';
import { writeReport } from './write-report';
import { ThreadPool } from './pool/thread-pool';
import { metricsToJson } from '../core/metrics-to-json';
import { runWalkForward } from '../engine/walk-forward/run-walk-forward';
import { sweepPoolWalkForwardRunner } from '../engine/walk-forward/sweep-pool-walk-forward-runner';
import type { WalkForwardProgress, WalkForwardResult } from '../engine/walk-forward/walk-forward-result';

export interface HeadlessIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** A progress line (\r updates) only on a terminal. */
  isTTY: boolean;
  /**
   * Wall time of each step of a single run (bench/results.bench.ts times results writing with
   * it); 'events-thread' is the time the events writer thread worked beside the run.
   */
  onPhase?: (phase: 'read' | 'run' | 'write' | 'events' | 'equity' | 'events-thread', ms: number) => void;
  /** Each `storage_backend: hierarchical` container's tiers, as the run creates them (tests observe memory and disk). */
  onHierarchical?: (containerId: string, archive: HierarchicalDiskArchive) => void;
  /**
   * Benchmarks only: read and run exactly as usual — equity curves handed over in blocks, disk
   * containers' events archived — but encode and write nothing. The reference that the cost of
   * results writing is measured against (bench/results.bench.ts), writing on its other thread included.
   */
  discardResults?: boolean;
}

export const EXIT_OK = 0;
export const EXIT_RUN_ERROR = 1;
export const EXIT_INVALID_INPUT = 2;

/** Invalid user input, already formatted as `file:line:column: message` lines. */
class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'InputError';
  }
}

function defaultIo(): HeadlessIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: process.stderr.isTTY === true,
  };
}

/**
 * An archive-only EventStorage over a JsonlGzWriter: the tracer of a `storage_backend:
 * disk` container streams every event it keeps here in batches, so the full record
 * never has to fit in memory. Queries read the in-memory view, not this archive.
 */
class JsonlArchive implements EventStorage {
  // Encoded while the events are still in cache: measured steadier than the tracer's 256
  // (0.86–0.93 µs an event at 32; 0.87 or 1.64 at 256, varying from process to process).
  readonly preferredBatchSize = 32;
  constructor(readonly writer: Pick<JsonlGzWriter, 'write' | 'writeAll' | 'flush' | 'count'>) {}
  append(event: TradingEvent): void {
    this.writer.write(event);
  }
  appendBatch(events: readonly TradingEvent[]): void {
    this.writer.writeAll(events);
  }
  getByCorrelation(_correlationId: string): TradingEvent[] {
    return [];
  }
  query(_query?: EventQuery): TradingEvent[] {
    return [];
  }
  removeCorrelation(_correlationId: string): number {
    return 0;
  }
  count(): number {
    return this.writer.count;
  }
  clear(): void {}
  flush(): void {
    this.writer.flush();
  }
}

/** discardResults: an archive that takes every event as a real one would (same tracer memory window) and keeps none. */
class DroppingWriter {
  count = 0;
  write(_record: unknown): void {
    this.count++;
  }
  writeAll(records: Iterable<unknown>): void {
    for (const _ of records) this.count++;
  }
  flush(): void {}
}

function readConfig(path: string, notes: string[] = []): { config: StudioConfig; text: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError([`${path}: cannot read the config file (${(error as Error).message}).`]);
  }
  const bare = wrapBareEventTracing(text, path);
  if (bare !== null) notes.push(bare.note);
  if (bare !== null) text = bare.text;
  const parsed = parseStudioConfig(text);
  if (!parsed.ok) {
    throw new InputError(parsed.errors.map((e) => `${path}:${e.line}:${e.column}: ${e.message}${e.path ? ` (${e.path})` : ''}`));
  }
  return { config: parsed.config, text };
}

/** Row errors printed per file; the rest are counted (a broken export can fail on every row). */
const MAX_PRINTED_ROW_ERRORS = 50;
const MAX_PRINTED_WARNINGS = 20;

function csvPlace(e: CsvBarError): string {
  return `${e.file}:${e.line}${e.column !== undefined ? ` (column ${e.column})` : ''}`;
}

/** Streams each --data file into columns (readCsvColumns); warnings (spikes, skipped rows) go to stderr with their lines. */
async function readCsvData(paths: readonly string[], symbol: string | undefined, io: HeadlessIo): Promise<Dataset> {
  const series: BarSeries[] = [];
  const errors: string[] = [];
  for (const path of paths) {
    let parsed: Awaited<ReturnType<typeof readCsvColumns>>;
    try {
      parsed = await readCsvColumns(path, { fileName: path, ...(symbol !== undefined ? { symbol } : {}) });
    } catch (error) {
      errors.push(`${path}: cannot read the data file (${(error as Error).message}).`);
      continue;
    }
    for (const w of parsed.warnings.slice(0, MAX_PRINTED_WARNINGS)) io.stderr(`warning: ${csvPlace(w)}: ${w.message}\n`);
    if (parsed.warningCount > MAX_PRINTED_WARNINGS) io.stderr(`warning: … and ${parsed.warningCount - MAX_PRINTED_WARNINGS} more warnings in ${path}.\n`);
    if (!parsed.ok) {
      for (const e of parsed.errors.slice(0, MAX_PRINTED_ROW_ERRORS)) errors.push(`${csvPlace(e)}: ${e.message}`);
      if (parsed.errorCount > MAX_PRINTED_ROW_ERRORS) errors.push(`${path}: … and ${parsed.errorCount - MAX_PRINTED_ROW_ERRORS} more errors (${parsed.errorCount} in all): fix these and run again.`);
      continue;
    }
    for (const s of parsed.series) {
      if (series.some((x) => x.symbol === s.symbol && x.timeframe === s.timeframe)) {
        errors.push(`${path}: ${s.symbol} ${s.timeframe} bars are already loaded from another --data file.`);
      } else series.push(s);
    }
  }
  // Nothing runs on half-read data.
  if (errors.length > 0) throw new InputError(errors);
  const names = paths.map((p) => basename(p));
  return { id: `csv:${names.join('+')}`, name: names.join(', '), source: paths.join(', '), series };
}

function readConfiguredData(config: StudioConfig, configPath: string): Dataset {
  const source = config.data.source;
  if (source === 'synthetic') {
    try {
      return generateSyntheticBars(parseSyntheticBarsOptions(config.data.synthetic ?? {}));
    } catch (error) {
      throw new InputError([`${configPath}: data.synthetic: ${(error as Error).message}`]);
    }
  }
  if (source.startsWith('csv:')) {
    throw new InputError([`${configPath}: data.source '${source}' is a file imported in the studio: pass it here with --data <file.csv>.`]);
  }
  if (!BUNDLED_DATASETS.some((d) => d.id === source)) {
    throw new InputError([
      `${configPath}: data.source '${source}' is not a bundled dataset (${BUNDLED_DATASETS.map((d) => d.id).join(', ')}, synthetic); or pass --data <file.csv>.`,
    ]);
  }
  return readBundledDataset(source);
}

/** Where a container's tracing keeps events for events.jsonl.gz: 'full' retention or a disk backend. */
function keepsEvents(settings: TraceSettings): boolean {
  return settings.enabled && (settings.retentionPolicy === 'full' || settings.storageBackend !== 'memory');
}

function progressLine(io: HeadlessIo): ((p: { barsDone: number; barsTotal: number }) => void) | undefined {
  if (!io.isTTY) return undefined;
  return (p) => {
    const pct = p.barsTotal > 0 ? Math.floor((100 * p.barsDone) / p.barsTotal) : 100;
    io.stderr(`\rbacktest: ${pct}% (${p.barsDone}/${p.barsTotal} bars)`);
  };
}

/** Runs `npm run backtest -- <argv>` and returns its exit code. */
export async function runHeadless(argv: readonly string[], ioOverride: Partial<HeadlessIo> = {}): Promise<number> {
  const raw = { ...defaultIo(), ...ioOverride };
  // Everything printed may quote user text (names, values, paths): escaped at this one boundary.
  const io: HeadlessIo = { ...raw, stdout: terminalWriter(raw.stdout), stderr: terminalWriter(raw.stderr) };
  // Whatever the outcome, the files this run wrote are listed (markers) for the next run to replace.
  const output = new OutputSession((text) => io.stderr(text));
  // Long event streams are written beside the run (started only if a stream grows long).
  const eventsThread = new JsonlWriterThread();
  try {
    return await runHeadlessWith(argv, io, output, eventsThread);
  } finally {
    eventsThread.terminate();
    output.finish();
  }
}

async function runHeadlessWith(argv: readonly string[], io: HeadlessIo, output: OutputSession, eventsThread: JsonlWriterThread): Promise<number> {
  let args: BacktestArgs;
  try {
    args = parseBacktestArgs(argv);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr(`${error.message}\n\n${BACKTEST_USAGE}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw error;
  }
  if (args.help) {
    io.stdout(`${BACKTEST_USAGE}\n`);
    return EXIT_OK;
  }

  let config: StudioConfig;
  let configText: string;
  let data: Dataset;
  let phaseStart = performance.now();
  const phaseDone = (phase: 'read' | 'run' | 'write'): void => {
    const now = performance.now();
    io.onPhase?.(phase, now - phaseStart);
    phaseStart = now;
  };
  try {
    const notes: string[] = [];
    ({ config, text: configText } = readConfig(args.configPath, notes));
    for (const note of notes) io.stderr(note);
    data = args.dataPaths.length > 0 ? await readCsvData(args.dataPaths, args.symbol, io) : readConfiguredData(config, args.configPath);
  } catch (error) {
    return reportInputError(error, io);
  }
  phaseDone('read');
  if (config.optimization?.walkForward !== undefined && !args.noSweep) {
    const code = await runLocalWalkForward(args, config, data, io, output);
    if (code !== EXIT_OK || args.report === undefined) return code;
    return writeReportFile(args.report, config, data, args, io);
  }
  if (config.optimization !== undefined && !args.noSweep) {
    const code = await runLocalSweep(args, config, configText, data, io, output);
    if (code !== EXIT_OK || args.report === undefined) return code;
    return writeReportFile(args.report, config, data, args, io);
  }

  const outDir = resolve(args.outDir);
  // The layout names the file events.jsonl.gz: always gzip, whatever storage_config.compression says.
  const newWriter = (containerId: string, settings: TraceSettings): JsonlGzWriter => {
    output.prepare(outDir);
    // storage_config.compression: false writes events.jsonl, as the browser's export does.
    return new JsonlGzWriter({
      dir: join(outDir, containerId),
      compression: gzipsEvents(config, containerId, args.environment),
      maxFileSizeMb: settings.storageConfig.maxFileSizeMb,
      thread: eventsThread,
    });
  };
  const archives = new Map<string, JsonlGzWriter>();
  const archiveFor = (containerId: string, settings: TraceSettings): JsonlGzWriter => {
    // A second pass (dynamic_rules) starts the container's archive over.
    const previous = archives.get(containerId);
    if (previous !== undefined) for (const f of previous.close()) rmSync(f, { force: true });
    const w = newWriter(containerId, settings);
    archives.set(containerId, w);
    return w;
  };
  // hierarchical: max_events in memory, the oldest spilled to events.jsonl(.gz) as they leave it.
  const tiered = new Map<string, HierarchicalDiskArchive>();
  const tieredFor = (containerId: string, settings: TraceSettings): HierarchicalDiskArchive => {
    output.prepare(outDir);
    // A second pass (dynamic_rules) starts over: the new archive replaces the folder's segments.
    const archive = new HierarchicalDiskArchive({
      dir: join(outDir, containerId),
      maxEvents: settings.maxEvents,
      compression: gzipsEvents(config, containerId, args.environment),
      maxFileSizeMb: settings.storageConfig.maxFileSizeMb,
    });
    tiered.set(containerId, archive);
    io.onHierarchical?.(containerId, archive);
    return archive;
  };

  // Portfolios' equity curves go to equity.npy while the run goes, block by block, not into
  // the result: the curve never sits in memory as a million objects, nor as text.
  const equityFiles = new EquityFiles(outDir, args.equityFormat, () => output.prepare(outDir));
  let result: BacktestResult;
  const onProgress = args.quiet ? undefined : progressLine(io);
  try {
    result = await runBacktest(config, data, {
      equityCurveSink: io.discardResults === true ? () => ({ write: () => undefined }) : equityFiles.sinkFor,
      ...(args.environment !== undefined ? { environment: args.environment } : {}),
      ...(onProgress !== undefined ? { onProgress, progressEvery: 50_000 } : {}),
      // Disk containers stream to events.jsonl.gz while the run goes, not from memory afterwards.
      // hierarchical: the core's HierarchicalStorage (as in the browser, IndexedDB there) keeps
      // max_events in memory and spills the oldest to the file as they leave it.
      storageFor: (id, settings) =>
        settings.storageBackend === 'hierarchical'
          ? tieredFor(id, settings).storage
          : settings.storageBackend === 'disk'
            ? io.discardResults === true
              ? new JsonlArchive(new DroppingWriter())
              : new JsonlArchive(archiveFor(id, settings))
            : undefined,
    });
  } catch (error) {
    equityFiles.abandon();
    if (onProgress !== undefined) io.stderr('\n');
    if (error instanceof BacktestConfigError || error instanceof DataSelectionError) {
      const at = error instanceof BacktestConfigError && error.line !== undefined ? `:${error.line}:1` : '';
      io.stderr(`${args.configPath}${at}: ${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    if (error instanceof BacktestAbortedError) {
      io.stderr(`${error.message}\n`);
      return EXIT_RUN_ERROR;
    }
    io.stderr(`backtest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_RUN_ERROR;
  }
  if (onProgress !== undefined) io.stderr('\n');
  phaseDone('run');
  if (io.discardResults === true) return EXIT_OK;
  // The memory tier joins the file behind the spilled events: the whole record once, in order.
  const archived = new Map<string, { close(): void; readonly count: number }>(archives);
  let equity: Map<string, WrittenEquity>;
  try {
    for (const [id, archive] of tiered) {
      const count = await archive.finish();
      archived.set(id, { close: () => undefined, count });
    }
    equity = equityFiles.finish();
  } catch (error) {
    equityFiles.abandon();
    io.stderr(`writing events to ${outDir} failed: ${(error as Error).message}\n`);
    return EXIT_RUN_ERROR;
  }
  // Of the run: the time disk containers spent streaming events.jsonl.gz (part of 'run', not extra).
  io.onPhase?.('events', [...archives.values()].reduce((ms, w) => ms + w.busyMs, 0));
  // Of the run too: the time spent writing equity curves' blocks as the engine handed them over.
  io.onPhase?.('equity', equityFiles.busyMs);

  try {
    output.prepare(outDir);
    writeRunResults(outDir, { config, configText, data, result, archives: archived, equity, equityFormat: args.equityFormat });
    for (const note of applyStoragePaths(outDir, result)) io.stderr(`note: ${note}\n`);
  } catch (error) {
    io.stderr(`writing results to ${outDir} failed: ${(error as Error).message}\n`);
    return EXIT_RUN_ERROR;
  }
  phaseDone('write');
  io.onPhase?.('events-thread', [...archives.values()].reduce((ms, w) => ms + w.threadBusyMs, 0));

  for (const w of result.warnings ?? []) io.stderr(`note: ${w}\n`);
  const lines = result.containerIds
    .filter((id) => result.containers[id].metrics !== undefined)
    .map((id) => {
      const m = result.containers[id].metrics!;
      return `  ${id}: total_return ${(m.totalReturn * 100).toFixed(2)} %, sharpe ${m.sharpeRatio.toFixed(2)}, max_drawdown ${(m.maxDrawdown * 100).toFixed(2)} %, trades ${m.totalTrades}`;
    });
  io.stdout(`${result.configName}: ${result.barsProcessed} bars of ${result.datasetId} → ${outDir}\n${lines.join('\n')}\n`);
  if (args.report !== undefined) return writeReportFile(args.report, config, data, args, io);
  return EXIT_OK;
}

/** What a finished single run leaves to write: the run, and the disk containers' streamed archives. */
export interface FinishedRun {
  config: StudioConfig;
  configText: string;
  data: Dataset;
  result: BacktestResult;
  /** Disk (and finished hierarchical) containers' events files, still open (closed here), with their event counts. */
  archives: ReadonlyMap<string, { close(): unknown; readonly count: number }>;
  /** Equity files written while the run went (RunBacktestOptions.equityCurveSink), by container. */
  equity?: ReadonlyMap<string, WrittenEquity>;
  /** How equity curves are written (default 'npy', equity.npy). */
  equityFormat?: EquityFormat;
}

/**
 * Writes a run's results folder (the seed's layout plus run.json, so it imports into the studio).
 * Disk containers' events.jsonl.gz and the equity files were streamed during the run; every
 * other container's kept events are written by encodeRunFiles, which also writes run.json and
 * trades.json (and a curve the engine kept in memory).
 */
export function writeRunResults(outDir: string, run: FinishedRun): void {
  const { result } = run;
  const equityFormat = run.equityFormat ?? 'npy';
  const equityName = equityFileName(equityFormat);
  // The streamed archives are closed last, just before run.json: an events writer thread still
  // gzipping the run's last chunks does so while this thread writes the rest of the folder.
  const eventsWritten: Record<string, number> = {};
  for (const [id, w] of run.archives) eventsWritten[id] = w.count;
  // The layout has events.jsonl.gz only where tracing keeps a record (full, or disk): a
  // sliding window's or an open trade's in-memory events are working memory, not a record.
  // Containers whose tracing is disabled get no folder (CONTRACT §8: every *traced* container).
  // Kept events are streamed below rather than encoded in memory; encodeRunFiles writes the rest.
  const containerIds = result.containerIds.filter((id) => result.containers[id].traceSettings.enabled);
  const containers: BacktestResult['containers'] = {};
  const streamedEvents = new Map<string, readonly TradingEvent[]>();
  for (const id of containerIds) {
    const c = result.containers[id];
    const events = keepsEvents(c.traceSettings) && !run.archives.has(id) && c.events.length > 0 ? c.events : undefined;
    if (events !== undefined) {
      streamedEvents.set(id, events);
      eventsWritten[id] = events.length;
    }
    containers[id] = { ...c, events: [] };
  }
  const files = encodeRunFiles(
    { name: run.config.name, createdAt: Date.now(), datasetId: run.data.id, configText: run.configText, result: { ...result, containerIds, containers } },
    { eventsWritten, equityFormat },
  );
  const runJson = JSON.parse(new TextDecoder().decode(files['run.json'])) as { containers: Record<string, { dir: string; nonFinite: Record<string, Record<string, string>> }> };
  const dirOf = (id: string): string => join(outDir, runJson.containers[id]!.dir);
  // The curves written during the run: encodeRunFiles saw them empty.
  const streamed = new Set([...(run.equity?.keys() ?? [])].filter((id) => runJson.containers[id] !== undefined).map((id) => `${runJson.containers[id]!.dir}/${equityName}`));
  for (const [path, bytes] of Object.entries(files)) {
    if (path === 'run.json' || streamed.has(path)) continue;
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  for (const [id, events] of streamedEvents) {
    const writer = new JsonlGzWriter({ dir: dirOf(id), compression: gzipsEvents(run.config, id), maxFileSizeMb: Number.POSITIVE_INFINITY });
    writer.writeAll(events);
    writer.close();
  }
  let patched = false;
  for (const [id, written] of run.equity ?? []) {
    const meta = runJson.containers[id];
    // Not in the layout (tracing disabled): the file written during the run goes.
    if (meta === undefined) {
      rmSync(written.path, { force: true });
      continue;
    }
    const target = join(dirOf(id), equityName);
    if (resolve(written.path) !== resolve(target)) {
      mkdirSync(dirOf(id), { recursive: true });
      renameSync(written.path, target);
    }
    if (Object.keys(written.nonFinite).length > 0) {
      meta.nonFinite[equityName] = written.nonFinite;
      patched = true;
    }
  }
  for (const w of run.archives.values()) w.close();
  // run.json last: a folder with run.json is a complete run (the same text encodeRunFiles makes).
  writeFileSync(join(outDir, 'run.json'), patched ? JSON.stringify(runJson, null, 2) + '\n' : files['run.json']!);
}

/** --report: the standalone HTML report of the config's run (a deterministic re-run with full tracing). */
async function writeReportFile(path: string, config: StudioConfig, data: Dataset, args: BacktestArgs, io: HeadlessIo): Promise<number> {
  try {
    const written = await writeReport(resolve(path), config, data, args.environment !== undefined ? { environment: args.environment } : {});
    io.stdout(`report: ${written.path} (${Math.round(written.bytes / 1024)} kB)\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`writing the report to ${path} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_RUN_ERROR;
  }
}

/**
 * `optimization.walk_forward`: for each window the grid is swept on the training slice on worker
 * threads (the whole window's grid at once), the best point by the objective is run on the test
 * slice, and the stitched out-of-sample result is written to <out>/walk-forward.json (windows with
 * chosen parameters, in- vs out-of-sample objective, efficiency ratio, stitched equity and trades).
 */
async function runLocalWalkForward(args: BacktestArgs, config: StudioConfig, data: Dataset, io: HeadlessIo, output: OutputSession): Promise<number> {
  const outDir = resolve(args.outDir);
  const tty = !args.quiet && io.isTTY;
  const pool = new ThreadPool({ ...(args.workers !== undefined ? { size: args.workers } : {}) });
  let wf: WalkForwardResult;
  try {
    wf = await runWalkForward(config, data, {
      runPoint: sweepPoolWalkForwardRunner(pool, args.environment),
      ...(tty
        ? {
            onProgress: (p: WalkForwardProgress) =>
              io.stderr(`\rwalk-forward: window ${p.window + 1}/${p.windowsTotal} (${p.phase}), ${p.runsDone}/${p.runsTotal} backtests `),
          }
        : {}),
    });
  } catch (error) {
    if (tty) io.stderr('\n');
    const name = error instanceof Error ? error.name : '';
    if (['WalkForwardPlanError', 'InvalidConfigError', 'ConfigPathError', 'BacktestConfigError', 'DataSelectionError'].includes(name)) {
      io.stderr(`${args.configPath}: ${(error as Error).message}\n`);
      return EXIT_INVALID_INPUT;
    }
    io.stderr(`walk-forward failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_RUN_ERROR;
  } finally {
    pool.dispose();
  }
  if (tty) io.stderr('\n');
  const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
  try {
    output.prepare(outDir);
    mkdirSync(outDir, { recursive: true });
    const json = {
      config_name: config.name,
      dataset_id: data.id,
      objective: wf.objective,
      direction: wf.direction,
      objective_container: wf.objectiveContainer,
      anchored: wf.anchored,
      efficiency: Number.isFinite(wf.efficiency) ? wf.efficiency : null,
      mean_in_sample_objective: Number.isFinite(wf.meanInSampleObjective) ? wf.meanInSampleObjective : null,
      oos_metrics: metricsToJson(wf.oosMetrics),
      windows: wf.windows.map((w) => ({
        index: w.window.index,
        train: [iso(w.window.trainStartTime), iso(w.window.trainEndTime - 1)],
        test: [iso(w.window.testStartTime), iso(w.window.testEndTime - 1)],
        params: w.params,
        grid_size: w.gridSize,
        failed_points: w.failedPoints,
        in_sample_objective: Number.isFinite(w.inSample.objective) ? w.inSample.objective : null,
        out_of_sample_objective: Number.isFinite(w.outOfSample.objective) ? w.outOfSample.objective : null,
        out_of_sample_return: w.outOfSample.metrics.totalReturn,
      })),
      oos_equity_curve: wf.oosEquityCurve,
      oos_trades: wf.oosTrades,
    };
    writeFileSync(join(outDir, 'walk-forward.json'), JSON.stringify(json, null, 2) + '\n');
  } catch (error) {
    io.stderr(`writing results to ${outDir} failed: ${(error as Error).message}\n`);
    return EXIT_RUN_ERROR;
  }
  const rows = wf.windows.map(
    (w) =>
      `  ${String(w.window.index + 1).padStart(2)}  test ${iso(w.window.testStartTime)}…${iso(w.window.testEndTime - 1)}  ` +
      `IS ${w.inSample.objective.toFixed(3)}  OOS ${w.outOfSample.objective.toFixed(3)}  ${JSON.stringify(w.params)}`,
  );
  io.stdout(
    `${config.name}: walk-forward, ${wf.windows.length} windows by ${wf.objective} → ${join(outDir, 'walk-forward.json')}\n${rows.join('\n')}\n` +
      `  out-of-sample: total_return ${(wf.oosMetrics.totalReturn * 100).toFixed(2)} %, sharpe ${wf.oosMetrics.sharpeRatio.toFixed(2)}, ` +
      `max_drawdown ${(wf.oosMetrics.maxDrawdown * 100).toFixed(2)} %, efficiency ${Number.isFinite(wf.efficiency) ? wf.efficiency.toFixed(2) : 'n/a'}\n`,
  );
  return EXIT_OK;
}

/**
 * A config with an optimization section: its grid (or phases) on worker threads, each point
 * isolated in its own backtest, written in the same layout as a queued sweep (SweepResultsWriter):
 * every point's traced containers, run.json (imports into the studio), summary.json (every point
 * ranked by the objective, all metrics kept) and the top 10 printed.
 */
async function runLocalSweep(args: BacktestArgs, config: StudioConfig, configText: string, data: Dataset, io: HeadlessIo, output: OutputSession): Promise<number> {
  const outDir = resolve(args.outDir);
  const createdAt = Date.now();
  // Build (not run) the base backtest first: an unknown strategy or a bad param is one clear
  // input error (exit 2), not the same failure repeated for every grid point.
  try {
    createBacktestRun(config, data, args.environment !== undefined ? { environment: args.environment } : {});
  } catch (error) {
    if (error instanceof BacktestConfigError || error instanceof DataSelectionError) {
      const at = error instanceof BacktestConfigError && error.line !== undefined ? `:${error.line}:1` : '';
      io.stderr(`${args.configPath}${at}: ${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    throw error;
  }
  let writer: SweepResultsWriter;
  try {
    output.prepare(outDir);
    writer = new SweepResultsWriter({ outDir, configText, config, datasetId: data.id, createdAt, equityFormat: args.equityFormat });
  } catch (error) {
    // A file system error is a run error (1); anything else is the optimization section's fault (2).
    if (typeof (error as { code?: unknown }).code === 'string') {
      io.stderr(`writing results to ${outDir} failed: ${(error as Error).message}\n`);
      return EXIT_RUN_ERROR;
    }
    return reportInputError(new InputError([`${args.configPath}: optimization: ${(error as Error).message}`]), io);
  }
  const tty = !args.quiet && io.isTTY;
  let writeError: Error | undefined;
  let result: SweepResult;
  try {
    result = await runSweepHeadless(config, data, {
      ...(args.workers !== undefined ? { workers: args.workers } : {}),
      ...(args.environment !== undefined ? { environment: args.environment } : {}),
      detail: 'full',
      onPoint: (outcome) => {
        if (!outcome.ok || writeError !== undefined) return;
        try {
          writer.writePoint(outcome);
        } catch (error) {
          writeError = error as Error;
        }
      },
      ...(tty
        ? {
            onProgress: (p: PoolProgress) =>
              io.stderr(
                `\rsweep: ${p.done}/${p.total} points, ${p.failed} failed, ${Math.round(p.eventsPerSecond).toLocaleString('en-US')} events/s` +
                  (p.etaMs !== null ? `, ETA ${Math.ceil(p.etaMs / 1000)} s ` : ' '),
              ),
          }
        : {}),
    });
  } catch (error) {
    if (tty) io.stderr('\n');
    const name = error instanceof Error ? error.name : '';
    if (['InvalidConfigError', 'SweepPlanError', 'ConfigPathError', 'BacktestConfigError', 'DataSelectionError'].includes(name)) {
      io.stderr(`${args.configPath}: ${(error as Error).message}\n`);
      return EXIT_INVALID_INPUT;
    }
    io.stderr(`sweep failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_RUN_ERROR;
  }
  if (tty) io.stderr('\n');
  if (writeError !== undefined) {
    io.stderr(`writing results to ${outDir} failed: ${writeError.message}\n`);
    return EXIT_RUN_ERROR;
  }
  const barsPerPoint = data.series.reduce((n, s) => n + s.time.length, 0);
  const summary = writer.finish({ sweepId: `local-${createdAt.toString(36)}`, result, barsPerPoint, jobs: new Map(), readded: 0 });
  for (const phase of result.phases) {
    for (const o of phase.points) {
      if (!o.ok && o.skipped === undefined) io.stderr(`point ${o.index}${o.phase !== null ? ` (${o.phase})` : ''} ${JSON.stringify(o.params)} failed: ${o.error.message}\n`);
    }
  }
  io.stderr(skippedPointsText(summary));
  io.stdout(`${config.name}: sweep of ${result.total} points${summary.skipped > 0 ? ` (${summary.skipped} skipped)` : ''} on ${data.id} → ${outDir}\n${formatSweepTable(summary)}\n`);
  return sweepExitCode(summary);
}

function reportInputError(error: unknown, io: HeadlessIo): number {
  if (error instanceof InputError) {
    io.stderr(`${error.lines.join('\n')}\n`);
    return EXIT_INVALID_INPUT;
  }
  io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_INVALID_INPUT;
}
