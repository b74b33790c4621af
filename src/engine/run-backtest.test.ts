import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import { runBacktest, runBacktestSync } from './run-backtest';
import type { Direction } from '../core/events';
import type { Bar } from './bar';
import { barsFrom, dataset, portfolioContainer, strategyContainer, studioConfig, testStrategies } from './testing/backtest-fixtures';
import { barSeriesFromBars, barsOf } from './bar-series';

/** A deterministic wavy series (no randomness needed to be non-trivial). */
function wave(symbol: string, n: number, phase = 0): Bar[] {
  const rows: [number, number, number, number][] = [];
  let prev = 100;
  for (let i = 0; i < n; i++) {
    const close = 100 + 10 * Math.sin((i + phase) / 7) + 3 * Math.cos((i + phase) / 2.3);
    rows.push([prev, Math.max(prev, close) + 0.5, Math.min(prev, close) - 0.5, close]);
    prev = close;
  }
  return barsFrom(symbol, rows);
}

/** long every `period` bars, flat `hold` bars later. */
function alternating(n: number, period: number, hold: number): Record<number, Direction> {
  const script: Record<number, Direction> = {};
  for (let i = 0; i + hold < n; i += period) {
    script[i] = 'long';
    script[i + hold] = 'flat';
  }
  return script;
}

function twoSymbolConfig() {
  return studioConfig(
    [
      strategyContainer('s1', 'scripted', { script: { AAA: alternating(300, 10, 4), BBB: alternating(300, 13, 6) } }),
      strategyContainer('s2', 'scripted', { script: { BBB: { 5: 'long', 100: 'short', 200: 'flat' } } }, ['BBB']),
      portfolioContainer('portfolio_1', ['s1'], { risk: { stopLoss: 0.03, takeProfit: 0.05 } }),
      portfolioContainer('portfolio_2', ['s2'], { allowShort: true, sizing: { type: 'percent_equity', percent: 20 } }),
    ],
    { execution: { slippageBps: 5, commissionPerTrade: 1, commissionPercent: 0.05 } },
  );
}

describe('runBacktest determinism', () => {
  it('gives byte-identical JSON for the same config and data, run after run and interleaved', async () => {
    const data = dataset(wave('AAA', 300), wave('BBB', 300, 3));
    const opts = { strategies: testStrategies, traceOverride: { retentionPolicy: 'full' as const } };
    const a = JSON.stringify(runBacktestSync(twoSymbolConfig(), data, opts));
    const b = JSON.stringify(runBacktestSync(twoSymbolConfig(), data, opts));
    expect(b).toBe(a);
    // Two async runs interleaving chunk by chunk on one thread, plus a third in between.
    const [c, d] = await Promise.all([
      runBacktest(twoSymbolConfig(), data, { ...opts, progressEvery: 7 }),
      runBacktest(twoSymbolConfig(), data, { ...opts, progressEvery: 11 }),
    ]);
    expect(JSON.stringify(c)).toBe(a);
    expect(JSON.stringify(d)).toBe(a);
    // Plain data: crosses a worker boundary (structured clone) unchanged.
    const plain = runBacktestSync(twoSymbolConfig(), data, opts);
    expect(structuredClone(plain)).toEqual(plain);
    const parsed = JSON.parse(a) as { containers: Record<string, { trades: unknown[] }> };
    expect(parsed.containers.portfolio_1.trades.length).toBeGreaterThan(20);
    expect(parsed.containers.portfolio_2.trades.length).toBeGreaterThan(0);
  });

  it('merges symbols in (timestamp, symbol order) and gives each strategy only its symbols', () => {
    const data = dataset(wave('AAA', 50), wave('BBB', 50, 3));
    const seen: string[] = [];
    const recorder = (kind: string) =>
      kind === 'rec'
        ? {
            kind: 'rec',
            description: '',
            params: [],
            symbolCount: { min: 1 },
            parseParams: () => ({}),
            create: (id: string, symbols: readonly string[]) => ({ id, kind: 'rec', symbols, onBar: (bar: Bar) => void seen.push(`${id}:${bar.symbol}:${bar.timestamp}`) }),
          }
        : undefined;
    const config = studioConfig([strategyContainer('all', 'rec', {}), strategyContainer('only_b', 'rec', {}, ['BBB']), portfolioContainer('p', ['all', 'only_b'])], {
      data: { source: 'test', timeframes: ['1d'], symbols: ['BBB', 'AAA'] },
    });
    runBacktestSync(config, data, { strategies: recorder });
    const t0 = barsOf(data.series[0])[0].timestamp;
    expect(seen.slice(0, 3)).toEqual([`all:BBB:${t0}`, `only_b:BBB:${t0}`, `all:AAA:${t0}`]);
    expect(seen.filter((s) => s.startsWith('only_b:AAA'))).toEqual([]);
    expect(seen.length).toBe(150);
  });
});

describe('trace settings per container', () => {
  it('resolves each container\'s tracing from the config cascade and the selected environment', () => {
    const seed = readFileSync(new URL('../core/config/fixtures/10-environments-dev-prod.yaml', import.meta.url), 'utf8');
    const yaml = `name: envs
containers:
  - {id: strategy_1, type: strategy, strategy: ma_crossover, params: {fast: 3, slow: 8}}
  - {id: portfolio_1, type: portfolio, strategies: [strategy_1], sizing: {type: fixed, quantity: 5}}
  - {id: execution_1, type: execution}
${seed}`;
    const parsed = parseStudioConfig(yaml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const data = dataset(wave('SPX', 300));
    const prod = runBacktestSync(parsed.config, data, { environment: 'production' });
    const p = prod.containers.portfolio_1;
    expect(p.traceSettings).toMatchObject({ retentionPolicy: 'sliding_window', maxEvents: 1000 });
    expect(p.metrics!.totalTrades).toBeGreaterThan(2);
    expect(new Set(p.events.map((e) => e.type))).toEqual(new Set(['FILL']));
    expect(p.events).toHaveLength(2 * p.metrics!.totalTrades);
    expect(new Set(prod.containers.execution_1.events.map((e) => e.type))).toEqual(new Set(['ORDER', 'FILL']));
    expect(prod.containers.strategy_1.traceSettings.enabled).toBe(false);
    expect(prod.containers.strategy_1.events).toEqual([]);

    const dev = runBacktestSync(parsed.config, data, { environment: 'development' });
    expect(dev.containers.portfolio_1.traceSettings.retentionPolicy).toBe('full');
    expect(dev.containers.strategy_1.events.filter((e) => e.type === 'SIGNAL').length).toBeGreaterThan(2);
    // Tracing never changes what is traded.
    expect(dev.containers.portfolio_1.trades).toEqual(p.trades);
  });
});

describe('multi-timeframe streams', () => {
  it('orders bars by close time (a 5m bar after the 1m bars it covers) and fills only on the finest bars', () => {
    const start = Date.UTC(2024, 0, 2, 9, 30);
    const MIN = 60_000;
    const minutes: Bar[] = Array.from({ length: 10 }, (_, i) => ({ timestamp: start + i * MIN, symbol: 'AAA', timeframe: '1m', open: 100 + i, high: 100.5 + i, low: 99.5 + i, close: 100 + i + 0.25, volume: 1 }));
    const fives: Bar[] = [0, 5].map((k) => ({
      timestamp: start + k * MIN,
      symbol: 'AAA',
      timeframe: '5m',
      open: minutes[k].open,
      high: minutes[k + 4].high,
      low: minutes[k].low,
      close: minutes[k + 4].close,
      volume: 5,
    }));
    const data = { id: 'mtf', name: 'mtf', source: 'test', series: [barSeriesFromBars('AAA', '5m', fives), barSeriesFromBars('AAA', '1m', minutes)] };
    const seen: string[] = [];
    let sent = false;
    const recorder = (kind: string) =>
      kind === 'rec'
        ? {
            kind: 'rec',
            description: '',
            params: [],
            symbolCount: { min: 1 },
            parseParams: () => ({}),
            create: (id: string, symbols: readonly string[]) => ({
              id,
              kind: 'rec',
              symbols,
              onBar: (bar: Bar, ctx: { emitSignal(s: string, d: Direction): void }) => {
                seen.push(`${bar.timeframe}@${(bar.timestamp - start) / MIN}`);
                // Decide on the first 5m bar (known at 09:35): the fill is the next 1m bar's open.
                if (bar.timeframe === '5m' && !sent) {
                  sent = true;
                  ctx.emitSignal('AAA', 'long');
                }
              },
            }),
          }
        : undefined;
    const config = studioConfig([strategyContainer('s', 'rec', {}), portfolioContainer('p', ['s'])], { data: { source: 'test', timeframes: ['1m', '5m'] } });
    const r = runBacktestSync(config, data, { strategies: recorder });
    expect(seen.slice(0, 7)).toEqual(['1m@0', '1m@1', '1m@2', '1m@3', '1m@4', '5m@0', '1m@5']);
    expect(r.containers.p.trades[0]).toMatchObject({ entryPrice: minutes[5].open, entryTime: minutes[5].timestamp, reason: 'end_of_data' });
    // One mark per close time: 10 minutes, the 5m closes share theirs.
    expect(r.containers.p.equityCurve!.map((x) => (x.timestamp - start) / MIN)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('memory under trade_complete', () => {
  it('keeps traced events flat however many trades close (bounded by open trades)', () => {
    const peak = (n: number) => {
      const script = alternating(n, 4, 2);
      const entries = Object.values(script).filter((d) => d === 'long').length;
      const config = studioConfig([strategyContainer('s1', 'scripted', { script: { AAA: script } }), portfolioContainer('p1', ['s1'])]);
      const r = runBacktestSync(config, dataset(wave('AAA', n)), { strategies: testStrategies });
      const p = r.containers.p1;
      expect(p.traceSettings.retentionPolicy).toBe('trade_complete');
      expect(p.metrics!.totalTrades).toBe(entries);
      return { trades: p.metrics!.totalTrades, stored: p.trades.length, peak: p.memory.peakEventsInMemory, now: p.memory.eventsInMemory, exec: r.containers.execution.memory };
    };
    const small = peak(200);
    const large = peak(4000);
    expect(large.trades).toBeGreaterThan(20 * small.trades / 2);
    expect(large.stored).toBe(large.trades);
    expect(large.peak).toBe(small.peak);
    // One trade's events at most: signal, order_request, order, fill, position_open, then the exit's five.
    expect(large.peak).toBeLessThanOrEqual(10);
    expect(large.now).toBe(0);
    expect(large.exec.peakEventsInMemory).toBe(small.exec.peakEventsInMemory);
    expect(large.exec.eventsInMemory).toBe(0);
  });
});

describe('progress and cancellation', () => {
  it('reports progress every N bars and rejects with an AbortError naming the bar reached', async () => {
    const config = studioConfig([strategyContainer('s1', 'scripted', { script: {} }), portfolioContainer('p1', ['s1'])]);
    const data = dataset(wave('AAA', 5000));
    const controller = new AbortController();
    const progress: number[] = [];
    const run = runBacktest(config, data, {
      strategies: testStrategies,
      progressEvery: 1000,
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.barsDone);
        expect(p.barsTotal).toBe(5000);
        if (p.barsDone === 2000) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', barsDone: 2000, message: expect.stringContaining('bar 2000 of 5000') });
    expect(progress).toEqual([1000, 2000]);
  });

  it('aborts from outside while the run yields between chunks', async () => {
    const config = studioConfig([strategyContainer('s1', 'scripted', { script: {} }), portfolioContainer('p1', ['s1'])]);
    const controller = new AbortController();
    const run = runBacktest(config, dataset(wave('AAA', 20_000)), { strategies: testStrategies, progressEvery: 500, signal: controller.signal });
    setTimeout(() => controller.abort(), 0);
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    expect((error as { barsDone: number }).barsDone).toBeLessThan(20_000);
  });
});

describe('handler errors', () => {
  it('stops the run with an error naming the bus, event and market time when a strategy throws', () => {
    const throwing = (kind: string) =>
      kind === 'boom'
        ? {
            kind: 'boom',
            description: '',
            params: [],
            symbolCount: { min: 1 },
            parseParams: () => ({}),
            create: (id: string, symbols: readonly string[]) => ({
              id,
              kind: 'boom',
              symbols,
              onBar: (bar: Bar) => {
                if (bar.close > 105) throw new Error('indicator blew up');
              },
            }),
          }
        : undefined;
    const config = studioConfig([strategyContainer('s1', 'boom', {}), portfolioContainer('p1', ['s1'])]);
    const bars = wave('AAA', 100);
    const first = bars.find((b) => b.close > 105)!;
    expect(() => runBacktestSync(config, dataset(bars), { strategies: throwing })).toThrow(
      expect.objectContaining({ name: 'BacktestHandlerError', busId: 'root', timestamp: first.timestamp, message: expect.stringContaining('indicator blew up') }),
    );
  });
});
