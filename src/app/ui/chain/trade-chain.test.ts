import { describe, expect, it } from 'vitest';
import type { TradingEvent } from '../../../core/events';
import { tradeChain } from './trade-chain';

function e(id: string, type: TradingEvent['type'], seq: number, correlationId?: string, causationId?: string): TradingEvent {
  return { eventId: id, type, timestamp: seq, sourceId: 's', sequence: seq, correlationId, causationId, payload: {} } as TradingEvent;
}

describe('tradeChain', () => {
  const events = [
    e('b1', 'BAR', 1),
    e('s1', 'SIGNAL', 2, undefined, 'b1'),
    e('o1', 'ORDER', 3, 't1', 's1'),
    e('o9', 'ORDER', 4, 't2'),
    e('f1', 'FILL', 5, 't1', 'o1'),
    e('po', 'POSITION_OPEN', 6, 't1', 'f1'),
    e('s2', 'SIGNAL', 7, 't1'),
    e('o2', 'ORDER', 8, 't1', 's2'),
    e('f2', 'FILL', 9, 't1', 'o2'),
    e('pc', 'POSITION_CLOSE', 10, 't1', 'f2'),
  ];
  it('collects the correlated events and their uncorrelated non-market causes, in sequence order', () => {
    const chain = tradeChain(events, 't1');
    expect(chain.events.map((x) => x.eventId)).toEqual(['s1', 'o1', 'f1', 'po', 's2', 'o2', 'f2', 'pc']);
  });
  it('links each event to its cause when both are in the chain', () => {
    const { links } = tradeChain(events, 't1');
    expect(links).toContainEqual({ from: 's1', to: 'o1' });
    expect(links).toContainEqual({ from: 'f2', to: 'pc' });
    expect(links.some((l) => l.from === 'b1')).toBe(false);
    expect(links).toHaveLength(6);
  });
  it('pulls in what the strategy saw (FEATURES, REGIME_CHANGE) and the ORDER_REQUEST, stopping at the BAR', () => {
    const withSeed = [
      e('b5', 'BAR', 1),
      e('f5', 'FEATURES', 2, undefined, 'b5'),
      e('r5', 'REGIME_CHANGE', 3, undefined, 'f5'),
      e('s5', 'SIGNAL', 4, undefined, 'r5'),
      e('q5', 'ORDER_REQUEST', 5, 't5', 's5'),
      e('o5', 'ORDER', 6, 't5', 'q5'),
      e('x5', 'FEATURES', 7, undefined, 'b5'),
    ];
    const chain = tradeChain(withSeed, 't5');
    expect(chain.events.map((x) => x.eventId)).toEqual(['f5', 'r5', 's5', 'q5', 'o5']);
    expect(chain.links).toEqual([
      { from: 'f5', to: 'r5' },
      { from: 'r5', to: 's5' },
      { from: 's5', to: 'q5' },
      { from: 'q5', to: 'o5' },
    ]);
  });
  it('is empty for an unknown trade', () => {
    expect(tradeChain(events, 'nope')).toEqual({ events: [], links: [] });
  });
});
