// Ten million bars on one machine: 20 symbols × 500,370 one-minute bars written as 20 CSV files
// (kept in the temp dir between bench runs, ~600 MB), loaded and backtested by the headless
// runner in a fresh process (`npm run backtest -- config.yaml --data S00.csv … S19.csv`), with
// the process's peak RSS recorded. One run (it takes minutes on a busy 2-core machine); a run
// that cannot finish (out of memory, time limit) is reported with what it said.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticBars } from '../src/engine/data/synthetic-bars';
import { writeBarsCsv } from './bars-csv-file';
import type { BenchSuite } from './bench-suite';
import { fmt, table, type SuiteRun } from './harness';
import { spawnHeadlessChild } from './spawn-headless-child';

const SYMBOLS = 20;
/** 1,283 sessions × 390 minutes = 500,370 bars per symbol. */
const DAYS = 1283;

function config(symbols: readonly string[]): string {
  return `name: ten million bars
initial_capital: 1000000
data: { source: synthetic, symbols: [${symbols.join(', ')}], timeframes: ["1m"] }
execution: { fill_model: next_open, commission_per_trade: 1, slippage_bps: 1 }
containers:
  - { id: strategy_momentum_1, type: strategy, strategy: momentum, params: { lookback: 30, threshold: 0.002 } }
  - { id: portfolio_1, type: portfolio, strategies: [strategy_momentum_1], sizing: { type: percent_equity, percent: ${Math.max(1, Math.floor(90 / symbols.length))} }, risk: { stop_loss: 0.01 } }
  - { id: execution_1, type: execution }
trace_settings:
  retention_policy: trade_complete
  events_to_trace: ALL
`;
}

/** The CSV files, generated once per size into the temp dir and reused (a marker says they are complete). */
function csvFiles(days: number): { dir: string; files: string[]; symbols: string[]; bytes: number; bars: number } {
  const dir = join(tmpdir(), `event-studio-bench-scale-${SYMBOLS}x${days}d`);
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${String(i).padStart(2, '0')}`);
  const files = symbols.map((s) => join(dir, `${s}.csv`));
  const marker = join(dir, 'complete.json');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    let bars = 0;
    const t0 = performance.now();
    symbols.forEach((symbol, i) => {
      const series = generateSyntheticBars({ seed: 100 + i, symbols: [symbol], days, timeframes: ['1m'], missingMinuteProbability: 0 }).series[0]!;
      bars += series.time.length;
      writeBarsCsv(files[i]!, series);
    });
    writeFileSync(marker, JSON.stringify({ bars }));
    console.log(`generated ${fmt(bars)} bars as ${SYMBOLS} CSV files in ${((performance.now() - t0) / 1000).toFixed(0)} s (${dir})`);
  }
  const bars = (JSON.parse(readFileSync(marker, 'utf8')) as { bars: number }).bars;
  return { dir, files, symbols, bytes: files.reduce((n, f) => n + statSync(f).size, 0), bars };
}

async function run(suite: SuiteRun): Promise<void> {
  const days = suite.quick ? 128 : DAYS;
  const data = csvFiles(days);
  const work = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  try {
    const configPath = join(work, 'config.yaml');
    writeFileSync(configPath, config(data.symbols));
    const argv = [configPath, ...data.files.flatMap((f) => ['--data', f]), '--out', join(work, 'out'), '--quiet', '--no-sweep'];
    suite.sampleLoad();
    let completed = 0;
    let note = '';
    try {
      const r = await spawnHeadlessChild('run', argv, { maxOldSpaceMb: 8192, timeoutMs: suite.quick ? 300_000 : 1_200_000 });
      if (r.code !== 0) throw new Error(`the runner exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      completed = 1;
      const total = (r.phases.read ?? 0) + (r.phases.run ?? 0) + (r.phases.write ?? 0);
      suite.figure(`bars loaded and backtested (${SYMBOLS} symbols)`, data.bars, 'bars', `${(data.bytes / 2 ** 20).toFixed(0)} MB of CSV`);
      suite.figure('peak RSS of the whole run', r.maxRss / 2 ** 20, 'MB', 'fresh process: read, backtest, results written');
      suite.figure('peak RSS ÷ CSV size', r.maxRss / data.bytes, 'x');
      suite.figure('peak RSS per bar', r.maxRss / data.bars, 'bytes/bar');
      suite.figure('read (CSV → columns)', (r.phases.read ?? 0) / 1000, 's', `${fmt(data.bars / ((r.phases.read ?? 1) / 1000))} rows/s`);
      suite.figure('backtest', (r.phases.run ?? 0) / 1000, 's', `${fmt(data.bars / ((r.phases.run ?? 1) / 1000))} bars/s`);
      suite.figure('write results', (r.phases.write ?? 0) / 1000, 's');
      suite.figure('whole run, CPU time (all threads)', r.cpuMs / 1000, 's', `wall ${(total / 1000).toFixed(1)} s`);
      note = `peak RSS ${(r.maxRss / 2 ** 20).toFixed(0)} MB for ${(data.bytes / 2 ** 20).toFixed(0)} MB of CSV; ${(total / 1000).toFixed(0)} s wall`;
      console.log(
        table([
          ['bars', 'CSV', 'read s', 'backtest s', 'write s', 'peak RSS'],
          [fmt(data.bars), `${(data.bytes / 2 ** 20).toFixed(0)} MB`, ((r.phases.read ?? 0) / 1000).toFixed(1), ((r.phases.run ?? 0) / 1000).toFixed(1), ((r.phases.write ?? 0) / 1000).toFixed(1), `${(r.maxRss / 2 ** 20).toFixed(0)} MB`],
        ]) + '\n',
      );
    } catch (error) {
      note = `did not complete: ${(error as Error).message}`;
      console.log(note);
    }
    suite.target({
      name: `${fmt(data.bars)}-bar dataset (${SYMBOLS} symbols × ${fmt(data.bars / SYMBOLS)} minute bars) loaded from CSV and backtested headless`,
      kind: 'absolute',
      reference: null,
      op: '>=',
      threshold: 1,
      unit: 'runs completed',
      values: [completed],
      note,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export const scaleSuite: BenchSuite = {
  title: 'Ten million bars headless',
  description: `${SYMBOLS} symbols × 500,370 one-minute bars (10.0 M bars, ~600 MB of CSV, generated once into the temp dir) loaded and backtested by the headless runner in a fresh process (momentum on every symbol, trade_complete, equity curve kept, results folder written), with the process's peak RSS. One run; --quick uses 20 × 50 k bars.`,
  run,
};
