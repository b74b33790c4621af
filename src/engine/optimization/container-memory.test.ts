import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../../core/config/parse-studio-config';
import type { StudioConfig } from '../../core/config/studio-config';
import { generateSyntheticBars } from '../data/synthetic-bars';
import { runBacktestSync } from '../run-backtest';

// Memory stays flat with trade_complete: many portfolio containers in one run each
// hold only the events of their open trades, however many trades they close.
// (Heap per container is a benchmark figure — bench/sweep.bench.ts — not asserted here.)
const PORTFOLIOS = 200;

function config(retention: 'trade_complete' | 'full'): StudioConfig {
  const lines = ['name: memory', "data: { source: synthetic, timeframes: ['1m'] }", 'containers:'];
  for (let i = 1; i <= PORTFOLIOS; i++) {
    lines.push(`  - { id: ma_${i}, type: strategy, strategy: ma_crossover, params: { fast: ${2 + (i % 5)}, slow: ${8 + (i % 11)} } }`);
    lines.push(`  - { id: portfolio_${i}, type: portfolio, strategies: [ma_${i}], sizing: { type: fixed, quantity: 1 }, allow_short: ${i % 2 === 0} }`);
  }
  lines.push('trace_settings:', '  container_settings:', '    "portfolio_*":', '      events_to_trace: ALL', `      retention_policy: ${retention}`);
  const parsed = parseStudioConfig(lines.join('\n'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  return parsed.config;
}

describe('trade_complete memory with many portfolio containers', () => {
  it('keeps at most the events of the open trades in every container, never the closed ones', () => {
    const data = generateSyntheticBars({ symbols: ['SYN_A', 'SYN_B'], days: 1, seed: 9 });
    const full = runBacktestSync(config('full'), data);
    const bounded = runBacktestSync(config('trade_complete'), data);
    let checked = 0;
    for (let i = 1; i <= PORTFOLIOS; i++) {
      const id = `portfolio_${i}`;
      const f = full.containers[id];
      const b = bounded.containers[id];
      // Same trading either way: retention only decides what is kept.
      expect(b.metrics).toEqual(f.metrics);
      // Events per trade, counted independently from the full run's trace.
      const perTrade = new Map<string, number>();
      for (const e of f.events) if (e.correlationId) perTrade.set(e.correlationId, (perTrade.get(e.correlationId) ?? 0) + 1);
      const maxPerTrade = Math.max(...perTrade.values());
      // One position per symbol at a time: at most `symbols` trades open together.
      const openTradesBound = data.series.length * maxPerTrade;
      expect(b.memory.peakEventsInMemory).toBeLessThanOrEqual(openTradesBound);
      expect(b.memory.eventsInMemory).toBeLessThanOrEqual(b.memory.openPositions * maxPerTrade);
      // …while the trades it closed produced far more events than it ever held.
      const tradeEvents = [...perTrade.values()].reduce((a, n) => a + n, 0);
      if (f.metrics!.totalTrades >= 10) {
        expect(tradeEvents).toBeGreaterThan(4 * b.memory.peakEventsInMemory);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(PORTFOLIOS / 2);
  });
});
