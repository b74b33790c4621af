import { describe, expect, it } from 'vitest';
import { createFillEvent, createOrderEvent, createSignalEvent } from '../event-factories';
import type { OrderPayload } from '../events';
import { OrderStateBarrier } from './order-state-barrier';

let id = 0;
const signal = (symbol: string, t = 1000, direction: 'long' | 'flat' = 'long') =>
  createSignalEvent({ symbol, direction, strength: 1, strategyId: 'ma_1', timestamp: t, eventId: `s${++id}` });
const order = (orderId: string, symbol: string, containerId = 'portfolio_1', extra: Partial<OrderPayload> = {}) =>
  createOrderEvent(
    { orderId, symbol, side: 'buy', quantity: 10, orderType: 'market', ...extra },
    { sourceId: containerId, containerId, timestamp: 1000, eventId: `o${++id}` },
  );
const fill = (orderId: string, symbol: string, quantity = 10) =>
  createFillEvent(
    { orderId, symbol, side: 'buy', quantity, price: 100, commission: 0 },
    { sourceId: 'execution', containerId: 'portfolio_1', timestamp: 2000, eventId: `f${++id}` },
  );

describe('OrderStateBarrier', () => {
  it('blocks signals for a symbol with a pending order until its FILL', () => {
    const b = new OrderStateBarrier({ containerId: 'portfolio_1', preventDuplicates: true });
    expect(b.shouldProceed(signal('AAPL'))).toBe(true);
    expect(b.shouldProceed(order('o-1', 'AAPL'))).toBe(true); // ORDERs always pass
    expect(b.shouldProceed(signal('AAPL'))).toBe(false);
    expect(b.lastReason).toMatch(/AAPL has a pending order of portfolio_1: o-1; the signal waits for its FILL or cancel/);
    expect(b.shouldProceed(signal('AAPL', 1000, 'flat'))).toBe(false);
    expect(b.shouldProceed(signal('MSFT'))).toBe(true); // other symbols are free
    expect(b.shouldProceed(fill('o-1', 'AAPL'))).toBe(true);
    expect(b.shouldProceed(signal('AAPL'))).toBe(true);
    expect(b.lastReason).toBeUndefined();
  });

  it('keeps the symbol pending through a partial fill', () => {
    const b = new OrderStateBarrier({ containerId: 'portfolio_1' });
    b.shouldProceed(order('o-1', 'AAPL'));
    b.shouldProceed(fill('o-1', 'AAPL', 4));
    expect(b.shouldProceed(signal('AAPL'))).toBe(false);
    expect(b.lastReason).toMatch(/o-1 \(4\/10 filled\)/);
    b.shouldProceed(fill('o-1', 'AAPL', 6));
    expect(b.shouldProceed(signal('AAPL'))).toBe(true);
  });

  it('releases on a cancel, by payload.cancels or by reason', () => {
    const b = new OrderStateBarrier({ containerId: 'portfolio_1', preventDuplicates: true });
    b.shouldProceed(order('o-1', 'AAPL'));
    b.shouldProceed(order('o-2', 'MSFT'));
    b.shouldProceed(order('c-1', 'AAPL', 'portfolio_1', { cancels: 'o-1', reason: 'cancel' }));
    expect(b.shouldProceed(signal('AAPL'))).toBe(true);
    expect(b.isPending('AAPL')).toBe(false);
    b.shouldProceed(order('o-2', 'MSFT', 'portfolio_1', { reason: 'cancel' }));
    expect(b.shouldProceed(signal('MSFT'))).toBe(true);
    expect(b.pendingOrders()).toEqual([]);
  });

  it('waits for every pending order of a symbol', () => {
    const b = new OrderStateBarrier({ containerId: 'portfolio_1' });
    b.shouldProceed(order('o-1', 'AAPL'));
    b.shouldProceed(order('o-2', 'AAPL'));
    b.shouldProceed(fill('o-1', 'AAPL'));
    expect(b.shouldProceed(signal('AAPL'))).toBe(false);
    expect(b.pendingOrders('AAPL')).toEqual(['o-2']);
    b.shouldProceed(fill('o-2', 'AAPL'));
    expect(b.shouldProceed(signal('AAPL'))).toBe(true);
  });

  it("ignores other containers' orders and unknown fills", () => {
    const b = new OrderStateBarrier({ containerId: 'portfolio_1' });
    b.shouldProceed(order('x-1', 'AAPL', 'portfolio_2'));
    expect(b.shouldProceed(signal('AAPL'))).toBe(true);
    b.shouldProceed(fill('nope', 'AAPL'));
    expect(b.describe()).toBe('OrderStateBarrier(portfolio_1, preventDuplicates true): no pending order');
  });

  it('only tracks when preventDuplicates is false', () => {
    const b = new OrderStateBarrier({ containerId: 'portfolio_1', preventDuplicates: false });
    b.shouldProceed(order('o-1', 'AAPL'));
    expect(b.shouldProceed(signal('AAPL'))).toBe(true);
    expect(b.describe()).toMatch(/pending AAPL \(o-1\)/);
  });

  it('learns only from events passed to it, and resets', () => {
    const b = new OrderStateBarrier({ containerId: 'portfolio_1' });
    b.shouldProceed(order('o-1', 'AAPL'));
    // The FILL happened elsewhere but was never passed to the barrier: still pending.
    fill('o-1', 'AAPL');
    expect(b.shouldProceed(signal('AAPL'))).toBe(false);
    b.reset();
    expect(b.shouldProceed(signal('AAPL'))).toBe(true);
  });

  it('needs a container id', () => {
    expect(() => new OrderStateBarrier({ containerId: '' })).toThrow(/needs the containerId/);
  });
});
