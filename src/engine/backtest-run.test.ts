// BacktestRun's data preparation and end-of-run figures: timeframes the config asks for are
// built from finer bars, and buy-and-hold is measured on the bars the portfolio trades.
import { describe, expect, it } from 'vitest';
import { runBacktestSync } from './run-backtest';
import { barsFrom, dataset, portfolioContainer, strategyContainer, studioConfig, testStrategies } from './testing/backtest-fixtures';
import type { Bar } from './bar';

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
