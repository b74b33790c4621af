// Subscriptions that do not keep their owner alive: the handler (or the owner of
// a method) is held through a WeakRef, and a FinalizationRegistry removes the
// subscription once it is collected, so a long optimisation that drops
// strategies without unsubscribing does not leak them or keep calling them.
import type { EventBus } from './bus';
import { ALL_EVENT_TYPES, EventType, requiresFilter } from './event-type';
import type { FilterOptionalEventType, FilterRequiredEventType } from './event-type';
import type { TradingEvent } from './events';
import type { EventFilter } from './filters';
import { MissingFilterError } from './missing-filter-error';
import type { EventHandler, Unsubscribe } from './subscription';

interface WeakSub {
  readonly id: number;
  readonly type: EventType;
  /** The handler itself, or the owner whose `method` is called. */
  readonly ref: WeakRef<object>;
  readonly method: PropertyKey | undefined;
  readonly filter: EventFilter | undefined;
}

export interface WeakSubscriptionManagerOptions {
  /** A handler threw; delivery to the others went on. */
  onError?: (error: unknown, event: TradingEvent) => void;
}

export interface WeakSubscriptionStats {
  /** Subscriptions registered now, all types. */
  live: number;
  /** Removed by the FinalizationRegistry after their target was collected. */
  finalized: number;
  /** Found collected during publish/sweep before the registry ran. */
  swept: number;
  delivered: number;
  errors: number;
}

type MethodKeys<O> = { [K in keyof O]: O[K] extends (event: never) => unknown ? K : never }[keyof O];

const NO_SUBS: readonly WeakSub[] = Object.freeze([]);
const PASS_ALL: EventFilter = () => true;

export class WeakSubscriptionManager {
  private subs: Record<EventType, readonly WeakSub[]>;
  private nextId = 0;
  private finalizedCount = 0;
  private sweptCount = 0;
  private deliveredCount = 0;
  private errorCount = 0;
  private readonly options: WeakSubscriptionManagerOptions;
  // Held values are the subscription records (never the targets), unregister tokens the same records.
  private readonly registry = new FinalizationRegistry<WeakSub>((sub) => {
    if (this.remove(sub)) this.finalizedCount++;
  });

  constructor(options: WeakSubscriptionManagerOptions = {}) {
    this.options = options;
    this.subs = emptyTable();
  }

  /**
   * Subscribes `handler`, held weakly: keep it reachable (e.g. as a property of its owner)
   * for as long as it should receive events. SIGNAL and FILL require a filter.
   */
  subscribe<T extends FilterRequiredEventType>(type: T, handler: EventHandler<T>, filter: EventFilter): Unsubscribe;
  subscribe<T extends FilterOptionalEventType>(type: T, handler: EventHandler<T>, filter?: EventFilter): Unsubscribe;
  subscribe(type: EventType, handler: EventHandler<never>, filter?: EventFilter): Unsubscribe {
    if (typeof handler !== 'function') throw new TypeError(`subscribe(${String(type)}) needs a handler function.`);
    return this.add(type, handler, undefined, filter);
  }

  /**
   * Calls `owner[method](event)` while `owner` lives: the weak-method form (Python's
   * WeakMethod), for class instances whose bound handlers nobody else would hold.
   */
  subscribeMethod<O extends object, T extends FilterRequiredEventType>(type: T, owner: O, method: MethodKeys<O>, filter: EventFilter): Unsubscribe;
  subscribeMethod<O extends object, T extends FilterOptionalEventType>(type: T, owner: O, method: MethodKeys<O>, filter?: EventFilter): Unsubscribe;
  subscribeMethod(type: EventType, owner: object, method: PropertyKey, filter?: EventFilter): Unsubscribe {
    if (owner === null || typeof owner !== 'object') throw new TypeError(`subscribeMethod(${String(type)}) needs an owner object.`);
    if (typeof (owner as Record<PropertyKey, unknown>)[method] !== 'function') {
      throw new TypeError(`subscribeMethod(${String(type)}): owner has no method '${String(method)}'.`);
    }
    return this.add(type, owner, method, filter);
  }

  private add(type: EventType, target: object, method: PropertyKey | undefined, filter: EventFilter | undefined): Unsubscribe {
    if (!Object.prototype.hasOwnProperty.call(EventType, type)) {
      throw new TypeError(`Unknown event type '${String(type)}'. Known types: ${ALL_EVENT_TYPES.join(', ')}.`);
    }
    if (requiresFilter(type) && typeof filter !== 'function') throw new MissingFilterError(type);
    const sub: WeakSub = { id: ++this.nextId, type, ref: new WeakRef(target), method, filter };
    this.registry.register(target, sub, sub);
    this.subs[type] = [...this.subs[type], sub];
    // The disposer holds the record, never the target, so it does not keep the owner alive.
    return () => {
      if (this.remove(sub)) this.registry.unregister(sub);
    };
  }

  private remove(sub: WeakSub): boolean {
    const current = this.subs[sub.type];
    const index = current.indexOf(sub);
    if (index < 0) return false;
    // Copy-on-write: a publish iterating the old list is not disturbed.
    this.subs[sub.type] = current.length === 1 ? NO_SUBS : current.filter((s) => s !== sub);
    return true;
  }

  /** Delivers to the live subscriptions of `event.type`; returns how many handlers ran. */
  publish(event: TradingEvent): number {
    const list = this.subs[event.type];
    if (list === undefined) return 0;
    let delivered = 0;
    for (let i = 0; i < list.length; i++) {
      const sub = list[i];
      const target = sub.ref.deref();
      if (target === undefined) {
        if (this.remove(sub)) {
          this.registry.unregister(sub);
          this.sweptCount++;
        }
        continue;
      }
      if (sub.filter !== undefined && !sub.filter(event)) continue;
      try {
        if (sub.method === undefined) (target as (e: TradingEvent) => void)(event);
        else (target as Record<PropertyKey, (e: TradingEvent) => void>)[sub.method](event);
        delivered++;
      } catch (error) {
        this.errorCount++;
        this.options.onError?.(error, event);
      }
    }
    this.deliveredCount += delivered;
    return delivered;
  }

  /**
   * Forwards `bus`'s events of `types` (default all) to these weak subscriptions.
   * The forwarders pass every event; each weak subscription applies its own (mandatory) filter.
   */
  connect(bus: EventBus, types: readonly EventType[] = ALL_EVENT_TYPES): Unsubscribe {
    const forward = (event: TradingEvent): void => void this.publish(event);
    const offs = types.map((type) => bus.subscribe(type as FilterOptionalEventType, forward, PASS_ALL));
    return () => {
      for (const off of offs) off();
    };
  }

  /** Subscriptions registered now for `type` (or all types): drops once a collected target is finalized. */
  liveCount(type?: EventType): number {
    if (type !== undefined) return this.subs[type]?.length ?? 0;
    let n = 0;
    for (const t of ALL_EVENT_TYPES) n += this.subs[t].length;
    return n;
  }

  /** Removes subscriptions whose target is already collected (without waiting for the registry); returns how many. */
  sweep(): number {
    let removed = 0;
    for (const t of ALL_EVENT_TYPES) {
      for (const sub of this.subs[t]) {
        if (sub.ref.deref() === undefined && this.remove(sub)) {
          this.registry.unregister(sub);
          removed++;
        }
      }
    }
    this.sweptCount += removed;
    return removed;
  }

  stats(): WeakSubscriptionStats {
    return {
      live: this.liveCount(),
      finalized: this.finalizedCount,
      swept: this.sweptCount,
      delivered: this.deliveredCount,
      errors: this.errorCount,
    };
  }

  /** Drops every subscription. */
  clear(): void {
    for (const t of ALL_EVENT_TYPES) for (const sub of this.subs[t]) this.registry.unregister(sub);
    this.subs = emptyTable();
  }
}

function emptyTable(): Record<EventType, readonly WeakSub[]> {
  const table = {} as Record<EventType, readonly WeakSub[]>;
  for (const t of ALL_EVENT_TYPES) table[t] = NO_SUBS;
  return table;
}
