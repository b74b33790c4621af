// EventBus: typed pub/sub with mandatory SIGNAL/FILL filters, observers and a
// child → parent hierarchy. Handler lists are copy-on-write arrays rebuilt on
// (un)subscribe and never copied per publish, so unsubscribing mid-publish is
// safe and publish does no allocation.
import { ALL_EVENT_TYPES, EventType, requiresFilter } from './event-type';
import type { FilterOptionalEventType, FilterRequiredEventType } from './event-type';
import type { TradingEvent } from './events';
import type { EventFilter } from './filters';
import { MissingFilterError } from './missing-filter-error';
import type { EventObserver } from './observer';
import type { EventHandler, Subscription, Unsubscribe } from './subscription';

interface Sub extends Subscription {
  readonly call: (event: TradingEvent) => void;
}

type SubTable = Record<EventType, readonly Sub[]>;

const NO_SUBS: readonly Sub[] = Object.freeze([]);
const NO_OBSERVERS: readonly EventObserver[] = Object.freeze([]);

/** State shared by a bus tree: one sequence so `sequence` is strictly increasing across it. */
interface BusTree {
  sequence: number;
  nextSubId: number;
}

export interface EventBusOptions {
  /** Called with every handler error besides the observers' onError and the ERROR event. */
  onError?: (error: unknown, event: TradingEvent, subscriber: Subscription) => void;
}

export interface EventBusStats {
  published: number;
  delivered: number;
  errors: number;
}

export class EventBus {
  readonly id: string;
  readonly parent: EventBus | undefined;
  private readonly tree: BusTree;
  private readonly options: EventBusOptions;
  private subs: SubTable;
  private readonly childBuses = new Map<string, EventBus>();
  // Observers split by hook at attach time so publish calls only what exists.
  private observers: readonly EventObserver[] = NO_OBSERVERS;
  private publishObs: readonly EventObserver[] = NO_OBSERVERS;
  private deliveredObs: readonly EventObserver[] = NO_OBSERVERS;
  private errorObs: readonly EventObserver[] = NO_OBSERVERS;
  private readonly counters: EventBusStats = { published: 0, delivered: 0, errors: 0 };
  private disposed = false;

  constructor(id: string, options: EventBusOptions = {}, parent?: EventBus) {
    this.id = id;
    this.options = options;
    this.parent = parent;
    this.tree = parent ? parent.tree : { sequence: 0, nextSubId: 0 };
    const table = {} as Record<EventType, readonly Sub[]>;
    for (const type of ALL_EVENT_TYPES) table[type] = NO_SUBS;
    this.subs = table;
  }

  /** SIGNAL and FILL: a filter is required (compile time here, MissingFilterError at run time). */
  subscribe<T extends FilterRequiredEventType>(type: T, handler: EventHandler<T>, filter: EventFilter): Unsubscribe;
  subscribe<T extends FilterOptionalEventType>(type: T, handler: EventHandler<T>, filter?: EventFilter): Unsubscribe;
  subscribe(type: EventType, handler: EventHandler<never>, filter?: EventFilter): Unsubscribe {
    if (this.disposed) throw new Error(`EventBus '${this.id}' is disposed; subscribe on a live bus.`);
    if (typeof handler !== 'function') throw new TypeError(`subscribe(${String(type)}) needs a handler function.`);
    if (!Object.prototype.hasOwnProperty.call(EventType, type)) {
      throw new TypeError(`Unknown event type '${String(type)}'. Known types: ${ALL_EVENT_TYPES.join(', ')}.`);
    }
    if (requiresFilter(type) && typeof filter !== 'function') throw new MissingFilterError(type);
    const sub: Sub = {
      id: ++this.tree.nextSubId,
      busId: this.id,
      type,
      handler,
      filter,
      call: handler as unknown as (event: TradingEvent) => void,
    };
    this.subs = { ...this.subs, [type]: [...this.subs[type], sub] };
    return () => this.remove(sub);
  }

  /** Removes every subscription of `handler` to `type`; returns how many were removed. */
  unsubscribe(type: EventType, handler: EventHandler<never>): number {
    const current = this.subs[type];
    const kept = current.filter((s) => s.handler !== handler);
    if (kept.length !== current.length) this.subs = { ...this.subs, [type]: kept.length ? kept : NO_SUBS };
    return current.length - kept.length;
  }

  private remove(sub: Sub): void {
    const current = this.subs[sub.type];
    const index = current.indexOf(sub);
    if (index < 0) return;
    const next = current.length === 1 ? NO_SUBS : current.filter((s) => s !== sub);
    this.subs = { ...this.subs, [sub.type]: next };
  }

  /** Number of live subscriptions, for one type or all. */
  subscriberCount(type?: EventType): number {
    if (type !== undefined) return this.subs[type].length;
    let n = 0;
    for (const t of ALL_EVENT_TYPES) n += this.subs[t].length;
    return n;
  }

  attachObserver(observer: EventObserver): void {
    if (this.observers.includes(observer)) return;
    this.observers = [...this.observers, observer];
    this.splitObservers();
  }

  detachObserver(observer: EventObserver): void {
    if (!this.observers.includes(observer)) return;
    this.observers = this.observers.filter((o) => o !== observer);
    this.splitObservers();
  }

  private splitObservers(): void {
    this.publishObs = this.observers.filter((o) => typeof o.onPublish === 'function');
    this.deliveredObs = this.observers.filter((o) => typeof o.onDelivered === 'function');
    this.errorObs = this.observers.filter((o) => typeof o.onError === 'function');
  }

  get observerCount(): number {
    return this.observers.length;
  }

  /**
   * Delivers to this bus's subscribers, then to each ancestor's (child → parent).
   * The event is stamped with the tree's next sequence number unless it has one.
   */
  publish(event: TradingEvent): void {
    if (this.disposed) return;
    if (event.sequence === undefined) event.sequence = ++this.tree.sequence;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking the parent chain
    let bus: EventBus | undefined = this;
    while (bus !== undefined) {
      bus.deliver(event);
      bus = bus.parent;
    }
  }

  private deliver(event: TradingEvent): void {
    this.counters.published++;
    const pub = this.publishObs;
    for (let i = 0; i < pub.length; i++) pub[i].onPublish!(event, this.id);
    const subs = this.subs[event.type];
    const delivered = this.deliveredObs;
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i];
      if (sub.filter !== undefined && !sub.filter(event)) continue;
      try {
        sub.call(event);
      } catch (error) {
        this.reportError(event, error, sub);
        continue;
      }
      this.counters.delivered++;
      for (let j = 0; j < delivered.length; j++) delivered[j].onDelivered!(event, sub);
    }
  }

  private reportError(event: TradingEvent, error: unknown, sub: Sub): void {
    this.counters.errors++;
    for (const o of this.errorObs) {
      try {
        o.onError!(event, error, sub);
      } catch {
        // An observer failing on an error report must not hide the original error.
      }
    }
    this.options.onError?.(error, event, sub);
    // An ERROR handler that throws is reported above but not re-published: that would loop.
    if (event.type === EventType.ERROR) return;
    const err = error instanceof Error ? error : undefined;
    const errorEvent: TradingEvent<typeof EventType.ERROR> = {
      eventId: `${event.eventId}:error:${sub.id}`,
      type: EventType.ERROR,
      timestamp: event.timestamp,
      sourceId: this.id,
      containerId: event.containerId,
      correlationId: event.correlationId,
      causationId: event.eventId,
      sequence: undefined,
      payload: {
        message: err ? err.message : String(error),
        name: err?.name,
        stack: err?.stack,
        failedEventId: event.eventId,
        failedEventType: event.type,
      },
      metadata: undefined,
    };
    this.publish(errorEvent);
  }

  /** The child bus `id` (created on first call): its publishes also reach this bus. */
  child(id: string, options: EventBusOptions = this.options): EventBus {
    let bus = this.childBuses.get(id);
    if (bus === undefined || bus.disposed) {
      bus = new EventBus(id, options, this);
      this.childBuses.set(id, bus);
    }
    return bus;
  }

  get children(): readonly EventBus[] {
    return [...this.childBuses.values()];
  }

  /** The last sequence number stamped in this bus tree. */
  get lastSequence(): number {
    return this.tree.sequence;
  }

  stats(): Readonly<EventBusStats> {
    return { ...this.counters };
  }

  /** Drops every subscription, observer and child; later publishes are ignored. */
  dispose(): void {
    for (const c of this.childBuses.values()) c.dispose();
    this.childBuses.clear();
    const table = {} as Record<EventType, readonly Sub[]>;
    for (const type of ALL_EVENT_TYPES) table[type] = NO_SUBS;
    this.subs = table;
    this.observers = NO_OBSERVERS;
    this.splitObservers();
    this.disposed = true;
    this.parent?.childBuses.delete(this.id);
  }

  get isDisposed(): boolean {
    return this.disposed;
  }
}
