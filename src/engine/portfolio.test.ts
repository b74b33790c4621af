import { describe, expect, it } from 'vitest';
import { runBacktestSync } from './run-backtest';
import type { PortfolioContainerConfig } from '../core/config/studio-config';
import type { Direction, PortfolioUpdatePayload, TradingEvent } from '../core/events';
import { barsFrom, dataset, portfolioContainer, strategyContainer, studioConfig, testStrategies } from './testing/backtest-fixtures';

type Row = [number, number, number, number];
const rowsOf = (closes: number[]): Row[] => closes.map((c) => [c, c + 1, c - 1, c] as Row);
const FULL = { traceOverride: { retentionPolicy: 'full' as const, eventsToTrace: 'ALL' as const }, strategies: testStrategies };

function single(closes: number[], script: Record<number, Direction>, over: Partial<PortfolioContainerConfig> = {}) {
  const config = studioConfig([strategyContainer('s1', 'scripted', { script: { SPX: script } }), portfolioContainer('p1', ['s1'], over)]);
  return runBacktestSync(config, dataset(barsFrom('SPX', rowsOf(closes))), FULL).containers.p1;
}

describe('Portfolio signals and positions', () => {
  it('ignores short signals unless allow_short, where a short signal while long reverses (reason reverse)', () => {
    const closes = [100, 100, 102, 104, 103, 101, 99, 98];
    const noShort = single(closes, { 0: 'short', 1: 'long', 3: 'short' });
    expect(noShort.trades.map((t) => [t.side, t.reason])).toEqual([['long', 'signal']]);
    expect(noShort.trades[0]).toMatchObject({ entryPrice: 102, exitPrice: 103 });

    const rev = single(closes, { 1: 'long', 3: 'short' }, { allowShort: true });
    expect(rev.trades.map((t) => [t.side, t.reason, t.entryPrice, t.exitPrice])).toEqual([
      ['long', 'reverse', 102, 103],
      ['short', 'end_of_data', 103, 98],
    ]);
    expect(rev.trades[1].pnl).toBeCloseTo((103 - 98) * 10, 10);
    expect(new Set(rev.trades.map((t) => t.id)).size).toBe(2);
  });

  it('sizes percent_equity and risk_per_trade from equity at the signal bar close, capped by max_position', () => {
    const closes = [50, 50, 50, 50, 50];
    // 10 % of 100 000 at 50 → 200 units.
    expect(single(closes, { 0: 'long' }, { sizing: { type: 'percent_equity', percent: 10 } }).trades[0].quantity).toBe(200);
    // Risk 1 % (1 000) with a 5 % stop (2.5 per unit) → 400 units.
    expect(single(closes, { 0: 'long' }, { sizing: { type: 'risk_per_trade', percent: 1 }, risk: { stopLoss: 0.05 } }).trades[0].quantity).toBe(400);
    const capped = single(closes, { 0: 'long' }, { sizing: { type: 'percent_equity', percent: 10 }, risk: { maxPosition: 150 } });
    expect(capped.trades[0].quantity).toBe(150);
    expect(capped.events.some((e) => e.type === 'RISK_BREACH' && (e.payload as { rule: string }).rule === 'max_position')).toBe(true);
  });

  it('never buys more than its cash: the entry is reduced and the breach reported', () => {
    const p = single([1000, 1000, 1000], { 0: 'long' }, { sizing: { type: 'fixed', quantity: 500 } });
    expect(p.trades[0].quantity).toBe(100);
    expect(p.events.find((e) => e.type === 'RISK_BREACH')?.payload).toMatchObject({ rule: 'insufficient_cash', limit: 100 });
  });

  it('publishes PORTFOLIO_UPDATE every bar with cash, mark-to-market equity, positions value and open positions', () => {
    const p = single([100, 100, 104, 98, 100], { 0: 'long' });
    const updates = p.events.filter((e) => e.type === 'PORTFOLIO_UPDATE').map((e) => e.payload as PortfolioUpdatePayload);
    expect(updates).toHaveLength(5);
    expect(updates[0]).toEqual({ cash: 100_000, equity: 100_000, positionsValue: 0, openPositions: 0 });
    // Bought 10 at the open of bar 1 (100).
    expect(updates[2]).toEqual({ cash: 99_000, equity: 99_000 + 1040, positionsValue: 1040, openPositions: 1 });
    expect(updates[3]).toEqual({ cash: 99_000, equity: 99_000 + 980, positionsValue: 980, openPositions: 1 });
    // Last bar: the end_of_data close is already booked.
    expect(updates[4]).toEqual({ cash: 100_000, equity: 100_000, positionsValue: 0, openPositions: 0 });
    expect(p.equityCurve!.map((x) => x.equity)).toEqual(updates.map((u) => u.equity));
    expect(p.equityCurve![3].drawdown).toBeCloseTo((100_040 - 99_980) / 100_040, 12);
  });

  it('skips PORTFOLIO_UPDATE on flat bars where nothing changed, yet counts them in the metrics and the curve', () => {
    const p = single([100, 100, 104, 98, 100, 101, 102, 103], { 0: 'long', 2: 'flat' });
    const updates = p.events.filter((e) => e.type === 'PORTFOLIO_UPDATE');
    // Bars 0 (first mark), 1–2 (in the market), 3 (exit fill changes cash); 4–7 flat and unchanged.
    expect(updates.map((u) => u.timestamp)).toEqual(p.equityCurve!.slice(0, 4).map((x) => x.timestamp));
    expect(p.equityCurve).toHaveLength(8);
    expect(p.metrics!.equityUpdates).toBe(8);
    expect(p.metrics!.exposure).toBeCloseTo(2 / 8, 12);
    expect(p.metrics!.finalEquity).toBe(100_000 + (98 - 100) * 10);
    // With portfolioUpdates 'every_bar' the same run publishes one per bar and reports the same.
    const config = studioConfig([strategyContainer('s1', 'scripted', { script: { SPX: { 0: 'long', 2: 'flat' } } }), portfolioContainer('p1', ['s1'])]);
    const every = runBacktestSync(config, dataset(barsFrom('SPX', rowsOf([100, 100, 104, 98, 100, 101, 102, 103]))), { ...FULL, portfolioUpdates: 'every_bar' }).containers.p1;
    expect(every.events.filter((e) => e.type === 'PORTFOLIO_UPDATE')).toHaveLength(8);
    expect(every.metrics).toEqual(p.metrics);
    expect(every.equityCurve).toEqual(p.equityCurve);
  });
});

describe('Routing: mandatory filters keep portfolios apart', () => {
  it('a portfolio never receives another strategy\'s signal or another container\'s fill', () => {
    const closes = [100, 101, 102, 103, 104, 105, 104, 103, 102, 101];
    const config = studioConfig([
      strategyContainer('s_a', 'scripted', { script: { SPX: { 1: 'long', 4: 'flat' } } }),
      strategyContainer('s_b', 'scripted', { script: { SPX: { 2: 'long', 7: 'flat' } } }),
      portfolioContainer('p_a', ['s_a']),
      portfolioContainer('p_b', ['s_b'], { sizing: { type: 'fixed', quantity: 3 } }),
    ]);
    const r = runBacktestSync(config, dataset(barsFrom('SPX', rowsOf(closes))), FULL);
    const a = r.containers.p_a;
    const b = r.containers.p_b;
    const signals = (events: TradingEvent[]) => events.filter((e) => e.type === 'SIGNAL').map((e) => (e.payload as { strategyId: string }).strategyId);
    expect(signals(a.events).length).toBeGreaterThan(0);
    expect(new Set(signals(a.events))).toEqual(new Set(['s_a']));
    expect(new Set(signals(b.events))).toEqual(new Set(['s_b']));
    for (const [id, c] of [['p_a', a], ['p_b', b]] as const) {
      const fills = c.events.filter((e) => e.type === 'FILL');
      expect(fills.length).toBe(2);
      expect(fills.every((f) => f.containerId === id)).toBe(true);
    }
    expect(a.trades).toEqual([expect.objectContaining({ quantity: 10, entryPrice: 102, exitPrice: 105 })]);
    expect(b.trades).toEqual([expect.objectContaining({ quantity: 3, entryPrice: 103, exitPrice: 102 })]);
    // The execution container served both, and only it saw both portfolios' orders.
    const exec = r.containers.execution;
    expect(new Set(exec.events.filter((e) => e.type === 'FILL').map((e) => e.containerId))).toEqual(new Set(['p_a', 'p_b']));
  });
});

describe('Correlation and causation', () => {
  it('rebuilds every trade chain signal → order → fill → open → … → close from the traced events', () => {
    const closes = [100, 101, 102, 103, 99, 98, 100, 104, 106, 103, 101, 100];
    const rows = rowsOf(closes);
    rows[5] = [98, 99, 90, 92];
    const config = studioConfig([
      strategyContainer('s1', 'scripted', { script: { SPX: { 0: 'long', 6: 'long', 9: 'flat' } } }),
      portfolioContainer('p1', ['s1'], { risk: { stopLoss: 0.05, takeProfit: 0.2 } }),
    ]);
    const r = runBacktestSync(config, dataset(barsFrom('SPX', rows)), FULL);
    const p = r.containers.p1;
    expect(p.trades.map((t) => t.reason)).toEqual(['stop_loss', 'signal']);
    const byId = new Map(p.events.map((e) => [e.eventId, e]));
    for (const trade of p.trades) {
      const own = p.events.filter((e) => e.correlationId === trade.id);
      const close = own.find((e) => e.type === 'POSITION_CLOSE')!;
      const chain: string[] = [];
      for (let e: TradingEvent | undefined = close; e !== undefined; e = e.causationId ? byId.get(e.causationId) : undefined) {
        chain.unshift(e.type);
        expect(e.correlationId).toBe(trade.id);
      }
      // Back from the close to the opening signal (the bar that caused the signal is the data feed's).
      expect(chain[0]).toBe('SIGNAL');
      expect(chain.at(-1)).toBe('POSITION_CLOSE');
      expect(chain.at(-2)).toBe('FILL');
      expect(chain.at(-3)).toBe('ORDER');
      const open = own.find((e) => e.type === 'POSITION_OPEN')!;
      expect(byId.get(open.causationId!)!.type).toBe('FILL');
      expect(byId.get(byId.get(open.causationId!)!.causationId!)!.type).toBe('ORDER');
      const signal = own.find((e) => e.type === 'SIGNAL')!;
      expect(r.containers.data.traceSettings.retentionPolicy).toBe('full');
      expect(r.containers.data.events.find((e) => e.eventId === signal.causationId)?.type).toBe('BAR');
    }
    // A stop exit: close ← fill ← stop order ← entry fill.
    const stopTrade = p.events.filter((e) => e.correlationId === p.trades[0].id);
    const stopOrder = stopTrade.find((e) => e.type === 'ORDER' && (e.payload as { orderType: string }).orderType === 'stop')!;
    expect(byId.get(stopOrder.causationId!)!.type).toBe('FILL');
    expect(new Set(p.events.map((e) => e.eventId)).size).toBe(p.events.length);
  });
});

describe('barriers from the portfolio config', () => {
  const days = [100, 101, 102, 103, 104, 105, 106, 107];
  const aaa = barsFrom('AAA', rowsOf(days));
  const bbb = barsFrom('BBB', rowsOf(days)).filter((_, i) => i !== 2);
  const run = (script: Record<number, Direction>, over: Partial<PortfolioContainerConfig>) => {
    const config = studioConfig([strategyContainer('s1', 'scripted', { script: { AAA: script } }, ['AAA']), portfolioContainer('p1', ['s1'], over)]);
    return runBacktestSync(config, dataset(aaa, bbb), FULL).containers.p1;
  };

  it('data_alignment: a signal at a time when a required symbol has no bar does not trade', () => {
    const free = run({ 2: 'long', 5: 'flat' }, {});
    expect(free.trades[0].entryTime).toBe(aaa[3].timestamp);
    const aligned = run({ 2: 'long', 4: 'long', 6: 'flat' }, { barriers: { dataAlignment: { symbols: ['AAA', 'BBB'], timeframes: ['1d'] } } });
    expect(aligned.trades).toHaveLength(1);
    expect(aligned.trades[0].entryTime).toBe(aaa[5].timestamp);
    expect(aligned.trades[0].exitTime).toBe(aaa[7].timestamp);
  });

  it('order_control learns from the portfolio\'s orders and fills: exits still go through after the entry filled', () => {
    const p = run({ 1: 'long', 3: 'flat', 4: 'long', 6: 'flat' }, { barriers: { orderControl: { preventDuplicates: true } } });
    expect(p.trades.map((t) => [t.entryTime, t.exitTime])).toEqual([
      [aaa[2].timestamp, aaa[4].timestamp],
      [aaa[5].timestamp, aaa[7].timestamp],
    ]);
  });

  it('timing: signals outside trading hours are not traded', () => {
    // Daily bars are stamped 00:00 UTC, outside 09:30–16:00.
    const p = run({ 1: 'long', 3: 'flat' }, { barriers: { timing: { tradingHours: { start: '09:30', end: '16:00', timezone: 'UTC' } } } });
    expect(p.trades).toEqual([]);
    expect(p.events.filter((e) => e.type === 'SIGNAL')).toHaveLength(2);
    expect(p.events.filter((e) => e.type === 'ORDER')).toHaveLength(0);
  });
});
