import { describe, expect, it } from 'vitest';
import { recordSignals, replaySignals } from './replay-signals';
import { runBacktestSync } from './run-backtest';
import { SignalObserver } from '../core/signal-observer';
import type { PortfolioContainerConfig, StudioConfig } from '../core/config/studio-config';
import type { Direction } from '../core/events';
import type { BacktestResult } from './backtest-result';
import type { Bar } from './bar';
import { barsFrom, dataset, portfolioContainer, strategyContainer, studioConfig, testStrategies } from './testing/backtest-fixtures';

function wave(symbol: string, n: number, phase: number): Bar[] {
  let prev = 50;
  return barsFrom(
    symbol,
    Array.from({ length: n }, (_, i) => {
      const close = 50 + 6 * Math.sin((i + phase) / 5) + 2 * Math.sin((i + phase) / 1.7);
      const row: [number, number, number, number] = [prev, Math.max(prev, close) + 0.4, Math.min(prev, close) - 0.4, close];
      prev = close;
      return row;
    }),
  );
}

function script(n: number, every: number, phase: number): Record<number, Direction> {
  const s: Record<number, Direction> = {};
  for (let i = phase; i < n; i += every) s[i] = (i / every) % 2 < 1 ? 'long' : 'short';
  return s;
}

const data = dataset(wave('AAA', 400, 0), wave('BBB', 400, 9));

function config(portfolio: Partial<PortfolioContainerConfig>, execution = {}): StudioConfig {
  return studioConfig(
    [
      strategyContainer('s1', 'scripted', { script: { AAA: script(400, 9, 2), BBB: script(400, 14, 5) } }),
      portfolioContainer('p1', ['s1'], { allowShort: true, ...portfolio }),
    ],
    { execution },
  );
}

const portfolioView = (r: BacktestResult) => JSON.stringify({ metrics: r.containers.p1.metrics, trades: r.containers.p1.trades, curve: r.containers.p1.equityCurve });

describe('signal replay', () => {
  it('reproduces the full run exactly from the recorded signals', () => {
    const base = config({ risk: { stopLoss: 0.04 } });
    const { result, signals } = recordSignals(base, data, { strategies: testStrategies });
    expect(signals.length).toBeGreaterThan(40);
    expect(result.containers.p1.trades.length).toBeGreaterThan(20);
    const replayed = replaySignals(base, data, signals);
    expect(portfolioView(replayed)).toBe(portfolioView(result));
  });

  it('sweeps sizing, risk and costs from one recording: each replay equals a full run with those parameters', () => {
    const { signals } = recordSignals(config({}), data, { strategies: testStrategies });
    const variants: [Partial<PortfolioContainerConfig>, object][] = [
      [{ sizing: { type: 'percent_equity', percent: 25 } }, {}],
      [{ risk: { stopLoss: 0.02, takeProfit: 0.03 } }, { slippageBps: 8, commissionPerTrade: 2 }],
      [{ sizing: { type: 'risk_per_trade', percent: 1 }, risk: { stopLoss: 0.05, maxPosition: 300 } }, { fillModel: 'close' }],
    ];
    const seen = new Set<string>();
    for (const [portfolio, execution] of variants) {
      const c = config(portfolio, execution);
      const full = runBacktestSync(c, data, { strategies: testStrategies });
      const replayed = replaySignals(c, data, signals);
      expect(portfolioView(replayed)).toBe(portfolioView(full));
      seen.add(JSON.stringify(full.containers.p1.metrics));
    }
    // The variants really differ, so equality above is not vacuous.
    expect(seen.size).toBe(variants.length);
  });

  it('replays from other recordings: a strategy tracer\'s SIGNAL events, or SignalObserver records', () => {
    const base = config({ risk: { takeProfit: 0.05 } });
    const full = runBacktestSync(base, data, { strategies: testStrategies, traceOverride: { retentionPolicy: 'full' } });
    const traced = full.containers.s1.events;
    expect(traced.length).toBeGreaterThan(40);
    expect(portfolioView(replaySignals(base, data, traced))).toBe(portfolioView(full));

    // SignalObserver records carry no bar index: one-symbol runs replay exactly from time + symbol.
    const single = dataset(wave('AAA', 300, 0));
    const oneSymbol = studioConfig([strategyContainer('s1', 'scripted', { script: { AAA: script(300, 7, 1) } }), portfolioContainer('p1', ['s1'], { allowShort: true })]);
    const observer = new SignalObserver();
    const reference = recordSignals(oneSymbol, single, { strategies: testStrategies });
    for (const s of reference.signals) observer.onPublish({ ...s, metadata: undefined });
    expect(observer.count).toBe(reference.signals.length);
    expect(portfolioView(replaySignals(oneSymbol, single, observer.signals()))).toBe(portfolioView(reference.result));
  });
});
