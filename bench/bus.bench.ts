// EventBus publish → one filtered handler, side by side with eventemitter3 and
// mitt emitting to one listener doing the same work.
import { EventEmitter } from 'eventemitter3';
import mitt from 'mitt';
import { EventBus } from '../src/core/bus';
import { EventType } from '../src/core/event-type';
import { createSignalEvent } from '../src/core/event-factories';
import { strategyFilter } from '../src/core/filters';
import type { TradingEvent } from '../src/core/events';
import { fmt, nsPerOp, opsPerSecond, record, table } from './harness';

export async function benchBus(): Promise<void> {
  const event = createSignalEvent({ symbol: 'SPX', direction: 'long', strength: 1, strategyId: 'momentum_1', timestamp: 0, eventId: 'e1' });
  let sink = 0;

  const bus = new EventBus('root');
  bus.subscribe(EventType.SIGNAL, () => void sink++, strategyFilter(['momentum_1']));
  const busNs = await nsPerOp(() => {
    event.sequence = undefined;
    bus.publish(event);
  });

  const ee = new EventEmitter();
  ee.on('SIGNAL', () => void sink++);
  const eeNs = await nsPerOp(() => {
    event.sequence = undefined;
    ee.emit('SIGNAL', event);
  });

  const emitter = mitt<{ SIGNAL: TradingEvent }>();
  emitter.on('SIGNAL', () => void sink++);
  const mittNs = await nsPerOp(() => {
    event.sequence = undefined;
    emitter.emit('SIGNAL', event);
  });

  // Child → parent delivery: a strategy's signal reaching its portfolio's filtered handler.
  const root = new EventBus('root');
  const portfolio = root.child('portfolio_1');
  const strategy = portfolio.child('momentum_1');
  portfolio.subscribe(EventType.SIGNAL, () => void sink++, strategyFilter(['momentum_1']));
  const childNs = await nsPerOp(() => {
    event.sequence = undefined;
    strategy.publish(event);
  });

  if (sink === 0) throw new Error('handlers never ran');
  const ratio = eeNs / busNs;
  console.log('\n## EventBus publish → one filtered handler (no observers)\n');
  console.log(
    table([
      ['emitter', 'ns/op', 'ops/s', 'vs eventemitter3'],
      ['EventBus (strategyFilter)', busNs.toFixed(1), fmt(opsPerSecond(busNs)), `${ratio.toFixed(2)}x`],
      ['EventBus child→parent (2 levels)', childNs.toFixed(1), fmt(opsPerSecond(childNs)), `${(eeNs / childNs).toFixed(2)}x`],
      ['eventemitter3', eeNs.toFixed(1), fmt(opsPerSecond(eeNs)), '1.00x'],
      ['mitt', mittNs.toFixed(1), fmt(opsPerSecond(mittNs)), `${(eeNs / mittNs).toFixed(2)}x`],
    ]),
  );
  console.log(`\ntarget: EventBus ≥ 0.5x eventemitter3 → ${ratio >= 0.5 ? 'MET' : 'NOT MET'} (${ratio.toFixed(2)}x)`);
  record('bus', 'EventBus publish, one filtered handler', opsPerSecond(busNs), 'ops/s');
  record('bus', 'EventBus child→parent, 2 levels', opsPerSecond(childNs), 'ops/s');
  record('bus', 'eventemitter3 emit, one listener', opsPerSecond(eeNs), 'ops/s');
  record('bus', 'mitt emit, one listener', opsPerSecond(mittNs), 'ops/s');
  record('bus', 'EventBus / eventemitter3', ratio, 'x', 'target ≥ 0.5x');
}
