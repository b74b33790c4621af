// Memory of market data: heap bytes per bar held once imported, CSV import speed through the
// headless runner's own reader, and the import's peak memory against the file's size. The
// import runs in a fresh process per repetition (bench/headless-child.ts) so its peak RSS is
// its own; the in-process reference is a bare pass over the same file (read, split lines,
// parse the numbers), which a busy machine slows as much as the import.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetBarCount } from '../src/engine/bar-series';
import type { Dataset } from '../src/engine/bar';
import { parseBarsCsv } from '../src/engine/data/csv-bars';
import { generateSyntheticBars } from '../src/engine/data/synthetic-bars';
import { writeBarsCsv } from './bars-csv-file';
import type { BenchSuite } from './bench-suite';
import { fmt, gc, spreadText, summarize, table, type SuiteRun } from './harness';
import { spawnHeadlessChild } from './spawn-headless-child';

const CONFIG = `name: memory bench
data: { source: synthetic, symbols: [SYN], timeframes: ["1m"] }
containers:
  - { id: strategy_momentum_1, type: strategy, strategy: momentum, params: { lookback: 30, threshold: 0.002 } }
  - { id: portfolio_1, type: portfolio, strategies: [strategy_momentum_1], sizing: { type: percent_equity, percent: 90 } }
`;

/** Heap + off-heap (ArrayBuffer) bytes after two full GCs. */
function heldBytes(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** Bytes held per bar by what `load` returns (kept alive until measured). */
function bytesPerBar(load: () => Dataset): { perBar: number; bars: number } {
  const before = heldBytes();
  const data = load();
  const after = heldBytes();
  const bars = datasetBarCount(data);
  if (bars === 0) throw new Error('loaded no bars');
  return { perBar: (after - before) / bars, bars };
}

/** The reference: read the file, split lines and fields, parse every number (no validation, no columns). */
function bareCsvPass(path: string): { rows: number; ms: number } {
  const t0 = performance.now();
  const text = readFileSync(path, 'utf8');
  let rows = 0;
  let sink = 0;
  let start = text.indexOf('\n') + 1;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const f = text.slice(start, end).split(',');
    sink += Date.parse(`${f[0]!.replace(' ', 'T')}Z`) + Number(f[1]) + Number(f[2]) + Number(f[3]) + Number(f[4]) + Number(f[5]);
    rows++;
    start = end + 1;
  }
  if (Number.isNaN(sink)) throw new Error('bare pass read a number it could not parse');
  return { rows, ms: performance.now() - t0 };
}

async function run(suite: SuiteRun): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  try {
    const days = suite.quick ? 770 : 2565; // ≈ 300 k or 1 M minute bars
    const series = generateSyntheticBars({ seed: 9, symbols: ['SYN'], days, timeframes: ['1m'], missingMinuteProbability: 0 }).series[0]!;
    const csv = join(dir, 'SYN.csv');
    writeBarsCsv(csv, series);
    const fileBytes = statSync(csv).size;
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, CONFIG);
    const rows = series.time.length;

    // Heap per bar held: the dataset as the CSV import leaves it, and as the generator makes it.
    const held = await suite.repeat(3, () => {
      const fromCsv = bytesPerBar(() => {
        const r = parseBarsCsv(readFileSync(csv, 'utf8'), { fileName: csv });
        if (!r.ok) throw new Error(`import failed: ${r.errors[0]?.message}`);
        return { id: 'csv', name: 'csv', source: csv, series: r.series };
      });
      const generated = bytesPerBar(() => generateSyntheticBars({ seed: 10, symbols: ['A', 'B'], days: Math.round(days / 4), timeframes: ['1m'] }));
      return { fromCsv, generated };
    });
    const heldF = suite.figure('heap + ArrayBuffer bytes per bar held, imported from CSV', held.map((h) => h.fromCsv.perBar), 'bytes/bar', `${fmt(held[0]!.fromCsv.bars)} bars, after full GCs`);
    const genF = suite.figure('heap + ArrayBuffer bytes per bar held, synthetic generator', held.map((h) => h.generated.perBar), 'bytes/bar', `${fmt(held[0]!.generated.bars)} bars`);

    // CSV import through the headless runner's reader, each in a fresh process, against a bare pass.
    const imports = await suite.repeat(suite.reps(3, 2), async () => {
      const bare = bareCsvPass(csv);
      const child = await spawnHeadlessChild('read', [configPath, '--data', csv, '--quiet', '--no-sweep'], { timeoutMs: 300_000 });
      if (child.code !== 0 || child.phases.read === undefined) throw new Error(`CSV import failed: ${child.stderr}`);
      return { bare, child };
    });
    const rate = imports.map((r) => rows / (r.child.phases.read! / 1000));
    const rateF = suite.figure(`CSV import through the headless runner (${fmt(rows)} rows, ${(fileBytes / 2 ** 20).toFixed(0)} MB)`, rate, 'rows/s', 'fresh process per repetition');
    const bareF = suite.figure('bare pass over the same file (read, split, parse numbers)', imports.map((r) => r.bare.rows / (r.bare.ms / 1000)), 'rows/s', 'reference, same repetition');
    const ratio = imports.map((r, i) => rate[i]! / (r.bare.rows / (r.bare.ms / 1000)));
    suite.figure('CSV import ÷ bare pass', ratio, 'x');
    const cpuRate = imports.map((r) => rows / (r.child.cpuMs / 1000));
    suite.figure('CSV import rows per CPU-second (all threads of the process)', cpuRate, 'rows/CPU-s', 'CPU time is what time slicing on a busy machine does not inflate');
    const peak = imports.map((r) => (r.child.maxRss - r.child.rssBefore) / fileBytes);
    const peakF = suite.figure('peak RSS growth during the import ÷ file size', peak, 'x', `process peak RSS ${fmt(summarize(imports.map((r) => r.child.maxRss)).median / 2 ** 20)} MB`);
    console.log(
      table([
        ['measure', 'median [min–max]'],
        ['bytes per bar held (CSV import)', spreadText(heldF)],
        ['bytes per bar held (generator)', spreadText(genF)],
        ['CSV import rows/s', spreadText(rateF)],
        ['bare pass rows/s (reference)', spreadText(bareF)],
        ['peak RSS growth ÷ file size', spreadText(peakF, (n) => `${n.toFixed(2)}x`)],
      ]) + '\n',
    );
    suite.target({
      name: '≤ 64 bytes of heap per bar held',
      kind: 'absolute',
      reference: null,
      op: '<=',
      threshold: 64,
      unit: 'bytes/bar',
      values: held.map((h) => h.fromCsv.perBar),
      note: 'heap + ArrayBuffer memory of an imported dataset after full GCs, per bar; machine-independent',
    });
    suite.target({
      name: 'CSV import ≥ 1 M rows per CPU-second',
      kind: 'absolute',
      reference: null,
      op: '>=',
      threshold: 1e6,
      unit: 'rows/CPU-s',
      values: cpuRate,
      clock: 'cpu',
      wallValues: rate,
      wallUnit: 'rows/s',
      note: `the runner's read step (config + file → columns, validated) in a fresh process, by that process's CPU time from the runner's start to the end of the read (process.cpuUsage; --single-threaded-gc), which load from other processes does not inflate; a bare split-and-parse pass over the same file ran at ${fmt(bareF.median)} rows/s (wall) in the same repetitions`,
    });
    suite.target({
      name: 'CSV import peak memory ≤ 3× the file size',
      kind: 'ratio',
      reference: 'the CSV file size (peak RSS growth of a fresh process over its RSS before the import)',
      op: '<=',
      threshold: 3,
      unit: 'x',
      values: peak,
      note: `${(fileBytes / 2 ** 20).toFixed(0)} MB file`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const memorySuite: BenchSuite = {
  title: 'Market data memory and CSV import',
  description:
    "A 1,000,350-row minute-bar CSV (≈ 55 MB; `time,open,high,low,close,volume`) written from synthetic bars. Bytes held per bar: the heap plus ArrayBuffer memory an imported dataset keeps after full GCs (and the synthetic generator's, for comparison). CSV import: the headless runner's read step in a fresh process per repetition, timed by the runner itself (wall) and by the process's CPU time, the target's basis because a busy machine's time slicing does not inflate it, with its peak RSS growth against the file size; a bare read-split-parse pass over the same file in the same repetition is the reference.",
  run,
};
