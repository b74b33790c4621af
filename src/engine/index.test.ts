// The public barrels are what the shells import: this runs the studio's default study
// through them alone (no deep imports), in plain Node, on the bundled S&P 500 bars.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_YAML, EventType, parseStudioConfig } from '../core/index';
import { expandGrid, runBacktestSync } from './index';
import { readBundledDataset } from '../node/bundled-data';

describe('engine and core barrels', () => {
  it('run the default study end to end: trades, metrics consistent with them, equity curve', () => {
    const parsed = parseStudioConfig(DEFAULT_CONFIG_YAML);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('\n'));
    const dataset = readBundledDataset(parsed.config.data.source);
    const result = runBacktestSync(parsed.config, dataset);

    const portfolio = result.containers.portfolio_1;
    expect(portfolio.type).toBe('portfolio');
    const metrics = portfolio.metrics!;
    expect(portfolio.trades.length).toBeGreaterThan(10);
    expect(metrics.totalTrades).toBe(portfolio.trades.length);
    const pnl = portfolio.trades.reduce((sum, t) => sum + t.pnl, 0);
    expect(metrics.totalPnl).toBeCloseTo(pnl, 6);
    expect(metrics.finalEquity).toBeCloseTo(parsed.config.initialCapital + pnl, 6);
    expect(metrics.winningTrades + metrics.losingTrades).toBeLessThanOrEqual(metrics.totalTrades);
    // Every bar marks equity; the last point is the final equity.
    expect(portfolio.equityCurve!.length).toBe(result.barsProcessed);
    expect(portfolio.equityCurve!.at(-1)!.equity).toBeCloseTo(metrics.finalEquity, 6);
    // trade_complete keeps only open trades' events: at most one position is open at the end.
    expect(portfolio.memory.openPositions).toBeLessThanOrEqual(1);
    expect(portfolio.events.every((e) => e.correlationId !== undefined)).toBe(true);
    expect(portfolio.events.filter((e) => e.type === EventType.POSITION_CLOSE)).toEqual([]);
  });

  it("expand the default study's sweep into its 5 × 3 grid", () => {
    const parsed = parseStudioConfig(DEFAULT_CONFIG_YAML);
    if (!parsed.ok) throw new Error('default config must parse');
    const points = expandGrid(parsed.config.optimization!.parameters);
    expect(points).toHaveLength(15);
    expect(new Set(points.map((p) => JSON.stringify(p.params))).size).toBe(15);
  });
});
