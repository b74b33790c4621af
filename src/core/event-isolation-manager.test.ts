import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createEvent } from './event-factories';
import { EventIsolationManager } from './event-isolation-manager';
import { EventType } from './event-type';
import type { TradingEvent } from './events';

function bar(i: number): TradingEvent {
  return createEvent(EventType.BAR, { symbol: 'SPX', timeframe: '1d', open: i, high: i, low: i, close: i, volume: 1 }, {
    eventId: `b${i}`,
    sourceId: 'data',
    timestamp: i,
  });
}

afterEach(() => {
  EventIsolationManager.cleanup();
});

describe('EventIsolationManager', () => {
  it('returns one bus per container, the same on repeated calls', () => {
    const a = EventIsolationManager.getIsolatedBus('portfolio_1');
    expect(EventIsolationManager.getIsolatedBus('portfolio_1')).toBe(a);
    const b = EventIsolationManager.getIsolatedBus('portfolio_2');
    expect(b).not.toBe(a);
    expect(a.id).toBe('portfolio_1');
    expect(EventIsolationManager.containerIds().sort()).toEqual(['portfolio_1', 'portfolio_2']);
    // Containers' buses are separate roots: an event on one never reaches the other.
    const got: string[] = [];
    b.subscribe(EventType.BAR, (e) => got.push(e.eventId));
    a.publish(bar(1));
    expect(got).toEqual([]);
    expect(() => EventIsolationManager.getIsolatedBus('')).toThrow(/non-empty container id/);
  });

  it('cleanup() disposes every bus and the next call gives a fresh one', () => {
    const bus = EventIsolationManager.getIsolatedBus('p');
    const got: number[] = [];
    bus.subscribe(EventType.BAR, (e) => got.push(e.timestamp));
    bus.publish(bar(1));
    expect(EventIsolationManager.cleanup()).toBe(1);
    expect(bus.isDisposed).toBe(true);
    bus.publish(bar(2));
    expect(got).toEqual([1]);
    const fresh = EventIsolationManager.getIsolatedBus('p');
    expect(fresh).not.toBe(bus);
    expect(fresh.subscriberCount()).toBe(0);
    expect(fresh.lastSequence).toBe(0);
    expect(EventIsolationManager.cleanup()).toBe(1);
    expect(EventIsolationManager.cleanup()).toBe(0);
  });

  it('two contexts in one thread share neither buses nor sequence', () => {
    const run1 = EventIsolationManager.createContext();
    const run2 = EventIsolationManager.createContext();
    const b1 = run1.getIsolatedBus('portfolio_1');
    const b2 = run2.getIsolatedBus('portfolio_1');
    expect(b1).not.toBe(b2);
    expect(b1).not.toBe(EventIsolationManager.getIsolatedBus('portfolio_1'));
    const got2: TradingEvent[] = [];
    b2.subscribe(EventType.BAR, (e) => got2.push(e));
    for (let i = 0; i < 5; i++) b1.publish(bar(i));
    const e = bar(99);
    b2.publish(e);
    expect(got2).toEqual([e]);
    expect(e.sequence).toBe(1);
    expect(b1.lastSequence).toBe(5);
    expect(run1.cleanup()).toBe(1);
    expect(b1.isDisposed).toBe(true);
    expect(b2.isDisposed).toBe(false);
    expect(run2.has('portfolio_1')).toBe(true);
    expect(run2.release('portfolio_1')).toBe(true);
    expect(b2.isDisposed).toBe(true);
    expect(run2.size).toBe(0);
  });

  it('the static registry is per realm: a worker thread has its own buses', async () => {
    const main = EventIsolationManager.getIsolatedBus('portfolio_1');
    for (let i = 0; i < 3; i++) main.publish(bar(i));
    // The worker loads the real TypeScript module through tsx's CommonJS API.
    const modulePath = fileURLToPath(new URL('./event-isolation-manager.ts', import.meta.url));
    const tsxApi = createRequire(import.meta.url).resolve('tsx/cjs/api');
    const code = `
      const { parentPort } = require('node:worker_threads');
      const tsx = require(${JSON.stringify(tsxApi)});
      const { EventIsolationManager } = tsx.require(${JSON.stringify(modulePath)}, ${JSON.stringify(modulePath)});
      const bus = EventIsolationManager.getIsolatedBus('portfolio_1');
      const same = bus === EventIsolationManager.getIsolatedBus('portfolio_1');
      parentPort.postMessage({ lastSequence: bus.lastSequence, ids: EventIsolationManager.containerIds(), same });`;
    const worker = new Worker(code, { eval: true });
    const reply = await new Promise<{ lastSequence: number; ids: string[]; same: boolean }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(main.lastSequence).toBe(3);
    expect(reply).toEqual({ lastSequence: 0, ids: ['portfolio_1'], same: true });
  });
});
