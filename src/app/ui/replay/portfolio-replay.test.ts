import { describe, expect, it } from 'vitest';
import type { TradingEvent } from '../../../core/events';
import { initialReplayState, replayEvent, replayTo } from './portfolio-replay';

let seq = 0;
function ev<T extends TradingEvent['type']>(type: T, payload: TradingEvent<T>['payload'], containerId = 'p1'): TradingEvent {
  seq++;
  return { eventId: `e${seq}`, type, timestamp: seq * 1000, sourceId: containerId, containerId, sequence: seq, payload } as TradingEvent;
}

function trace(): TradingEvent[] {
  seq = 0;
  return [
    ev('BAR', { symbol: 'AAA', timeframe: '1d', open: 10, high: 11, low: 9, close: 10, volume: 1 }, 'data'),
    ev('FILL', { orderId: 'o1', symbol: 'AAA', side: 'buy', quantity: 5, price: 10.5, commission: 1 }),
    ev('POSITION_OPEN', { symbol: 'AAA', side: 'long', quantity: 5, entryPrice: 10.5 }),
    ev('BAR', { symbol: 'AAA', timeframe: '1d', open: 11, high: 13, low: 11, close: 12, volume: 1 }, 'data'),
    ev('FILL', { orderId: 'o2', symbol: 'AAA', side: 'sell', quantity: 5, price: 12.5, commission: 1 }),
    ev('POSITION_CLOSE', {
      symbol: 'AAA', side: 'long', quantity: 5, entryPrice: 10.5, exitPrice: 12.5, pnl: 8, entryTime: 2000, exitTime: 5000, reason: 'signal',
    }),
  ];
}

describe('portfolio replay', () => {
  it('tracks cash, the open position and marked equity step by step', () => {
    const events = trace();
    const capital = 1000;
    const afterBuy = replayTo(events, capital, 3, 'p1');
    expect(afterBuy.cash).toBeCloseTo(capital - 5 * 10.5 - 1);
    expect(afterBuy.positions.AAA).toMatchObject({ side: 'long', quantity: 5, entryPrice: 10.5 });
    // Marked at the fill price until the next bar.
    expect(afterBuy.equity).toBeCloseTo(capital - 1);

    const afterBar = replayTo(events, capital, 4, 'p1');
    expect(afterBar.equity).toBeCloseTo(capital - 5 * 10.5 - 1 + 5 * 12);

    const end = replayTo(events, capital, 6, 'p1');
    expect(end.positions).toEqual({});
    expect(end.cash).toBeCloseTo(capital + 5 * (12.5 - 10.5) - 2);
    expect(end.equity).toBeCloseTo(end.cash);
    expect(end.realizedPnl).toBe(8);
    expect(end.fills).toBe(2);
    expect(end.closedTrades).toBe(1);
    expect(end.sequence).toBe(6);
  });

  it('ignores other portfolios but still follows prices', () => {
    const events = trace().map((e) => (e.type === 'BAR' ? e : { ...e, containerId: 'p2', sourceId: 'p2' }));
    const s = replayTo(events, 500, 100, 'p1');
    expect(s.cash).toBe(500);
    expect(s.positions).toEqual({});
    expect(s.lastPrices.AAA).toBe(12);
  });

  it('takes PORTFOLIO_UPDATE figures as authoritative and never mutates its input', () => {
    const start = initialReplayState(100);
    const next = replayEvent(start, ev('PORTFOLIO_UPDATE', { cash: 40, equity: 130, positionsValue: 90, openPositions: 1 }), 'p1');
    expect(next).toMatchObject({ cash: 40, equity: 130 });
    expect(start).toMatchObject({ cash: 100, equity: 100, sequence: null });
  });

  it('marks a short position against the price', () => {
    seq = 0;
    const events = [
      ev('FILL', { orderId: 'o1', symbol: 'B', side: 'sell', quantity: 2, price: 50, commission: 0 }),
      ev('POSITION_OPEN', { symbol: 'B', side: 'short', quantity: 2, entryPrice: 50 }),
      ev('BAR', { symbol: 'B', timeframe: '1d', open: 40, high: 41, low: 39, close: 40, volume: 1 }, 'data'),
    ];
    const s = replayTo(events, 1000, 3, 'p1');
    expect(s.cash).toBe(1100);
    expect(s.equity).toBe(1100 - 2 * 40);
  });
});
