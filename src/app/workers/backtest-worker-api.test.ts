// The browser worker's API run in Node (the same host the Web Worker exposes): user
// strategies sent with a job go to the strategy job runner (here in-process, in this
// locked-down test realm, instead of a strategy worker), are compiled in the sandbox and
// run like built-ins; a compile error or an endless loop becomes a failed point with its
// location, never a crash.
import { describe, expect, it } from 'vitest';
import type { StudioConfig } from '../../core/config/studio-config';
import { generateSyntheticBars } from '../../engine/data/synthetic-bars';
import type { PointOutcome, PointSuccess } from '../../engine/optimization/pool-protocol';
import { testConfig } from '../../engine/optimization/test-config';
import { userStrategyErrorLocation } from '../../engine/user-strategy/user-strategy-error-location';
import { USER_STRATEGY_TEMPLATES } from '../../engine/user-strategy/user-strategy-templates';
import { lockdownStrategyRealm } from '../strategy-lab/strategy-realm';
import { createBacktestWorkerApi } from './backtest-worker-api';
import { inProcessStrategySessions } from './strategy-job';
import { strategyJobRunner } from './strategy-worker-runner';
import { candleEndRows, chartDataset, detailEndRows, thinSeries, unpackChartDataset } from '../data/chart-bars';
import { strategyOverlays } from '../ui/charts/strategy-overlays';
import { buyAndHoldCurve } from '../ui/charts/buy-and-hold-curve';

lockdownStrategyRealm();

const dataset = generateSyntheticBars({ seed: 11, symbols: ['AAA'], days: 600, timeframes: ['1d'] });
const MA_TEMPLATE = USER_STRATEGY_TEMPLATES.find((t) => t.builtin === 'ma_crossover')!.source;

function userConfig(name: string): StudioConfig {
  const base = testConfig();
  return { ...base, containers: base.containers.map((c) => (c.type === 'strategy' ? { ...c, strategy: `user:${name}` } : c)) };
}

function ok(o: PointOutcome): PointSuccess {
  if (!o.ok) throw new Error(`point failed: ${o.error.message}`);
  return o;
}

async function api() {
  const a = createBacktestWorkerApi(undefined, strategyJobRunner(inProcessStrategySessions()));
  await a.loadDataset({ kind: 'dataset', dataset });
  return a;
}

describe('backtest worker API with user strategies', () => {
  it('runs a template strategy with the same metrics as its built-in, single runs and sweep batches alike', async () => {
    const a = await api();
    const builtin = ok(await a.runJob({ config: testConfig(), datasetId: dataset.id, detail: 'metrics' }));
    const user = ok(await a.runJob({ config: userConfig('my_ma'), datasetId: dataset.id, detail: 'metrics', userStrategies: [{ name: 'my_ma', source: MA_TEMPLATE }] }));
    expect(builtin.trades['portfolio_1']).toBeGreaterThan(0);
    expect(user.metrics['portfolio_1']).toEqual(builtin.metrics['portfolio_1']);

    const jobs = [3, 8].map((fast, index) => ({ point: { index, params: { 'ma_1.params.fast': fast }, containerSuffix: `_p${index}` }, phase: null }));
    await a.prepare({ contextId: 'b', config: testConfig(), datasetId: dataset.id, detail: 'metrics' });
    await a.prepare({ contextId: 'u', config: userConfig('my_ma'), datasetId: dataset.id, detail: 'metrics', userStrategies: [{ name: 'my_ma', source: MA_TEMPLATE }] });
    const b = (await a.runBatch('b', jobs)).map(ok);
    const u = (await a.runBatch('u', jobs)).map(ok);
    expect(u.map((o) => o.metrics[`portfolio_1_p${o.index}`])).toEqual(b.map((o) => o.metrics[`portfolio_1_p${o.index}`]));
  });

  it('turns a compile error into failed points that name the line, in runJob and in every point of a batch', async () => {
    const a = await api();
    const broken = [{ name: 'bad', source: 'export function onBar(bar, ctx) {\n  const x = ;\n}\n' }];
    const single = await a.runJob({ config: userConfig('bad'), datasetId: dataset.id, userStrategies: broken });
    expect(single.ok).toBe(false);
    if (!single.ok) expect(single.error.message).toMatch(/user:bad.*line 2|line 2.*user:bad/s);

    await a.prepare({ contextId: 'c', config: userConfig('bad'), datasetId: dataset.id, detail: 'metrics', userStrategies: broken });
    const outcomes = await a.runBatch('c', [0, 1].map((index) => ({ point: { index, params: {}, containerSuffix: `_${index}` }, phase: null })));
    expect(outcomes.map((o) => o.ok)).toEqual([false, false]);
  });

  it('stops an endless loop in onBar at its line and keeps working afterwards', async () => {
    const a = await api();
    const loop = [{ name: 'spin', source: 'export const params = { fast: { default: 5 }, slow: { default: 20 } };\nexport function onBar(bar, ctx) {\n  if (bar.close > 0) {\n    while (true) {}\n  }\n}\n' }];
    const out = await a.runJob({ config: userConfig('spin'), datasetId: dataset.id, userStrategies: loop });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(userStrategyErrorLocation(out.error.message)).toEqual({ strategy: 'user:spin', line: 4 });
    ok(await a.runJob({ config: testConfig(), datasetId: dataset.id, detail: 'metrics' }));
  });
});

describe('what the price chart asks of the worker that holds the bars', () => {
  it('answers a big dataset as candles (the same chartDataset the page would make) and buy & hold over every close', async () => {
    const big = generateSyntheticBars({ seed: 5, symbols: ['AAA', 'BBB'], days: 140, timeframes: ['1m'] });
    const a = createBacktestWorkerApi();
    await a.loadDataset({ kind: 'dataset', dataset: big });
    const limits = { fullBars: 100_000 };
    const chart = unpackChartDataset(await a.chartData(big.id, limits));
    const want = chartDataset(big, limits);
    expect(chart.thinned).toBe(true);
    expect(chart.series.map((s) => [s.symbol, s.barsPerCandle, s.totalBars, s.time.length])).toEqual(want.series.map((s) => [s.symbol, s.barsPerCandle, s.totalBars, s.time.length]));
    expect(Array.from(chart.series[1]!.high)).toEqual(Array.from(want.series[1]!.high));
    const times = Float64Array.from(big.series[0]!.time.filter((_, i) => i % 977 === 0));
    const values = await a.buyAndHold(big.id, 100_000, times);
    expect(Array.from(values)).toEqual(buyAndHoldCurve(big.series, 100_000, times).map((p) => p[1]));
  });

  it('answers a zoomed-in window of one symbol as candles of that window only', async () => {
    const big = generateSyntheticBars({ seed: 5, symbols: ['AAA', 'BBB'], days: 30, timeframes: ['1m'] });
    const a = createBacktestWorkerApi();
    await a.loadDataset({ kind: 'dataset', dataset: big });
    const bbb = big.series[1]!;
    const from = bbb.time[1000]!;
    const to = bbb.time[1999]!;
    const window = unpackChartDataset(await a.chartWindow(big.id, 'BBB', from, to)).series[0]!;
    expect(window.symbol).toBe('BBB');
    expect(window.totalBars).toBe(1000);
    expect(window.barsPerCandle).toBe(1);
    expect(Array.from(window.close)).toEqual(Array.from(bbb.close.subarray(1000, 2000)));
    const wide = unpackChartDataset(await a.chartWindow(big.id, 'BBB', bbb.time[0]!, bbb.time[9999]!)).series[0]!;
    expect(wide.barsPerCandle).toBe(4);
    expect(Array.from(wide.high)).toEqual(Array.from(thinSeries({ ...bbb, time: bbb.time.subarray(0, 10_000), open: bbb.open.subarray(0, 10_000), high: bbb.high.subarray(0, 10_000), low: bbb.low.subarray(0, 10_000), close: bbb.close.subarray(0, 10_000), volume: bbb.volume.subarray(0, 10_000) }).high));
  });

  it('draws indicators over every bar, valued at each candle’s last bar', async () => {
    const big = generateSyntheticBars({ seed: 5, symbols: ['AAA', 'BBB'], days: 30, timeframes: ['1m'] });
    const a = createBacktestWorkerApi();
    await a.loadDataset({ kind: 'dataset', dataset: big });
    const bbb = big.series[1]!;
    const k = thinSeries(bbb, 500).barsPerCandle;
    const lines = await a.overlays(big.id, 'BBB', [{ kind: 'ma_crossover', params: { fast: 30, slow: 120 } }], k);
    const full = strategyOverlays('ma_crossover', { fast: 30, slow: 120 }, bbb);
    expect(lines.map((l) => l.name)).toEqual(['SMA 30', 'SMA 120']);
    const rows = candleEndRows(bbb.time.length, k);
    expect(lines[1]!.points).toHaveLength(thinSeries(bbb, 500).time.length);
    expect(lines[1]!.points).toEqual(rows.map((r) => full[1]!.points[r]));
    expect(lines[0]!.points.at(-1)).toEqual([bbb.time[bbb.time.length - 1], full[0]!.points.at(-1)![1]]);
    // Zoomed in on rows 3000..3999 drawn every 4 bars: the line is sampled finer there.
    const window = { from: bbb.time[3000]!, to: bbb.time[3999]!, barsPerCandle: 4 };
    const zoomed = await a.overlays(big.id, 'BBB', [{ kind: 'ma_crossover', params: { fast: 30, slow: 120 } }], k, window);
    const zoomRows = detailEndRows(bbb.time.length, k, { start: 3000, end: 4000, barsPerCandle: 4 });
    expect(zoomed[0]!.points).toEqual(zoomRows.map((r) => full[0]!.points[r]));
    expect(zoomRows.filter((r) => r >= 3000 && r < 4000)).toHaveLength(250);
  });
});
