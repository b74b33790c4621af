import { describe, expect, it } from 'vitest';
import type { TradingEvent } from '../../../core/events';
import { chainStory } from './chain-story';

const day = (d: number) => Date.UTC(2021, 0, d);
const ev = (type: TradingEvent['type'], ts: number, payload: object, sourceId = 'p1'): TradingEvent =>
  ({ eventId: `${type}${ts}`, type, timestamp: ts, sourceId, payload }) as TradingEvent;

describe('chainStory', () => {
  it('tells signal → order → fill → open → close, and names cancels', () => {
    const lines = chainStory([
      ev('SIGNAL', day(4), { symbol: 'AAA', direction: 'long', strength: 1, strategyId: 'mom' }, 'mom'),
      ev('ORDER', day(4), { orderId: 'o1', symbol: 'AAA', side: 'buy', quantity: 5, orderType: 'market', reason: 'signal' }),
      ev('FILL', day(5), { orderId: 'o1', symbol: 'AAA', side: 'buy', quantity: 5, price: 10.5, commission: 1 }),
      ev('POSITION_OPEN', day(5), { symbol: 'AAA', side: 'long', quantity: 5, entryPrice: 10.5 }),
      ev('ORDER', day(8), { orderId: 'o3', symbol: 'AAA', side: 'buy', quantity: 0, orderType: 'market', cancels: 'o2', reason: 'oco_cancel' }),
      ev('POSITION_CLOSE', day(8), { symbol: 'AAA', side: 'long', quantity: 5, entryPrice: 10.5, exitPrice: 12, pnl: 6.5, entryTime: day(5), exitTime: day(8), reason: 'take_profit' }),
      ev('BAR', day(8), { symbol: 'AAA' }),
    ]);
    expect(lines).toEqual([
      '2021-01-04: mom signalled LONG AAA',
      'p1 ordered BUY 5 (market, signal)',
      '2021-01-05: filled @ 10.50, fee 1.00',
      'opened long 5 @ 10.50',
      'p1 cancelled order o2 (oco_cancel)',
      'closed (take_profit) @ 12.00: P&L 6.50',
    ]);
  });

  it('tells what the strategy saw, its regime change and the request risk turned into an order', () => {
    const lines = chainStory([
      ev('FEATURES', day(4), { symbol: 'AAA', features: { sma: 10.25, volatility: 0.0123 } }, 'reg'),
      ev('REGIME_CHANGE', day(4), { symbol: 'AAA', regime: 'bull_quiet', previousRegime: 'bear_quiet' }, 'reg'),
      ev('SIGNAL', day(4), { symbol: 'AAA', direction: 'long', strength: 1, strategyId: 'reg' }, 'reg'),
      ev('ORDER_REQUEST', day(4), { symbol: 'AAA', side: 'buy', quantity: 10, orderType: 'market' }),
      ev('RISK_BREACH', day(4), { rule: 'max_position', message: 'Entry of 10 AAA capped at max_position 6.' }),
      ev('ORDER', day(4), { orderId: 'o1', symbol: 'AAA', side: 'buy', quantity: 6, orderType: 'market', reason: 'signal' }),
    ]);
    expect(lines).toEqual([
      '2021-01-04: reg saw sma 10.25, volatility 0.0123',
      '2021-01-04: reg classified AAA bear_quiet → bull_quiet',
      '2021-01-04: reg signalled LONG AAA',
      'p1 requested BUY 10 (market)',
      'risk: Entry of 10 AAA capped at max_position 6.',
      'p1 ordered BUY 6 (market, signal)',
    ]);
  });
});
