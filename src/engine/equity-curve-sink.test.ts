import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../core/config/parse-studio-config';
import type { EquityBlock, EquityPoint } from './backtest-result';
import { runBacktest, runBacktestSync } from './run-backtest';
import { generateSyntheticBars } from './data/synthetic-bars';
import { readFileSync } from 'node:fs';
import { barsFrom, dataset, portfolioContainer, strategyContainer, testStrategies } from './testing/backtest-fixtures';

/** The points of a sink's blocks, in the order they came. */
function pointsOf(blocks: readonly EquityBlock[]): EquityPoint[] {
  const out: EquityPoint[] = [];
  for (const b of blocks) {
    expect(new Set([b.timestamp.length, b.equity.length, b.cash.length, b.drawdown.length]).size).toBe(1);
    for (let i = 0; i < b.timestamp.length; i++) out.push({ timestamp: b.timestamp[i]!, equity: b.equity[i]!, cash: b.cash[i]!, drawdown: b.drawdown[i]! });
  }
  return out;
}

const CONFIG = `name: sink
initial_capital: 100000
data: { source: synthetic, symbols: [AAA, BBB], timeframes: ["1m"] }
execution: { fill_model: next_open, commission_per_trade: 1, slippage_bps: 2 }
containers:
  - { id: strategy_momentum_1, type: strategy, strategy: momentum, params: { lookback: 20, threshold: 0.001 } }
  - { id: portfolio_1, type: portfolio, strategies: [strategy_momentum_1], sizing: { type: percent_equity, percent: 50 } }
  - { id: portfolio_2, type: portfolio, strategies: [strategy_momentum_1], event_tracing: { store_equity_curve: false } }
  - { id: execution_1, type: execution }
`;

describe('RunBacktestOptions.equityCurveSink', () => {
  const parsed = parseStudioConfig(CONFIG);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const config = parsed.config;
  // 400 sessions × 390 minutes (one point per minute for both symbols): two full 65,536-point blocks and a partial one.
  const data = generateSyntheticBars({ seed: 3, symbols: ['AAA', 'BBB'], days: 400, timeframes: ['1m'] });

  it('hands over the whole curve in blocks, bit for bit the curve the result keeps without a sink, and keeps none of it', async () => {
    const kept = runBacktestSync(config, data);
    const expected = kept.containers.portfolio_1.equityCurve!;
    expect(expected.length).toBeGreaterThan(2 * 65_536);

    const blocks: EquityBlock[] = [];
    const asked: string[] = [];
    const sunk = await runBacktest(config, data, {
      progressEvery: 5_000,
      equityCurveSink: (id) => {
        asked.push(id);
        return { write: (b) => void blocks.push(b) };
      },
    });
    // Only portfolios that store a curve are asked.
    expect(asked).toEqual(['portfolio_1']);
    expect(blocks.slice(0, -1).every((b) => b.timestamp.length === 65_536)).toBe(true);
    expect(pointsOf(blocks)).toEqual(expected);
    const p1 = sunk.containers.portfolio_1;
    expect(p1.equityCurve).toEqual([]);
    expect(p1.equityCurveStreamed).toBe(expected.length);
    expect(p1.metrics).toEqual(kept.containers.portfolio_1.metrics);
    expect(p1.trades).toEqual(kept.containers.portfolio_1.trades);
    expect(sunk.containers.portfolio_2.equityCurve).toBeUndefined();
    expect(sunk.containers.portfolio_2.equityCurveStreamed).toBeUndefined();
  });

  it('keeps the curve in the result for a container the sink declines', () => {
    const r = runBacktestSync(config, data, { equityCurveSink: () => undefined });
    expect(r.containers.portfolio_1.equityCurve!.length).toBeGreaterThan(0);
    expect(r.containers.portfolio_1.equityCurveStreamed).toBeUndefined();
  });

  it('asks again on a dynamic_rules re-run, and the last sink gets the whole curve', () => {
    const seed = readFileSync(new URL('../core/config/fixtures/11-dynamic-rules.yaml', import.meta.url), 'utf8');
    const rules = parseStudioConfig(`name: dynamic\n${seed}`);
    if (!rules.ok) throw new Error(JSON.stringify(rules.errors));
    const containers = [strategyContainer('strategy_up', 'scripted', { script: { SPX: { 1: 'long', 6: 'flat' } } }), portfolioContainer('portfolio_winner', ['strategy_up'])];
    const closes = [100, 101, 102, 104, 106, 108, 110, 108, 105, 103, 101, 100];
    const bars = dataset(barsFrom('SPX', closes.map((c) => [c, c + 1, c - 1, c] as [number, number, number, number])));
    const cfg = { ...rules.config, containers };
    const expected = runBacktestSync(cfg, bars, { strategies: testStrategies }).containers.portfolio_winner.equityCurve!;
    const sinks: EquityBlock[][] = [];
    runBacktestSync(cfg, bars, {
      strategies: testStrategies,
      equityCurveSink: () => {
        const blocks: EquityBlock[] = [];
        sinks.push(blocks);
        return { write: (b) => void blocks.push(b) };
      },
    });
    expect(sinks.length).toBe(2);
    expect(pointsOf(sinks[1]!)).toEqual(expected);
  });
});
