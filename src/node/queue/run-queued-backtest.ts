// `npm run backtest -- <config.yaml> --queue redis://host:port`: reads the config and bars as
// the headless runner does, checks the sweep can be planned (every first-phase point applies
// to the config) before anything is queued, runs it on the queue with a progress line, then
// writes the results folder and summary.json and prints the top 10. Returns the exit code, or
// null when the arguments ask for a local run (no --queue): scripts/backtest.ts then goes on.
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { applySweepPoint } from '../../core/config/apply-sweep-point';
import { parseStudioConfig } from '../../core/config/parse-studio-config';
import type { StudioConfig } from '../../core/config/studio-config';
import type { BarSeries, Dataset } from '../../engine/bar';
import { BUNDLED_DATASETS } from '../../engine/data/bundled-datasets';
import { parseBarsCsv } from '../../engine/data/csv-bars';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import { parseSyntheticBarsOptions } from '../../engine/data/synthetic-bars-options';
import { planPhases, phasePoints, sweepRankOptions } from '../../engine/optimization/sweep-plan';
import { readBundledDataset } from '../bundled-data';
import { BACKTEST_USAGE, CliUsageError, parseBacktestArgs, type BacktestArgs } from '../cli-args';
import { OutputSession } from '../output-session';
import { terminalWriter } from '../terminal-text';
import { formatSweepTable, skippedPointsText, sweepExitCode } from './format-sweep-table';
import { runQueuedSweep, type QueuedSweepProgress } from './run-queued-sweep';

export interface QueuedBacktestIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** \r-updated progress on a terminal; a line every few seconds otherwise. */
  isTTY: boolean;
}

const EXIT_RUN_ERROR = 1;
const EXIT_INVALID_INPUT = 2;
/** Progress lines on a non-terminal (logs, CI): at most one per this many ms. */
const LOG_EVERY_MS = 5000;

class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'InputError';
  }
}

function readConfig(path: string): { text: string; config: StudioConfig } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError([`${path}: cannot read the config file (${(error as Error).message}).`]);
  }
  const parsed = parseStudioConfig(text);
  if (!parsed.ok) throw new InputError(parsed.errors.map((e) => `${path}:${e.line}:${e.column}: ${e.message}${e.path ? ` (${e.path})` : ''}`));
  return { text, config: parsed.config };
}

function readData(args: BacktestArgs, config: StudioConfig): Dataset {
  if (args.dataPaths.length > 0) {
    const series: BarSeries[] = [];
    const errors: string[] = [];
    for (const path of args.dataPaths) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        errors.push(`${path}: cannot read the data file (${(error as Error).message}).`);
        continue;
      }
      const parsed = parseBarsCsv(text, { fileName: path, ...(args.symbol !== undefined ? { symbol: args.symbol } : {}) });
      if (!parsed.ok) {
        for (const e of parsed.errors) errors.push(`${e.file}:${e.line}${e.column !== undefined ? ` (column ${e.column})` : ''}: ${e.message}`);
        continue;
      }
      for (const s of parsed.series) {
        if (series.some((x) => x.symbol === s.symbol && x.timeframe === s.timeframe)) errors.push(`${path}: ${s.symbol} ${s.timeframe} bars are already loaded from another --data file.`);
        else series.push(s);
      }
    }
    if (errors.length > 0) throw new InputError(errors);
    const names = args.dataPaths.map((p) => basename(p));
    return { id: `csv:${names.join('+')}`, name: names.join(', '), source: args.dataPaths.join(', '), series };
  }
  const source = config.data.source;
  if (source === 'synthetic') {
    try {
      return generateSyntheticBars(parseSyntheticBarsOptions(config.data.synthetic ?? {}));
    } catch (error) {
      throw new InputError([`${args.configPath}: data.synthetic: ${(error as Error).message}`]);
    }
  }
  if (source.startsWith('csv:')) throw new InputError([`${args.configPath}: data.source '${source}' is a file imported in the studio: pass it here with --data <file.csv>.`]);
  if (!BUNDLED_DATASETS.some((d) => d.id === source)) {
    throw new InputError([`${args.configPath}: data.source '${source}' is not a bundled dataset (${BUNDLED_DATASETS.map((d) => d.id).join(', ')}, synthetic); or pass --data <file.csv>.`]);
  }
  return readBundledDataset(source);
}

/** Everything the workers would trip over on every point, found before anything is queued. */
function checkSweep(config: StudioConfig, configPath: string): number {
  try {
    sweepRankOptions(config);
    const phases = planPhases(config.optimization);
    const points = phasePoints(phases[0], null);
    for (const p of points) applySweepPoint(config, p.params);
    for (const phase of phases.slice(1)) for (const p of phasePoints(phase, null)) applySweepPoint(config, p.params);
    return points.length;
  } catch (error) {
    throw new InputError([`${configPath}: ${(error as Error).message}`]);
  }
}

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function rate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);
}

export function progressText(p: QueuedSweepProgress): string {
  return (
    `sweep ${p.sweepId}${p.phase ? ` [${p.phase}]` : ''}: ${p.done}/${p.total} points` +
    `${p.failed ? ` (${p.failed} failed)` : ''} · ${rate(p.eventsPerSecond)} events/s · ${rate(p.barsPerSecond)} bars/s · ETA ${duration(p.etaMs)}`
  );
}

function defaultIo(): QueuedBacktestIo {
  return { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true };
}

/** Runs a queued sweep when `argv` has --queue (returns its exit code); null otherwise. */
export async function runQueuedBacktest(argv: readonly string[], ioOverride: Partial<QueuedBacktestIo> = {}): Promise<number | null> {
  let args: BacktestArgs;
  try {
    args = parseBacktestArgs(argv);
  } catch (error) {
    // Usage errors are the local runner's to report (same parser, same message).
    if (error instanceof CliUsageError) return null;
    throw error;
  }
  if (args.help || args.queue === undefined) return null;
  const raw = { ...defaultIo(), ...ioOverride };
  // Everything printed may quote user text (names, values, paths): escaped at this one boundary.
  const io: QueuedBacktestIo = { ...raw, stdout: terminalWriter(raw.stdout), stderr: terminalWriter(raw.stderr) };
  const url = args.queue;

  let text: string;
  let config: StudioConfig;
  let dataset: Dataset;
  let size: number;
  try {
    ({ text, config } = readConfig(args.configPath));
    size = checkSweep(config, args.configPath);
    dataset = readData(args, config);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`${error.lines.join('\n')}\n`);
      return EXIT_INVALID_INPUT;
    }
    io.stderr(`${(error as Error).message}\n\n${BACKTEST_USAGE}\n`);
    return EXIT_INVALID_INPUT;
  }

  const outDir = resolve(args.outDir);
  if (!args.quiet) io.stderr(`queueing ${size} point(s) of ${args.configPath} on ${url} (start workers with: npm run worker -- --queue ${url})\n`);
  let lastLog = 0;
  let lastLine = '';
  const onProgress = args.quiet
    ? undefined
    : (p: QueuedSweepProgress) => {
        lastLine = progressText(p);
        if (io.isTTY) io.stderr(`\r${lastLine}\x1b[K`);
        else if (Date.now() - lastLog >= LOG_EVERY_MS || p.done === p.total) {
          lastLog = Date.now();
          io.stderr(`${lastLine}\n`);
        }
      };
  const createdAt = Date.now();
  // Only what an earlier run wrote into --out is replaced (markers), and what this one writes is marked.
  const output = new OutputSession((t) => io.stderr(t));
  output.prepare(outDir);
  try {
    const run = await runQueuedSweep({
      url,
      configText: text,
      config,
      dataset,
      ...(args.sweepId !== undefined ? { sweepId: args.sweepId } : {}),
      ...(args.environment !== undefined ? { environment: args.environment } : {}),
      ...(onProgress ? { onProgress } : {}),
      outDir,
      createdAt,
      equityFormat: args.equityFormat,
      onNotice: (t) => io.stderr(`${io.isTTY && lastLine ? '\n' : ''}${t}\n`),
    });
    if (io.isTTY && lastLine) io.stderr('\n');
    const summary = run.summary!;
    io.stdout(
      `${summary.config_name}: sweep ${run.sweepId}, ${summary.succeeded}/${summary.total} points ok${summary.failed ? `, ${summary.failed} failed` : ''}${summary.skipped ? `, ${summary.skipped} skipped` : ''} ` +
        `in ${(summary.duration_ms / 1000).toFixed(1)} s (${summary.points_per_second} points/s, ${rate(summary.bars_per_second)} bars/s) → ${outDir}\n\n` +
        `${formatSweepTable(summary)}\n`,
    );
    for (const phase of summary.phases) {
      for (const p of phase.points.filter((x) => !x.ok && x.skipped === null)) {
        io.stderr(`failed: ${phase.name ?? 'grid'} point ${p.index + 1} ${JSON.stringify(p.params)} after ${p.attempts ?? '?'} attempt(s): ${p.error?.message ?? ''}\n`);
      }
    }
    io.stderr(skippedPointsText(summary));
    return sweepExitCode(summary);
  } catch (error) {
    if (io.isTTY && lastLine) io.stderr('\n');
    io.stderr(`queued sweep failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_RUN_ERROR;
  } finally {
    output.finish();
  }
}
