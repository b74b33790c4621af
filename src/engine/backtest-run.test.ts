// BacktestRun's data preparation and end-of-run figures: timeframes the config asks for are
// built from finer bars, buy-and-hold is measured on the bars the portfolio trades, and
// tradeFrom warms strategies up on earlier bars while trading only from its time.
import { describe, expect, it } from 'vitest';
import { runBacktestSync } from './run-backtest';
import { recordSignals, replaySignals } from './replay-signals';
import { DAY, T0, barsFrom, dataset, portfolioContainer, strategyContainer, studioConfig, testStrategies } from './testing/backtest-fixtures';
import type { Bar } from './bar';
import { sliceDataset } from './walk-forward/slice-dataset';

const MINUTE = 60_000;

describe('BacktestRun', () => {
  it('measures buy-and-hold from the first to the last close of the traded symbol, not of others', () => {
    const spx = barsFrom('SPX', [
      [100, 101, 99, 100],
      [100, 106, 99, 105],
      [105, 112, 104, 110],
      [110, 121, 109, 120],
    ]);
    const other = barsFrom('OTHER', [
      [50, 51, 49, 50],
      [50, 51, 10, 10],
      [10, 11, 9, 10],
      [10, 11, 9, 10],
    ]);
    const config = studioConfig(
      [strategyContainer('strategy_1', 'scripted', { script: { SPX: { 0: 'long' } } }, ['SPX']), portfolioContainer('portfolio_1', ['strategy_1'])],
      { data: { source: 'test', timeframes: ['1d'] } },
    );
    const result = runBacktestSync(config, dataset(spx, other), { strategies: testStrategies });
    // 120 / 100 − 1, the hold of SPX alone (OTHER fell 80 % and is not traded).
    expect(result.containers.portfolio_1.metrics!.buyAndHoldReturn).toBeCloseTo(0.2, 12);
  });

  it('builds a requested 5m timeframe from 1m bars instead of running on minutes', () => {
    const t0 = Date.UTC(2024, 0, 2, 14, 30);
    const closes = [10, 11, 12, 13, 14, 15, 14, 13, 12, 11];
    const minutes: Bar[] = closes.map((c, i) => ({
      timestamp: t0 + i * MINUTE,
      symbol: 'X',
      timeframe: '1m',
      open: c - 0.5,
      high: c + 1,
      low: c - 1,
      close: c,
      volume: 100,
    }));
    const config = studioConfig(
      [strategyContainer('strategy_1', 'scripted', { script: {} }, ['X']), portfolioContainer('portfolio_1', ['strategy_1'])],
      { data: { source: 'test', timeframes: ['5m'] } },
    );
    const result = runBacktestSync(config, dataset(minutes), { strategies: testStrategies });
    // Two 5-minute buckets: 14:30–14:34 and 14:35–14:39.
    expect(result.barsProcessed).toBe(2);
    const curve = result.containers.portfolio_1.equityCurve!;
    expect(curve).toHaveLength(2);
  });

  it('says so when a requested timeframe cannot be built from the data', () => {
    const daily = barsFrom('SPX', [
      [100, 101, 99, 100],
      [100, 106, 99, 105],
    ]);
    const config = studioConfig(
      [strategyContainer('strategy_1', 'scripted', { script: {} }, ['SPX']), portfolioContainer('portfolio_1', ['strategy_1'])],
      { data: { source: 'test', timeframes: ['1m'] } },
    );
    const result = runBacktestSync(config, dataset(daily), { strategies: testStrategies });
    expect(result.barsProcessed).toBe(2);
    expect(result.warnings?.join('\n')).toMatch(/data\.timeframes: Cannot derive 1m bars of SPX/);
  });
});

describe('BacktestRun tradeFrom (warm-up bars)', () => {
  // SMA(2) / SMA(5) crossover on these closes (by hand: averages of the last 2 / 5 closes):
  //   bar 4: 10 vs 10 (both exist, equal)   bar 5: 11 vs 10.4 → cross up: LONG (warm-up)
  //   bar 8: 7 vs 10 → cross down: FLAT (warm-up)   bar 10: 9 vs 9.2 (still below)
  //   bar 11: 14 vs 9.6 → cross up: LONG (traded)   bar 15: 12 vs 15.6 → cross down: FLAT (traded)
  const CLOSES = [10, 10, 10, 10, 10, 12, 14, 8, 6, 6, 12, 16, 18, 20, 14, 10, 10, 10];
  const TRADE_FROM_BAR = 9;
  const tradeFrom = T0 + TRADE_FROM_BAR * DAY;
  // Each bar opens at the previous close, so a next_open fill is at the signal bar's close.
  const bars: Bar[] = CLOSES.map((close, i) => {
    const open = i === 0 ? close : CLOSES[i - 1]!;
    return { timestamp: T0 + i * DAY, symbol: 'AAA', timeframe: '1d', open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000 };
  });
  const config = studioConfig([strategyContainer('sma_1', 'ma_crossover', { fast: 2, slow: 5 }), portfolioContainer('portfolio_1', ['sma_1'])]);
  const full = { retentionPolicy: 'full', eventsToTrace: 'ALL', enabled: true, storeEquityCurve: true, storeTrades: true } as const;

  it("takes the strategy's wish at the end of the warm-up on the first tradeable bar (a trend begun in the warm-up)", () => {
    // tradeFrom at bar 13: the bar-11 LONG cross happened in the warm-up and ma_crossover signals
    // only on crosses, so without the carried wish it would sit out the trend until bar 15.
    const from = T0 + 13 * DAY;
    const warm = runBacktestSync(config, dataset(bars), { traceOverride: full, tradeFrom: from });
    const signals = warm.containers.sma_1.events.filter((e) => e.type === 'SIGNAL');
    expect(signals.map((e) => [e.timestamp, (e.payload as { direction: string }).direction])).toEqual([
      [from, 'long'],
      [T0 + 15 * DAY, 'flat'],
    ]);
    // Long from bar 14's open (20), out at bar 16's open (10): 10 × (10 − 20).
    expect(warm.containers.portfolio_1.trades.map((t) => [t.entryTime, t.entryPrice, t.exitPrice, t.pnl])).toEqual([[T0 + 14 * DAY, 20, 10, -100]]);
    // A warm-up that ends flat carries nothing (the first test above): only real signals trade.
  });

  it('trades nothing before tradeFrom and the first signal after it; metrics and curve cover [tradeFrom, end] only', () => {
    const cold = runBacktestSync(config, dataset(bars), { traceOverride: full });
    // Without tradeFrom the warm-up cross trades: long at bar 5 (filled at bar 6's open, 12), flat at bar 8 (filled at bar 9's open, 6).
    expect(cold.containers.portfolio_1.trades.map((t) => [t.entryPrice, t.exitPrice])).toEqual([
      [12, 6],
      [16, 10],
    ]);

    const warm = runBacktestSync(config, dataset(bars), { traceOverride: full, tradeFrom });
    const p = warm.containers.portfolio_1;
    // Only the bar-11 long (filled at bar 12's open, 16) and the bar-15 flat (filled at bar 16's open, 10): 10 × (10 − 16).
    expect(p.trades.map((t) => [t.entryTime, t.entryPrice, t.exitTime, t.exitPrice, t.pnl])).toEqual([[T0 + 12 * DAY, 16, T0 + 16 * DAY, 10, -60]]);
    // No SIGNAL before tradeFrom was published or traced; none of the portfolio's events predate it.
    const signals = warm.containers.sma_1.events.filter((e) => e.type === 'SIGNAL');
    expect(signals.map((e) => [e.timestamp, (e.payload as { direction: string }).direction])).toEqual([
      [T0 + 11 * DAY, 'long'],
      [T0 + 15 * DAY, 'flat'],
    ]);
    expect(p.events.length).toBeGreaterThan(0);
    expect(p.events.every((e) => e.timestamp >= tradeFrom)).toBe(true);
    expect(p.events.find((e) => e.type === 'PORTFOLIO_UPDATE')?.timestamp).toBe(tradeFrom);
    expect(warm.startTime).toBe(tradeFrom);
    expect(warm.barsProcessed).toBe(CLOSES.length);

    // The equity curve by hand: flat at 100 000 on bars 9–11, long 10 from 16 on bars 12–15, sold at 10 on bar 16.
    const held = [0, 0, 0, 18, 20, 14, 10].map((c) => (c === 0 ? 100_000 : 100_000 + 10 * (c - 16)));
    const equity = [...held, 99_940, 99_940];
    const curve = p.equityCurve!;
    expect(curve.map((q) => q.timestamp)).toEqual(CLOSES.slice(TRADE_FROM_BAR).map((_, i) => tradeFrom + i * DAY));
    expect(curve.map((q) => q.equity)).toEqual(equity);
    const m = p.metrics!;
    expect(m.totalReturn).toBeCloseTo(-60 / 100_000, 15);
    expect(m.maxDrawdown).toBeCloseTo((100_040 - 99_940) / 100_040, 15);
    expect(m.totalTrades).toBe(1);
    expect(m.equityUpdates).toBe(CLOSES.length - TRADE_FROM_BAR);
    // Buy-and-hold from the first close at/after tradeFrom (6) to the last (10).
    expect(m.buyAndHoldReturn).toBeCloseTo(10 / 6 - 1, 12);

    // Independently: a fresh run on the bars from tradeFrom on, given the same two signals
    // (slice bar 2 = bar 11, slice bar 6 = bar 15), reports the same metrics and curve.
    const scripted = studioConfig([
      strategyContainer('sma_1', 'scripted', { script: { AAA: { 2: 'long', 6: 'flat' } } }),
      portfolioContainer('portfolio_1', ['sma_1']),
    ]);
    const fresh = runBacktestSync(scripted, sliceDataset(dataset(bars), tradeFrom, Number.POSITIVE_INFINITY), { strategies: testStrategies, traceOverride: full });
    expect(m).toEqual(fresh.containers.portfolio_1.metrics);
    expect(curve).toEqual(fresh.containers.portfolio_1.equityCurve);
    expect(fresh.startTime).toBe(warm.startTime);
  });

  it('with tradeFrom at the first bar (or before it) is byte-identical to a run without it', () => {
    const plain = JSON.stringify(runBacktestSync(config, dataset(bars), { traceOverride: full }));
    expect(JSON.stringify(runBacktestSync(config, dataset(bars), { traceOverride: full, tradeFrom: T0 }))).toBe(plain);
    expect(JSON.stringify(runBacktestSync(config, dataset(bars), { traceOverride: full, tradeFrom: T0 - DAY }))).toBe(plain);
  });

  it('a recording made with tradeFrom replays to the same result', () => {
    const recorded = recordSignals(config, dataset(bars), { tradeFrom });
    expect(recorded.signals.map((s) => s.timestamp)).toEqual([T0 + 11 * DAY, T0 + 15 * DAY]);
    const replayed = replaySignals(config, dataset(bars), recorded.signals, { tradeFrom });
    expect(replayed.containers.portfolio_1.metrics).toEqual(recorded.result.containers.portfolio_1.metrics);
    expect(replayed.containers.portfolio_1.equityCurve).toEqual(recorded.result.containers.portfolio_1.equityCurve);
  });

  it('a tradeFrom after the last bar trades nothing and marks nothing', () => {
    const r = runBacktestSync(config, dataset(bars), { tradeFrom: T0 + 100 * DAY });
    expect(r.containers.portfolio_1.trades).toEqual([]);
    expect(r.containers.portfolio_1.equityCurve ?? []).toEqual([]);
    expect(r.containers.portfolio_1.metrics!.totalTrades).toBe(0);
    expect(r.containers.portfolio_1.metrics!.finalEquity).toBe(100_000);
  });
});
