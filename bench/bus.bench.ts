// EventBus publish → one filtered handler, side by side with eventemitter3 and mitt emitting to
// one listener doing the same work. Each repetition measures all of them back to back, and the
// target is EventBus ÷ eventemitter3 per repetition, so load on the machine moves both sides.
import { EventEmitter } from 'eventemitter3';
import mitt from 'mitt';
import { EventBus } from '../src/core/bus';
import { EventType } from '../src/core/event-type';
import { createSignalEvent } from '../src/core/event-factories';
import { strategyFilter } from '../src/core/filters';
import type { TradingEvent } from '../src/core/events';
import type { BenchSuite } from './bench-suite';
import { fmt, nsPerOp, opsPerSecond, spreadText, summarize, table, type SuiteRun } from './harness';

async function run(suite: SuiteRun): Promise<void> {
  const event = createSignalEvent({ symbol: 'SPX', direction: 'long', strength: 1, strategyId: 'momentum_1', timestamp: 0, eventId: 'e1' });
  let sink = 0;

  const bus = new EventBus('root');
  bus.subscribe(EventType.SIGNAL, () => void sink++, strategyFilter(['momentum_1']));
  const ee = new EventEmitter();
  ee.on('SIGNAL', () => void sink++);
  const emitter = mitt<{ SIGNAL: TradingEvent }>();
  emitter.on('SIGNAL', () => void sink++);
  // Child → parent delivery: a strategy's signal reaching its portfolio's filtered handler.
  const root = new EventBus('root');
  const portfolio = root.child('portfolio_1');
  const strategy = portfolio.child('momentum_1');
  portfolio.subscribe(EventType.SIGNAL, () => void sink++, strategyFilter(['momentum_1']));

  const publishBus = () => {
    event.sequence = undefined;
    bus.publish(event);
  };
  const emitEe = () => {
    event.sequence = undefined;
    ee.emit('SIGNAL', event);
  };
  const reps = await suite.repeat(suite.reps(7, 3), async () => {
    // A B B A: the pair measured closest in time, so a load change mid-repetition hits both sides alike.
    const a1 = await nsPerOp(publishBus, 75);
    const b1 = await nsPerOp(emitEe, 75);
    const b2 = await nsPerOp(emitEe, 75);
    const a2 = await nsPerOp(publishBus, 75);
    const mittNs = await nsPerOp(() => {
      event.sequence = undefined;
      emitter.emit('SIGNAL', event);
    });
    const childNs = await nsPerOp(() => {
      event.sequence = undefined;
      strategy.publish(event);
    });
    return { busNs: (a1 + a2) / 2, eeNs: (b1 + b2) / 2, mittNs, childNs };
  });
  if (sink === 0) throw new Error('handlers never ran');

  const ops = (k: 'busNs' | 'eeNs' | 'mittNs' | 'childNs') => reps.map((r) => opsPerSecond(r[k]));
  const vsEe = (k: 'busNs' | 'mittNs' | 'childNs') => reps.map((r) => r.eeNs / r[k]);
  const rows: (string | number)[][] = [['emitter', 'ops/s median [min–max]', 'vs eventemitter3 (per repetition)']];
  const add = (label: string, k: 'busNs' | 'eeNs' | 'mittNs' | 'childNs') => {
    const f = suite.figure(label, ops(k), 'ops/s');
    rows.push([label, spreadText(f), k === 'eeNs' ? '1.00x' : spreadText(summarize(vsEe(k)), (n) => `${n.toFixed(2)}x`)]);
  };
  add('EventBus publish, strategyFilter subscription', 'busNs');
  add('EventBus child → parent (2 levels)', 'childNs');
  add('eventemitter3 emit, one listener', 'eeNs');
  add('mitt emit, one listener', 'mittNs');
  console.log(table(rows) + '\n');
  suite.figure('EventBus child → parent ÷ eventemitter3', vsEe('childNs'), 'x');
  suite.figure('mitt ÷ eventemitter3', vsEe('mittNs'), 'x');
  suite.target({
    name: 'EventBus publish → one filtered handler ≥ 0.5× eventemitter3',
    kind: 'ratio',
    reference: 'eventemitter3 emit to one listener, same repetition',
    op: '>=',
    threshold: 0.5,
    unit: 'x',
    values: vsEe('busNs'),
    note: `EventBus ${fmt(summarize(ops('busNs')).median)} vs eventemitter3 ${fmt(summarize(ops('eeNs')).median)} ops/s (medians); a 6–7 ns publish is at the timer's noise floor`,
  });
}

export const busSuite: BenchSuite = {
  title: 'EventBus publish vs eventemitter3 and mitt',
  description:
    'One SIGNAL published to one filtered handler (mitata, ~150 ms of samples per emitter per repetition). Every repetition measures EventBus and eventemitter3 in A B B A order, then mitt and a child → parent delivery; the target is EventBus ops/s ÷ eventemitter3 ops/s of the same repetition.',
  run,
};
