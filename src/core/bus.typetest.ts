// Compile-time proof that SIGNAL and FILL subscriptions need a filter. This file
// is type-checked by `npm run typecheck`; each @ts-expect-error line fails the
// build if the compiler ever stops rejecting the call below it.
import { EventBus } from './bus';
import { EventType } from './event-type';
import { containerFilter, strategyFilter } from './filters';

const bus = new EventBus('typetest');
const onAny = (): void => undefined;

// @ts-expect-error SIGNAL without a filter must not compile
bus.subscribe(EventType.SIGNAL, onAny);
// @ts-expect-error FILL without a filter must not compile
bus.subscribe(EventType.FILL, onAny);
// @ts-expect-error an explicit undefined filter is still a missing filter
bus.subscribe(EventType.SIGNAL, onAny, undefined);
// @ts-expect-error the string literal is typed too
bus.subscribe('FILL', onAny);

// With filters, and for other types without, it compiles.
bus.subscribe(EventType.SIGNAL, (e) => e.payload.strategyId, strategyFilter(['momentum_1']));
bus.subscribe(EventType.FILL, (e) => e.payload.price, containerFilter('portfolio_1'));
bus.subscribe(EventType.BAR, (e) => e.payload.close);

// Handlers are typed by the event type they subscribe to.
// @ts-expect-error a BAR payload has no strategyId
bus.subscribe(EventType.BAR, (e) => e.payload.strategyId);
