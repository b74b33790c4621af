import { describe, expect, it } from 'vitest';
import { EventBus } from './bus';
import { ConsoleObserver } from './console-observer';
import { createEvent, createFillEvent, createPositionCloseEvent, createSignalEvent } from './event-factories';
import { EventType } from './event-type';

const T = Date.UTC(2024, 0, 2, 14, 30);

describe('ConsoleObserver', () => {
  it('writes one compact line per event, once even across child → parent buses', () => {
    const lines: string[] = [];
    const obs = new ConsoleObserver({ write: (l) => lines.push(l) });
    const root = new EventBus('root');
    const child = root.child('strategy_1');
    root.attachObserver(obs);
    child.attachObserver(obs);
    child.publish(createSignalEvent({ symbol: 'SPX', direction: 'long', strength: 0.8, strategyId: 'momentum_1', timestamp: T, eventId: 's1', correlationId: 'trade-1' }));
    root.publish(
      createFillEvent({ orderId: 'o-1', symbol: 'SPX', side: 'buy', quantity: 10, price: 4701.123456789, commission: 1 }, { sourceId: 'execution', timestamp: T, eventId: 'f1', correlationId: 'trade-1' }),
    );
    expect(lines).toEqual([
      '#1 SIGNAL 2024-01-02T14:30:00.000Z momentum_1 corr=trade-1 SPX long strength=0.8 strategy=momentum_1',
      '#2 FILL 2024-01-02T14:30:00.000Z execution corr=trade-1 o-1 buy 10 SPX @4701.123457 commission=1',
    ]);
    expect(obs.lines).toBe(2);
  });

  it('eventFilter limits the types written', () => {
    const lines: string[] = [];
    const obs = new ConsoleObserver({ eventFilter: [EventType.POSITION_CLOSE], write: (l) => lines.push(l) });
    const bus = new EventBus('root');
    bus.attachObserver(obs);
    bus.publish(createEvent(EventType.BAR, { symbol: 'SPX', timeframe: '1d', open: 1, high: 2, low: 0.5, close: 1.5, volume: 100 }, { sourceId: 'data', timestamp: T, eventId: 'b1' }));
    bus.publish(
      createPositionCloseEvent(
        { symbol: 'SPX', side: 'long', quantity: 10, entryPrice: 100, exitPrice: 110, pnl: 99, entryTime: T, exitTime: T, reason: 'signal' },
        { sourceId: 'portfolio_1', timestamp: T, eventId: 'c1', correlationId: 'trade-1' },
      ),
    );
    expect(lines).toEqual(['#2 POSITION_CLOSE 2024-01-02T14:30:00.000Z portfolio_1 corr=trade-1 long 10 SPX 100→110 pnl=99 reason=signal']);
  });

  it('formats every event type without throwing, even odd timestamps', () => {
    const bar = ConsoleObserver.format(createEvent(EventType.BAR, { symbol: 'X', timeframe: '1m', open: 1, high: 1, low: 1, close: 1, volume: 0 }, { sourceId: 'd', timestamp: Number.NaN, eventId: 'x' }));
    expect(bar).toBe('#- BAR NaN d X 1m O=1 H=1 L=1 C=1 V=0');
    const err = ConsoleObserver.format(createEvent(EventType.ERROR, { message: 'boom', failedEventId: 'e9', failedEventType: EventType.FILL }, { sourceId: 'root', timestamp: 0, eventId: 'x' }));
    expect(err).toBe('#- ERROR 1970-01-01T00:00:00.000Z root boom (handling FILL e9)');
    const feat = ConsoleObserver.format(createEvent(EventType.FEATURES, { symbol: 'X', features: { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 } }, { sourceId: 'f', timestamp: 0, eventId: 'x' }));
    expect(feat).toMatch(/X a=1 b=2 c=3 d=4 \(\+2\)$/);
  });
});
