// Results writing of the headless runner (`npm run backtest`), measured apart from the run: a
// 1 M-bar CSV read, backtested (momentum, trade_complete: metrics, trades and the equity curve
// kept) and written as the results folder (run.json, metrics.json, trades.json, equity.json).
// The target is the write step's share of the whole run's wall time, per repetition — a ratio
// to the run itself, so a busy machine moves both sides.
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
    const once = async (i: number, config = configPath) => {
      const out = join(dir, `out-${i}`);
      const phases: Record<string, number> = {};
      const err: string[] = [];
      gc();
      const t0 = performance.now();
      const code = await runHeadless([config, '--data', csv, '--out', out, '--quiet', '--no-sweep'], {
        stdout: () => undefined,
        stderr: (t) => void err.push(t),
        isTTY: false,
        onPhase: (phase, ms) => void (phases[phase] = ms),
      });
      const total = performance.now() - t0;
      if (code !== 0) throw new Error(`npm run backtest exited ${code}: ${err.join('')}`);
      const bytes = folderBytes(out);
      rmSync(out, { recursive: true, force: true });
      return { total, read: phases.read ?? 0, run: phases.run ?? 0, write: phases.write ?? 0, events: phases.events ?? 0, bytes };
    };
    await once(-1); // warm-up
    const reps = await suite.repeat(suite.reps(3, 2), (i) => once(i));
    const share = reps.map((r) => (100 * r.write) / r.total);
    const rows: (string | number)[][] = [['step', 'ms median [min–max]', 'share of the run (median)']];
    for (const k of ['read', 'run', 'write'] as const) {
      const f = suite.figure(`${k === 'read' ? 'read config + CSV' : k === 'run' ? 'backtest' : 'write results folder'} (${fmt(bars)} bars)`, reps.map((r) => r[k]), 'ms');
      rows.push([k, spreadText(f), `${summarize(reps.map((r) => (100 * r[k]) / r.total)).median.toFixed(1)} %`]);
    }
    const total = suite.figure(`whole run, ${fmt(bars)} bars from a ${(csvBytes / 2 ** 20).toFixed(0)} MB CSV`, reps.map((r) => r.total), 'ms');
    rows.push(['total', spreadText(total), '100 %']);
    console.log(table(rows) + '\n');
    suite.figure('results folder size', reps[0]!.bytes / 2 ** 20, 'MB', 'run.json, metrics.json, trades.json, equity.json (one point per bar)');
    suite.figure('results written per second', reps.map((r) => r.bytes / 2 ** 20 / (r.write / 1000)), 'MB/s');
    suite.target({
      name: `results writing (trades.json, equity.json, run.json) ≤ 20 % of a ${fmt(bars)}-bar run's wall time`,
      kind: 'ratio',
      reference: 'the whole headless run (read + backtest + write), same repetition',
      op: '<=',
      threshold: 20,
      unit: '%',
      values: share,
      note: `${fmt(bars)} bars, momentum with trade_complete (metrics, trades and the equity curve kept)`,
    });

    // With events: the strategy's and execution's every event streamed to events.jsonl.gz during
    // the run (the writer times itself), plus the results folder after it.
    await once(-2, eventsConfigPath);
    const ev = await suite.repeat(suite.reps(3, 2), (i) => once(100 + i, eventsConfigPath));
    const evShare = ev.map((r) => (100 * (r.events + r.write)) / r.total);
    const evF = suite.figure('events.jsonl.gz streamed during the run (writer busy time)', ev.map((r) => r.events), 'ms', 'strategy and execution containers, full retention, disk backend');
    suite.figure('results folder after the run (with events)', ev.map((r) => r.write), 'ms');
    const evTotal = suite.figure('whole run with events streamed', ev.map((r) => r.total), 'ms');
    suite.figure('results folder size with events', ev[0]!.bytes / 2 ** 20, 'MB');
    console.log(`with events: streaming ${spreadText(evF)} ms + folder ${fmt(summarize(ev.map((r) => r.write)).median)} ms of ${spreadText(evTotal)} ms (${summarize(evShare).median.toFixed(1)} %)\n`);
    suite.target({
      name: `results writing with every strategy and execution event streamed to events.jsonl.gz ≤ 20 % of the run`,
      kind: 'ratio',
      reference: 'the whole headless run (read + backtest + write), same repetition',
      op: '<=',
      threshold: 20,
      unit: '%',
      values: evShare,
      note: 'events.jsonl.gz writer busy time during the run (serialize, gzip, append) + the results folder after it',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const resultsSuite: BenchSuite = {
  title: 'Results writing of the headless runner',
  description:
    'runHeadless (`npm run backtest -- config.yaml --data SYN.csv`) on a 1,000,350-bar minute CSV, momentum with trade_complete tracing (metrics, trades and one equity point per bar kept), timed by step: reading the config and CSV, the backtest, and writing the results folder (run.json, metrics.json, trades.json, equity.json). The equity curve is streamed to equity.json in 1 MB chunks and kept events through the batched gzip writer. The target is the write step as a share of the whole run, per repetition.',
  run,
};
