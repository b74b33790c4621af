import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeRunFiles } from '../app/storage/run-archive';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import { runWalkForward } from '../engine/walk-forward/run-walk-forward';
import { readBundledDataset } from './bundled-data';
import { describe, expect, it } from 'vitest';
import { readJsonlSegments } from './jsonl-gz-writer';
import { EXIT_INVALID_INPUT, EXIT_OK, runHeadless } from './run-headless';
import { tempDirs } from './testing/temp-dirs';

const DEFAULT_CONFIG = new URL('../core/config/default-config.yaml', import.meta.url);
const tmp = tempDirs('headless-');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), isTTY: false }, out, err };
}

describe('runHeadless (npm run backtest)', () => {
  it('writes a results folder the studio imports as a run (run.json, trades, equity, config)', async () => {
    const dir = tmp();
    const out = join(dir, 'results');
    const configPath = join(dir, 'config.yaml');
    const yaml = readFileSync(DEFAULT_CONFIG, 'utf8');
    writeFileSync(configPath, yaml);
    const { io } = capture();
    expect(await runHeadless([configPath, '--out', out, '--no-sweep'], io)).toBe(EXIT_OK);

    const files: Record<string, Uint8Array> = {};
    for (const entry of readdirSync(out, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = join(entry.parentPath, entry.name);
      files[relative(out, full).split(sep).join('/')] = new Uint8Array(readFileSync(full));
    }
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['run.json', 'config.yaml', 'portfolio_1/metrics.json', 'portfolio_1/trades.json', 'portfolio_1/equity.npy']));
    expect(Object.keys(files)).not.toContain('portfolio_1/equity.json');
    const archive = decodeRunFiles(files);
    expect(archive.configText).toBe(yaml);
    const portfolio = archive.result.containers.portfolio_1;
    const written = JSON.parse(readFileSync(join(out, 'portfolio_1', 'metrics.json'), 'utf8'));
    expect(portfolio.metrics!.totalTrades).toBe(written.metrics.total_trades);
    expect(portfolio.trades).toHaveLength(written.metrics.total_trades);
    expect(portfolio.metrics!.finalEquity).toBe(written.metrics.final_equity);
    expect(portfolio.equityCurve!.length).toBe(written.bars_processed);
    expect(portfolio.equityCurve!.at(-1)!.equity).toBe(written.metrics.final_equity);

    // --equity-format json: the same curve as equity.json, point for point.
    const jsonOut = join(dir, 'results-json');
    expect(await runHeadless([configPath, '--out', jsonOut, '--no-sweep', '--equity-format', 'json'], capture().io)).toBe(EXIT_OK);
    const jsonCurve = JSON.parse(readFileSync(join(jsonOut, 'portfolio_1', 'equity.json'), 'utf8')) as unknown[];
    expect(existsSync(join(jsonOut, 'portfolio_1', 'equity.npy'))).toBe(false);
    expect(jsonCurve).toEqual(portfolio.equityCurve!.map((p) => ({ timestamp: p.timestamp, equity: p.equity, cash: p.cash, drawdown: p.drawdown })));
  });

  it('runs the default config and writes <out>/<container>/metrics.json (+ events.jsonl.gz where tracing keeps events)', async () => {
    const dir = tmp();
    const out = join(dir, 'results');
    const configPath = join(dir, 'config.yaml');
    // The default study, with one container streamed to disk and the strategy kept in full.
    const yaml = readFileSync(DEFAULT_CONFIG, 'utf8').replace(
      '    "strategy_*":\n      retention_policy: sliding_window\n      max_events: 500\n      events_to_trace: [SIGNAL, REGIME_CHANGE]',
      '    "strategy_*":\n      retention_policy: full\n      events_to_trace: ALL\n    "execution_*":\n      storage_backend: disk',
    );
    expect(yaml).toContain('storage_backend: disk');
    writeFileSync(configPath, yaml);
    const { io, out: stdout, err } = capture();
    const code = await runHeadless([configPath, '--out', out, '--no-sweep'], io);
    expect(err.join('')).not.toMatch(/\r/);
    expect(code).toBe(EXIT_OK);
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['execution_1', 'portfolio_1', 'strategy_momentum_1']));

    const metrics = JSON.parse(readFileSync(join(out, 'portfolio_1', 'metrics.json'), 'utf8'));
    expect(metrics.container_id).toBe('portfolio_1');
    for (const key of ['total_return', 'sharpe_ratio', 'max_drawdown', 'win_rate', 'profit_factor', 'total_trades', 'final_equity']) {
      expect(metrics.metrics).toHaveProperty(key);
    }
    expect(metrics.metrics.total_trades).toBeGreaterThan(0);
    expect(metrics.trades_summary.count).toBe(metrics.metrics.total_trades);
    expect(metrics.bars_processed).toBeGreaterThan(1000);
    // trade_complete keeps no events after the run: no events file for the portfolio.
    expect(existsSync(join(out, 'portfolio_1', 'events.jsonl.gz'))).toBe(false);

    // full retention of ALL: the strategy's signals and the momentum it computed on every bar (FEATURES);
    // disk backend: the execution container's stream.
    const signals = readJsonlSegments<{ type: string }>(join(out, 'strategy_momentum_1'));
    expect(signals.length).toBeGreaterThan(0);
    expect(new Set(signals.map((e) => e.type))).toEqual(new Set(['SIGNAL', 'FEATURES']));
    const execution = readJsonlSegments<{ type: string; containerId?: string }>(join(out, 'execution_1'));
    expect(execution.filter((e) => e.type === 'FILL').length).toBe(2 * metrics.metrics.total_trades);
    expect(JSON.parse(readFileSync(join(out, 'execution_1', 'metrics.json'), 'utf8')).events_written).toBe(execution.length);
    expect(stdout.join('')).toContain('portfolio_1: total_return');
  });

  it('streams a disk container past a few thousand events through the writer thread, exactly as JSON.stringify writes them', async () => {
    const dir = tmp();
    // The strategy keeps every event (one FEATURES per bar of sp500's 5,105, more than the 4,096
    // written on the run's thread before the stream moves to the writer thread): once streamed
    // to disk during the run, once kept in memory and written after it with JSON.stringify.
    const study = (backend: string): string =>
      readFileSync(DEFAULT_CONFIG, 'utf8').replace(
        '    "strategy_*":\n      retention_policy: sliding_window\n      max_events: 500\n      events_to_trace: [SIGNAL, REGIME_CHANGE]',
        `    "strategy_*":\n      retention_policy: full\n      events_to_trace: ALL\n      storage_backend: ${backend}`,
      );
    const texts: string[] = [];
    for (const backend of ['disk', 'memory']) {
      const yaml = study(backend);
      expect(yaml).toContain(`storage_backend: ${backend}`);
      const configPath = join(dir, `${backend}.yaml`);
      writeFileSync(configPath, yaml);
      const out = join(dir, backend);
      const { io, err } = capture();
      expect(await runHeadless([configPath, '--out', out, '--no-sweep', '--quiet'], io), err.join('')).toBe(EXIT_OK);
      texts.push(gunzipSync(readFileSync(join(out, 'strategy_momentum_1', 'events.jsonl.gz'))).toString('utf8'));
    }
    const [streamed, written] = texts as [string, string];
    expect(streamed.split('\n').length).toBeGreaterThan(5000);
    expect(streamed).toBe(written);
  });

  it("runs the config's sweep on worker threads: every point's folders, summary.json ranked, run.json importable", async () => {
    const dir = tmp();
    const out = join(dir, 'results');
    const configPath = join(dir, 'config.yaml');
    // The default study's sweep, narrowed to 2 × 2 points to keep the test short.
    const yaml = readFileSync(DEFAULT_CONFIG, 'utf8')
      .replace('lookback: [10, 20, 40, 60, 120]', 'lookback: [10, 40]')
      .replace('threshold: {from: 0.0, to: 0.02, step: 0.01}', 'threshold: [0, 0.02]');
    expect(yaml).toContain('lookback: [10, 40]');
    writeFileSync(configPath, yaml);
    const { io, out: stdout } = capture();
    expect(await runHeadless([configPath, '--out', out, '--workers', '2'], io)).toBe(EXIT_OK);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.total).toBe(4);
    expect(summary.failed).toBe(0);
    const points = summary.phases[0].points as { rank: number; params: Record<string, number>; objective_value: number; container_ids: Record<string, string> }[];
    expect(points.map((p) => p.rank)).toEqual([1, 2, 3, 4]);
    // Ranked by Sharpe, highest first.
    const objectives = points.map((p) => p.objective_value);
    expect([...objectives].sort((a, b) => b - a)).toEqual(objectives);
    expect(new Set(points.map((p) => JSON.stringify(p.params))).size).toBe(4);

    // Each point equals the same config run alone with its parameters.
    const best = points[0];
    const folder = best.container_ids.portfolio_1;
    const written = JSON.parse(readFileSync(join(out, folder, 'metrics.json'), 'utf8'));
    const alone = yaml
      .replace('lookback: 20 ', `lookback: ${best.params['strategy_momentum_1.params.lookback']} `)
      .replace('threshold: 0.0 ', `threshold: ${best.params['strategy_momentum_1.params.threshold']} `);
    const aloneConfig = join(dir, 'alone.yaml');
    writeFileSync(aloneConfig, alone);
    const single = capture();
    expect(await runHeadless([aloneConfig, '--out', join(dir, 'alone'), '--no-sweep'], single.io)).toBe(EXIT_OK);
    const aloneMetrics = JSON.parse(readFileSync(join(dir, 'alone', 'portfolio_1', 'metrics.json'), 'utf8'));
    expect(written.metrics).toEqual(aloneMetrics.metrics);

    const runJson = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(runJson.run.containerIds).toEqual(expect.arrayContaining(points.map((p) => p.container_ids.portfolio_1)));
    expect(stdout.join('')).toContain('sweep of 4 points');
  });

  it('runs optimization.walk_forward on worker threads: the same windows and choices as in process', async () => {
    const dir = tmp();
    const out = join(dir, 'results');
    const configPath = join(dir, 'config.yaml');
    const yaml = readFileSync(DEFAULT_CONFIG, 'utf8')
      .replace('lookback: [10, 20, 40, 60, 120]', 'lookback: [20, 60]')
      .replace('threshold: {from: 0.0, to: 0.02, step: 0.01}', 'threshold: [0, 0.02]\n  walk_forward: {train: 1000, test: 1000, anchored: false}');
    expect(yaml).toContain('walk_forward');
    writeFileSync(configPath, yaml);
    const { io, out: stdout } = capture();
    expect(await runHeadless([configPath, '--out', out, '--workers', '2'], io)).toBe(EXIT_OK);
    const written = JSON.parse(readFileSync(join(out, 'walk-forward.json'), 'utf8'));
    // 5,105 bars: rolling 1,000-bar train + 1,000-bar test windows stepping by the test span.
    expect(written.windows).toHaveLength(Math.floor((5105 - 1000) / 1000));

    const parsed = parseStudioConfig(yaml);
    if (!parsed.ok) throw new Error('config must parse');
    const local = await runWalkForward(parsed.config, readBundledDataset('sp500'));
    expect(written.windows.map((w: { params: unknown }) => w.params)).toEqual(local.windows.map((w) => w.params));
    expect(written.oos_metrics.total_return).toBeCloseTo(local.oosMetrics.totalReturn, 12);
    expect(written.oos_trades).toHaveLength(local.oosTrades.length);
    expect(stdout.join('')).toContain(`walk-forward, ${local.windows.length} windows`);
  });

  it('writes the standalone HTML report with --report', async () => {
    const dir = tmp();
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, readFileSync(DEFAULT_CONFIG, 'utf8'));
    const report = join(dir, 'report.html');
    const { io, out: stdout } = capture();
    expect(await runHeadless([configPath, '--out', join(dir, 'r'), '--no-sweep', '--report', report], io)).toBe(EXIT_OK);
    const html = readFileSync(report, 'utf8');
    expect(html.startsWith('<!doctype html>') || html.startsWith('<!DOCTYPE html>')).toBe(true);
    const trades = JSON.parse(readFileSync(join(dir, 'r', 'portfolio_1', 'metrics.json'), 'utf8')).metrics.total_trades;
    expect(html).toContain('S&amp;P 500 momentum');
    expect(trades).toBeGreaterThan(0);
    expect(stdout.join('')).toContain(`report: ${report}`);
  });

  it('exits 2 with file:line:column on stderr for an invalid config', async () => {
    const dir = tmp();
    const configPath = join(dir, 'bad.yaml');
    writeFileSync(configPath, 'name: bad\ninitial_capital: -5\ncontainers: []\n');
    const { io, err } = capture();
    expect(await runHeadless([configPath, '--out', join(dir, 'r')], io)).toBe(EXIT_INVALID_INPUT);
    expect(err.join('')).toMatch(new RegExp(`${configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `));
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('exits 2 naming the file and line of a bad CSV row, and runs nothing', async () => {
    const dir = tmp();
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, readFileSync(DEFAULT_CONFIG, 'utf8'));
    const csv = join(dir, 'SPX.csv');
    writeFileSync(csv, 'Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10,9,11,10,100\n2024-01-04,10,11,9,abc,100\n');
    const { io, err } = capture();
    expect(await runHeadless([configPath, '--data', csv, '--out', join(dir, 'r')], io)).toBe(EXIT_INVALID_INPUT);
    const text = err.join('');
    expect(text).toContain(`${csv}:3`);
    expect(text).toContain(`${csv}:4`);
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('exits 2 with the usage for bad arguments, and 2 for a config naming an unknown strategy', async () => {
    const { io, err } = capture();
    expect(await runHeadless(['--dat', 'x.csv'], io)).toBe(EXIT_INVALID_INPUT);
    expect(err.join('')).toContain('usage: npm run backtest');
    const dir = tmp();
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, readFileSync(DEFAULT_CONFIG, 'utf8').replace('strategy: momentum', 'strategy: momentun'));
    const second = capture();
    const code = await runHeadless([configPath, '--out', join(dir, 'r')], second.io);
    expect(code).toBe(EXIT_INVALID_INPUT);
    expect(second.err.join('')).toMatch(/momentun/);
  });

  it('exits 1 when the run itself fails (results cannot be written)', async () => {
    const dir = tmp();
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, readFileSync(DEFAULT_CONFIG, 'utf8'));
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'a file where the results folder should go');
    const { io, err } = capture();
    expect(await runHeadless([configPath, '--out', join(blocker, 'results')], io)).toBe(1);
    expect(err.join('')).toMatch(/not-a-dir/);
  });
});
