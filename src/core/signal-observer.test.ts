import { describe, expect, it } from 'vitest';
import { EventBus } from './bus';
import { createEvent, createSignalEvent } from './event-factories';
import { EventType } from './event-type';
import type { Direction, TradingEvent } from './events';
import { strategyFilter } from './filters';
import { SignalObserver } from './signal-observer';

function signal(i: number, strategyId: string, symbol: string, direction: Direction = 'long'): TradingEvent<typeof EventType.SIGNAL> {
  return createSignalEvent({ symbol, direction, strength: i / 10, strategyId, timestamp: 1000 + i, eventId: `s${i}`, correlationId: `trade-${i}` });
}

describe('SignalObserver', () => {
  it('records each SIGNAL once, in sequence order, across a bus tree; ignores other events', () => {
    const obs = new SignalObserver();
    const root = new EventBus('root');
    const portfolio = root.child('portfolio_1');
    const strategyA = portfolio.child('a');
    const strategyB = portfolio.child('b');
    for (const b of [root, portfolio, strategyA, strategyB]) b.attachObserver(obs);
    const sent: TradingEvent[] = [];
    for (let i = 0; i < 10; i++) {
      const e = signal(i, i % 2 ? 'a' : 'b', i % 3 ? 'SPX' : 'NDX');
      sent.push(e);
      (i % 2 ? strategyA : strategyB).publish(e);
      root.publish(createEvent(EventType.BAR, { symbol: 'SPX', timeframe: '1d', open: 1, high: 1, low: 1, close: 1, volume: 1 }, { sourceId: 'data', timestamp: i, eventId: `b${i}` }));
    }
    const got = obs.signals();
    expect(obs.count).toBe(10);
    expect(got.map((r) => r.eventId)).toEqual(sent.map((e) => e.eventId));
    for (let i = 1; i < got.length; i++) expect(got[i].sequence!).toBeGreaterThan(got[i - 1].sequence!);
    expect(got[3]).toEqual({
      eventId: 's3', sequence: sent[3].sequence, timestamp: 1003, sourceId: 'a', containerId: undefined,
      correlationId: 'trade-3', causationId: undefined, strategyId: 'a', symbol: 'NDX', direction: 'long', strength: 0.3,
    });
    expect(obs.bySymbol('NDX').map((r) => r.eventId)).toEqual(['s0', 's3', 's6', 's9']);
  });

  it('filters by strategy id and replays into a fresh portfolio bus without the strategies', () => {
    const obs = new SignalObserver({ strategyIds: ['momentum_1'] });
    const bus = new EventBus('root');
    bus.attachObserver(obs);
    bus.publish(signal(1, 'momentum_1', 'SPX'));
    bus.publish(signal(2, 'mean_rev', 'SPX', 'short'));
    bus.publish(signal(3, 'momentum_1', 'SPX', 'flat'));
    expect(obs.signals().map((r) => r.eventId)).toEqual(['s1', 's3']);

    const replay = new EventBus('replay');
    const received: string[] = [];
    replay.subscribe(EventType.SIGNAL, (e) => received.push(`${e.eventId}:${e.payload.direction}:${e.correlationId}`), strategyFilter('momentum_1'));
    for (const e of obs.toEvents()) replay.publish(e);
    expect(received).toEqual(['s1:long:trade-1', 's3:flat:trade-3']);
  });

  it('maxSignals bounds memory and counts what it dropped; clear() empties', () => {
    const obs = new SignalObserver({ maxSignals: 100 });
    for (let i = 0; i < 5000; i++) obs.onPublish(signal(i, 's', 'SPX'));
    expect(obs.count).toBe(100);
    expect(obs.dropped).toBe(4900);
    expect(obs.signals()[0].eventId).toBe('s4900');
    expect(obs.signals().at(-1)!.eventId).toBe('s4999');
    obs.clear();
    expect(obs.count).toBe(0);
    expect(obs.signals()).toEqual([]);
    expect(() => new SignalObserver({ maxSignals: 0 })).toThrow(/maxSignals/);
  });
});
