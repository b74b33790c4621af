import { describe, expect, it } from 'vitest';
import { runBacktestSync } from './run-backtest';
import type { ExecutionConfig, PortfolioContainerConfig } from '../core/config/studio-config';
import type { Direction } from '../core/events';
import { barsFrom, dataset, portfolioContainer, strategyContainer, studioConfig, testStrategies } from './testing/backtest-fixtures';

type Row = [number, number, number, number];
const flat = (n: number): Row[] => Array.from({ length: n }, () => [100, 101, 99, 100] as Row);

function run(rows: Row[], script: Record<number, Direction>, over: Partial<PortfolioContainerConfig> = {}, execution: Partial<ExecutionConfig> = {}) {
  const config = studioConfig([strategyContainer('s1', 'scripted', { script: { SPX: script } }), portfolioContainer('p1', ['s1'], over)], {
    execution,
    traceSettings: { global: { retentionPolicy: 'full' }, patterns: [] },
  });
  const result = runBacktestSync(config, dataset(barsFrom('SPX', rows)), { strategies: testStrategies, traceOverride: { retentionPolicy: 'full', eventsToTrace: 'ALL' } });
  return { result, p: result.containers.p1 };
}

describe('ExecutionSimulator market orders', () => {
  it('fills a market order at the NEXT bar open (no look-ahead) and exits the same way', () => {
    const rows = flat(8);
    rows[2] = [103, 104, 102, 103.5];
    rows[5] = [107, 108, 106, 107.5];
    const { p } = run(rows, { 1: 'long', 4: 'flat' });
    expect(p.trades).toHaveLength(1);
    const t = p.trades[0];
    expect(t.entryPrice).toBe(103);
    expect(t.exitPrice).toBe(107);
    expect(t.entryTime).toBe(barsFrom('SPX', rows)[2].timestamp);
    expect(t.exitTime).toBe(barsFrom('SPX', rows)[5].timestamp);
    expect(t.pnl).toBeCloseTo((107 - 103) * 10, 10);
    expect(t.reason).toBe('signal');
  });

  it('fills at the signal bar close with fill_model close', () => {
    const rows = flat(8);
    rows[1] = [100, 102, 99, 101.5];
    rows[4] = [100, 106, 99, 105.25];
    const { p } = run(rows, { 1: 'long', 4: 'flat' }, {}, { fillModel: 'close' });
    expect(p.trades[0].entryPrice).toBe(101.5);
    expect(p.trades[0].exitPrice).toBe(105.25);
  });

  it('moves prices against the trader by slippage_bps and charges per-trade + percent commission', () => {
    const rows = flat(8);
    rows[2] = [200, 201, 199, 200];
    rows[5] = [210, 211, 209, 210];
    const { p } = run(rows, { 1: 'long', 4: 'flat' }, {}, { slippageBps: 10, commissionPerTrade: 1.5, commissionPercent: 0.1 });
    const entry = 200 * (1 + 10 / 10_000);
    const exit = 210 * (1 - 10 / 10_000);
    const c1 = 1.5 + 0.001 * 10 * entry;
    const c2 = 1.5 + 0.001 * 10 * exit;
    const t = p.trades[0];
    expect(t.entryPrice).toBeCloseTo(entry, 10);
    expect(t.exitPrice).toBeCloseTo(exit, 10);
    expect(t.commission).toBeCloseTo(c1 + c2, 10);
    expect(t.pnl).toBeCloseTo((exit - entry) * 10 - c1 - c2, 10);
    expect(p.metrics!.finalEquity).toBeCloseTo(100_000 + (exit - entry) * 10 - c1 - c2, 8);
    const fills = p.events.filter((e) => e.type === 'FILL');
    expect(fills.map((f) => (f.payload as { commission: number }).commission)).toEqual([expect.closeTo(c1, 10), expect.closeTo(c2, 10)]);
  });

  it('closes what is still open after the last bar at its close, reason end_of_data, and drops unfilled orders', () => {
    const rows = flat(6);
    rows[5] = [100, 112, 99, 111];
    // The long at bar 5 (the last) can never fill: it is cancelled, not executed.
    const { p } = run(rows, { 1: 'long', 5: 'long' });
    expect(p.trades).toHaveLength(1);
    expect(p.trades[0].reason).toBe('end_of_data');
    expect(p.trades[0].exitPrice).toBe(111);
    expect(p.trades[0].exitTime).toBe(barsFrom('SPX', rows)[5].timestamp);
    expect(p.memory.openPositions).toBe(0);
    expect(p.metrics!.finalEquity).toBeCloseTo(100_000 + (111 - 100) * 10, 8);
  });

  it('leaves no events in memory under trade_complete for an entry cancelled at the end of data', () => {
    const rows = flat(6);
    const config = studioConfig([strategyContainer('s1', 'scripted', { script: { SPX: { 1: 'long', 3: 'flat', 5: 'long' } } }), portfolioContainer('p1', ['s1'])]);
    const r = runBacktestSync(config, dataset(barsFrom('SPX', rows)), { strategies: testStrategies });
    expect(r.containers.p1.trades).toHaveLength(1);
    expect(r.containers.p1.traceSettings.retentionPolicy).toBe('trade_complete');
    expect(r.containers.p1.memory.eventsInMemory).toBe(0);
    expect(r.containers.execution.memory.eventsInMemory).toBe(0);
  });
});

describe('ExecutionSimulator stop loss and take profit as real orders', () => {
  it('fills a stop loss inside a later bar at the stop price, and cancels the take profit (OCO)', () => {
    const rows = flat(8);
    rows[3] = [98, 99, 94, 96];
    const { p } = run(rows, { 0: 'long' }, { risk: { stopLoss: 0.05, takeProfit: 0.1 } });
    expect(p.trades).toHaveLength(1);
    const t = p.trades[0];
    expect(t.entryPrice).toBe(100);
    expect(t.exitPrice).toBeCloseTo(95, 10);
    expect(t.reason).toBe('stop_loss');
    expect(t.exitTime).toBe(barsFrom('SPX', rows)[3].timestamp);
    const orders = p.events.filter((e) => e.type === 'ORDER').map((e) => e.payload as { orderType: string; reason?: string; cancels?: string; orderId: string; stopPrice?: number; limitPrice?: number });
    const stop = orders.find((o) => o.orderType === 'stop')!;
    const limit = orders.find((o) => o.orderType === 'limit')!;
    expect(stop.stopPrice).toBeCloseTo(95, 10);
    expect(limit.limitPrice).toBeCloseTo(110, 10);
    expect(orders.find((o) => o.cancels !== undefined)?.cancels).toBe(limit.orderId);
    // Only one exit fill: the cancelled take profit never executes.
    expect(p.events.filter((e) => e.type === 'FILL')).toHaveLength(2);
  });

  it('fills a stop gapped through at the open, not at the stop', () => {
    const rows = flat(8);
    rows[3] = [90, 91, 88, 89];
    const { p } = run(rows, { 0: 'long' }, { risk: { stopLoss: 0.05 } });
    expect(p.trades[0].exitPrice).toBe(90);
    expect(p.trades[0].pnl).toBeCloseTo(-100, 10);
  });

  it('fills a take profit at the limit inside the bar, and at the (better) open when gapped through', () => {
    const rows = flat(8);
    rows[3] = [104, 111, 103, 108];
    expect(run(rows, { 0: 'long' }, { risk: { takeProfit: 0.1 } }).p.trades[0]).toMatchObject({ exitPrice: expect.closeTo(110, 10), reason: 'take_profit' });
    rows[3] = [115, 116, 113, 114];
    expect(run(rows, { 0: 'long' }, { risk: { takeProfit: 0.1 } }).p.trades[0]).toMatchObject({ exitPrice: 115, reason: 'take_profit' });
  });

  it('lets the stop trigger within the entry bar after a fill at its open; the worse exit wins a bar reaching both', () => {
    const rows = flat(8);
    rows[1] = [100, 111, 94, 100];
    const { p } = run(rows, { 0: 'long' }, { risk: { stopLoss: 0.05, takeProfit: 0.1 } });
    expect(p.trades[0]).toMatchObject({ reason: 'stop_loss', exitPrice: expect.closeTo(95, 10), exitTime: barsFrom('SPX', rows)[1].timestamp });
  });

  it('slips a stop fill like a market order; a limit fill gets no slippage', () => {
    const rows = flat(8);
    rows[3] = [98, 99, 94, 96];
    const stop = run(rows, { 0: 'long' }, { risk: { stopLoss: 0.05 } }, { slippageBps: 20 }).p.trades[0];
    // The stop sits 5 % under the slipped entry (100.2) and its fill slips again.
    expect(stop.exitPrice).toBeCloseTo(100 * 1.002 * 0.95 * (1 - 0.002), 10);
    rows[3] = [104, 111, 103, 108];
    const tp = run(rows, { 0: 'long' }, { risk: { takeProfit: 0.1 } }, { slippageBps: 20 }).p.trades[0];
    expect(tp.exitPrice).toBeCloseTo(100 * 1.002 * 1.1, 10);
  });

  it('protects a short with a buy stop above and a buy limit below', () => {
    const rows = flat(8);
    rows[3] = [101, 106, 100, 105];
    const { p } = run(rows, { 0: 'short' }, { allowShort: true, risk: { stopLoss: 0.05, takeProfit: 0.1 } });
    expect(p.trades[0]).toMatchObject({ side: 'short', entryPrice: 100, exitPrice: expect.closeTo(105, 10), reason: 'stop_loss' });
    expect(p.trades[0].pnl).toBeCloseTo(-50, 10);
  });
});
