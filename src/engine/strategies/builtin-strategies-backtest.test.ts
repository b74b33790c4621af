// The built-in strategies inside the real engine (runBacktestSync, StrategyContainer,
// portfolio, execution): every strategy runs on bundled-style data, and its SIGNALs
// are exactly what the strategy emits on its own (RecordingContext), turned into
// trades filled at the next bar's open — pairs with both legs, opposite sides.
import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../../core/config/parse-studio-config';
import type { StudioConfig } from '../../core/config/studio-config';
import type { Bar } from '../bar';
import { generateSyntheticBars } from '../data/synthetic-bars';
import { runBacktestSync } from '../run-backtest';
import { RecordingContext } from './recording-context';
import { getStrategyDefinition } from './strategy-registry';
import { barsOf } from '../bar-series';

function config(strategy: string, params: Record<string, unknown>): StudioConfig {
  const yaml = `
name: builtin ${strategy}
initial_capital: 1000000
data:
  source: synthetic
  timeframes: ["1m"]
containers:
  - id: strategy_1
    type: strategy
    strategy: ${strategy}
    params: ${JSON.stringify(params)}
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_1]
    sizing: {type: fixed, quantity: 10}
    allow_short: true
`;
  const parsed = parseStudioConfig(yaml);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.config;
}

const DATA = generateSyntheticBars({ seed: 11, symbols: ['A', 'B'], days: 3, correlation: 0.9, missingMinuteProbability: 0 });
/** The stream order the engine uses: time, then symbol order. */
const STREAM: Bar[] = DATA.series.flatMap((s) => barsOf(s)).sort((x, y) => x.timestamp - y.timestamp || (x.symbol < y.symbol ? -1 : 1));

const CASES: [string, Record<string, unknown>][] = [
  ['momentum', { lookback: 30, threshold: 0.001, allow_short: true }],
  ['ma_crossover', { fast: 5, slow: 20, allow_short: true }],
  ['mean_reversion', { mode: 'bollinger', period: 20, num_std: 2, allow_short: true }],
  ['mean_reversion', { mode: 'rsi', rsi_period: 14, allow_short: true }],
  ['breakout', { lookback: 30, exit_lookback: 15, allow_short: true }],
  ['pairs', { lookback: 60, entry_z: 2, exit_z: 0.5 }],
];

describe('built-in strategies in the engine', () => {
  it.each(CASES)('%s %j: SIGNAL events equal the strategy’s own signals, and trades follow them', (kind, params) => {
    const def = getStrategyDefinition(kind);
    const expected = new RecordingContext().run(def.create('strategy_1', ['A', 'B'], def.parseParams(params)), STREAM);
    expect(expected.length).toBeGreaterThan(2);

    const result = runBacktestSync(config(kind, params), DATA, { traceOverride: { retentionPolicy: 'full', eventsToTrace: 'ALL' } });
    const signals = result.containers.strategy_1!.events
      .filter((e) => e.type === 'SIGNAL')
      .map((e) => {
        const p = e.payload as { symbol: string; direction: string };
        return [e.timestamp, p.symbol, p.direction];
      });
    expect(signals).toEqual(expected.map((s) => [s.timestamp, s.symbol, s.direction]));

    // Every trade opens at the open of the bar after an entry signal of its symbol (no look-ahead).
    const trades = result.containers.portfolio_1!.trades;
    expect(trades.length).toBeGreaterThan(0);
    const next = new Map(DATA.series.map((s) => [s.symbol, new Map(barsOf(s).map((b, i, all) => [b.timestamp, all[i + 1]]))]));
    for (const t of trades) {
      const signal = expected.find((s) => s.symbol === t.symbol && s.direction === t.side && next.get(t.symbol)!.get(s.timestamp)?.timestamp === t.entryTime);
      expect(signal, `${t.symbol} ${t.side} entry at ${t.entryTime}`).toBeDefined();
      expect(t.entryPrice).toBe(next.get(t.symbol)!.get(signal!.timestamp)!.open);
    }
    if (kind === 'pairs') {
      // Legs come in pairs: same entry time, opposite sides.
      const a = trades.filter((t) => t.symbol === 'A');
      const b = trades.filter((t) => t.symbol === 'B');
      expect(a.map((t) => [t.entryTime, t.side === 'long' ? 'short' : 'long'])).toEqual(b.map((t) => [t.entryTime, t.side]));
    }
  });
});
