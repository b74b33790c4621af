// A self-check of the core inside a Web Worker: proves the pure Events Module
// runs off the main thread, with mandatory filters routing signals correctly.
import { EventBus } from '../../core/bus';
import { EventType } from '../../core/event-type';
import { createSignalEvent } from '../../core/event-factories';
import { strategyFilter } from '../../core/filters';
import { IdGenerator } from '../../core/id-generator';

export interface CoreProbeResult {
  published: number;
  receivedByPortfolio: number;
  foreignSignalsReceived: number;
  lastSequence: number;
}

/** Two strategies publish signals on child buses; a portfolio filtered on one must see only its own. */
export function runCoreProbe(signals: number): CoreProbeResult {
  const root = new EventBus('root');
  const ids = new IdGenerator('probe');
  let received = 0;
  let foreign = 0;
  root.subscribe(
    EventType.SIGNAL,
    (event) => {
      received++;
      if (event.payload.strategyId !== 'momentum_1') foreign++;
    },
    strategyFilter(['momentum_1']),
  );
  const a = root.child('momentum_1');
  const b = root.child('pairs_1');
  for (let i = 0; i < signals; i++) {
    const bus = i % 2 === 0 ? a : b;
    bus.publish(
      createSignalEvent({
        symbol: 'SPX',
        direction: 'long',
        strength: 1,
        strategyId: bus.id,
        timestamp: i,
        ids,
      }),
    );
  }
  return { published: signals, receivedByPortfolio: received, foreignSignalsReceived: foreign, lastSequence: root.lastSequence };
}
