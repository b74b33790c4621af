// Results writing of the headless runner (`npm run backtest`), measured apart from the run: a
// 1 M-bar CSV read, backtested (momentum, trade_complete: metrics, trades and the equity curve
// kept) and written as the results folder (run.json, metrics.json, trades.json, equity.npy).
// The target is the time the run's thread spends writing (timed where it happens) as a share of
// the same repetition's whole run, so a busy machine moves both sides; the run minus the same
// run writing nothing is reported beside it as a cross-check (it also catches what the events
// writer thread costs the run on a machine whose other core is not free).
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticBars } from '../src/engine/data/synthetic-bars';
import { runHeadless } from '../src/node/run-headless';
import { writeBarsCsv } from './bars-csv-file';
import type { BenchSuite } from './bench-suite';
import { fmt, gc, spreadText, summarize, table, type SuiteRun } from './harness';

const CONFIG = `name: results bench
initial_capital: 1000000
data: { source: synthetic, symbols: [SYN], timeframes: ["1m"] }
execution: { fill_model: next_open, commission_per_trade: 1, slippage_bps: 1 }
containers:
  - { id: strategy_momentum_1, type: strategy, strategy: momentum, params: { lookback: 30, threshold: 0.002 } }
  - { id: portfolio_1, type: portfolio, strategies: [strategy_momentum_1], sizing: { type: percent_equity, percent: 90 }, risk: { stop_loss: 0.01 } }
  - { id: execution_1, type: execution }
trace_settings:
  retention_policy: trade_complete
  events_to_trace: ALL
`;

/** The same run with every event of the strategy and execution containers streamed to events.jsonl.gz. */
const EVENTS_CONFIG = `${CONFIG}  container_settings:
    "strategy_*": { retention_policy: full, storage_backend: disk }
    "execution_*": { retention_policy: full, storage_backend: disk }
`;

function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) n += statSync(join(e.parentPath, e.name)).size;
  return n;
}

async function run(suite: SuiteRun): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  try {
    // 2,565 sessions × 390 minutes = 1,000,350 bars (a third of that with --quick).
    const days = suite.quick ? 855 : 2565;
    const series = generateSyntheticBars({ seed: 7, symbols: ['SYN'], days, timeframes: ['1m'], missingMinuteProbability: 0 }).series[0]!;
    const csv = join(dir, 'SYN.csv');
    const csvBytes = writeBarsCsv(csv, series);
    const bars = series.time.length;
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, CONFIG);
    const eventsConfigPath = join(dir, 'events.yaml');
    writeFileSync(eventsConfigPath, EVENTS_CONFIG);
    const once = async (i: number, config: string, discard: boolean) => {
      const out = join(dir, `out-${i}${discard ? '-ref' : ''}`);
      const phases: Record<string, number> = {};
      const err: string[] = [];
      gc();
      const t0 = performance.now();
      const code = await runHeadless([config, '--data', csv, '--out', out, '--quiet', '--no-sweep'], {
        stdout: () => undefined,
        stderr: (t) => void err.push(t),
        isTTY: false,
        onPhase: (phase, ms) => void (phases[phase] = ms),
        discardResults: discard,
      });
      const total = performance.now() - t0;
      if (code !== 0) throw new Error(`npm run backtest exited ${code}: ${err.join('')}`);
      const bytes = discard ? 0 : folderBytes(out);
      rmSync(out, { recursive: true, force: true });
      return { total, read: phases.read ?? 0, run: phases.run ?? 0, write: phases.write ?? 0, events: phases.events ?? 0, equity: phases.equity ?? 0, thread: phases['events-thread'] ?? 0, bytes };
    };
    // One repetition: the run writing its results, timed where it writes (the equity blocks
    // during the backtest, events as they stream, the folder after it — all on this thread), and
    // as a cross-check the same run writing nothing (read and backtest alike, equity blocks and
    // events handed over and dropped), in alternating order: the difference is what writing
    // costs the wall clock, GC included, but two noisy totals make a noisy difference.
    const pair = async (i: number, config: string) => {
      const first = await once(i, config, i % 2 === 1);
      const second = await once(i, config, i % 2 === 0);
      const [full, ref] = i % 2 === 0 ? [first, second] : [second, first];
      const writing = full.write + full.equity + full.events;
      return { full, ref, writing, share: (100 * writing) / full.total, cost: full.total - ref.total, costShare: (100 * (full.total - ref.total)) / full.total };
    };
    await pair(-1, configPath); // warm-up
    const reps = await suite.repeat(suite.reps(5, 3), (i) => pair(i, configPath));
    const rows: (string | number)[][] = [['step', 'ms median [min–max]', 'share of the run (median)']];
    for (const k of ['read', 'run', 'equity', 'write'] as const) {
      const label = k === 'read' ? 'read config + CSV' : k === 'run' ? 'backtest (with the equity blocks written as they fill)' : k === 'equity' ? 'equity.npy blocks written during the backtest' : 'write results folder after the backtest';
      const f = suite.figure(`${label} (${fmt(bars)} bars)`, reps.map((r) => r.full[k]), 'ms');
      rows.push([k, spreadText(f), `${summarize(reps.map((r) => (100 * r.full[k]) / r.full.total)).median.toFixed(1)} %`]);
    }
    const total = suite.figure(`whole run, ${fmt(bars)} bars from a ${(csvBytes / 2 ** 20).toFixed(0)} MB CSV`, reps.map((r) => r.full.total), 'ms');
    rows.push(['total', spreadText(total), '100 %']);
    const ref = suite.figure('the same run writing nothing (reference)', reps.map((r) => r.ref.total), 'ms');
    rows.push(['reference', spreadText(ref), '']);
    const writing = suite.figure('results writing (equity blocks + folder)', reps.map((r) => r.writing), 'ms');
    rows.push(['writing', spreadText(writing), `${summarize(reps.map((r) => r.share)).median.toFixed(1)} %`]);
    const cost = suite.figure('cross-check: whole run − the same run writing nothing', reps.map((r) => r.cost), 'ms', `${summarize(reps.map((r) => r.costShare)).median.toFixed(1)} % of the run (median)`);
    rows.push(['cross-check', spreadText(cost), `${summarize(reps.map((r) => r.costShare)).median.toFixed(1)} %`]);
    console.log(table(rows) + '\n');
    suite.figure('results folder size', reps[0]!.full.bytes / 2 ** 20, 'MB', 'run.json, metrics.json, trades.json, equity.npy (one 32-byte record per bar)');
    suite.figure('results written per second of writing', reps.map((r) => r.full.bytes / 2 ** 20 / (r.writing / 1000)), 'MB/s');
    suite.target({
      name: `results writing (equity.npy, trades.json, metrics.json, run.json) ≤ 20 % of a ${fmt(bars)}-bar run's wall time`,
      kind: 'ratio',
      reference: 'the whole headless run (read + backtest + write), same repetition',
      op: '<=',
      threshold: 20,
      unit: '%',
      values: reps.map((r) => r.share),
      note: `${fmt(bars)} bars, momentum with trade_complete (metrics, trades and the equity curve kept)`,
    });

    // With events: the strategy's and execution's every event streamed to events.jsonl.gz during
    // the run, plus the results folder after it; the reference hands the same events to an archive that drops them.
    await pair(-2, eventsConfigPath);
    const ev = await suite.repeat(suite.reps(3, 2), (i) => pair(100 + i, eventsConfigPath));
    const evF = suite.figure(
      "events.jsonl.gz streamed during the run, on the run's thread (encoding each event for the writer thread; the first 4,096 lines of a stream as JSON)",
      ev.map((r) => r.full.events),
      'ms',
      'strategy and execution containers, full retention, disk backend',
    );
    suite.figure('the events writer thread, beside the run (JSON text, gzip level 1, append)', ev.map((r) => r.full.thread), 'ms', 'on the other core; in the cross-check, not in the target');
    suite.figure('results folder after the run (with events)', ev.map((r) => r.full.write), 'ms');
    const evTotal = suite.figure('whole run with events streamed', ev.map((r) => r.full.total), 'ms');
    const evRef = suite.figure('the same run writing nothing (reference, with events)', ev.map((r) => r.ref.total), 'ms');
    suite.figure('results folder size with events', ev[0]!.full.bytes / 2 ** 20, 'MB');
    suite.figure('cross-check with events: whole run − the same run writing nothing', ev.map((r) => r.cost), 'ms', `${summarize(ev.map((r) => r.costShare)).median.toFixed(1)} % of the run (median)`);
    console.log(`with events: ${spreadText(evTotal)} ms vs ${spreadText(evRef)} ms writing nothing (streaming busy ${spreadText(evF)} ms; writing ${summarize(ev.map((r) => r.share)).median.toFixed(1)} % of the run, cross-check ${summarize(ev.map((r) => r.costShare)).median.toFixed(1)} %)\n`);
    suite.target({
      name: `results writing with every strategy and execution event streamed to events.jsonl.gz ≤ 20 % of the run`,
      kind: 'ratio',
      reference: 'the whole headless run (read + backtest + write), same repetition',
      op: '<=',
      threshold: 20,
      unit: '%',
      values: ev.map((r) => r.share),
      note: 'events serialized and gzipped into events.jsonl.gz during the run, plus the results folder after it',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const resultsSuite: BenchSuite = {
  title: 'Results writing of the headless runner',
  description:
    'runHeadless (`npm run backtest -- config.yaml --data SYN.csv`) on a 1,000,350-bar minute CSV, momentum with trade_complete tracing (metrics, trades and one equity point per bar kept), timed by step: reading the config and CSV, the backtest, and writing the results folder (run.json, metrics.json, trades.json, equity.npy). The engine hands the equity curve over in 65,536-point column blocks while it runs and they are appended to equity.npy (float64 records, no number formatting). Writing is timed where it happens — the blocks during the backtest, the folder after it, the events as they stream — and the target is its share of the whole run. Each repetition also runs the same study writing nothing (same reading, same backtest, blocks and events dropped), in alternating order, as a cross-check of what writing costs the wall clock. A second study streams every strategy and execution event to events.jsonl.gz: the run\'s thread encodes each event into 1 MB chunks for a writer thread (strings that change every event, such as ids, are not read there: a batch\'s are joined and copied as UTF-16), which writes the JSON lines, gzips and appends; the events files are closed while the rest of the folder is written; the reference archives the same events and drops them.',
  run,
};
