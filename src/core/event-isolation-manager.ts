// One EventBus per container in an execution context. JavaScript has no shared-
// memory threads: every Web Worker and Node worker_thread loads its own copy of
// this module, so the static registry below is per realm — the seed's
// "thread-local" bus. Two backtests in ONE thread use separate instances
// (createContext()), so no mutable state is shared between runs.
import { EventBus } from './bus';
import type { EventBusOptions } from './bus';

export interface EventIsolationContextOptions {
  /** Options for every bus this context creates (e.g. an onError reporter). */
  busOptions?: EventBusOptions;
}

export class EventIsolationManager {
  /** This realm's registry (one per Worker / worker thread: each has its own module instance). */
  private static realm: EventIsolationManager | undefined;

  private readonly buses = new Map<string, EventBus>();
  private readonly busOptions: EventBusOptions;

  private constructor(options: EventIsolationContextOptions = {}) {
    this.busOptions = options.busOptions ?? {};
  }

  private static get current(): EventIsolationManager {
    return (EventIsolationManager.realm ??= new EventIsolationManager());
  }

  /** A manager of its own: the engine makes one per run so runs sharing a thread never share buses. */
  static createContext(options: EventIsolationContextOptions = {}): EventIsolationManager {
    return new EventIsolationManager(options);
  }

  /** The bus of `containerId` in this realm; the same bus on every call until cleanup(). */
  static getIsolatedBus(containerId: string): EventBus {
    return EventIsolationManager.current.getIsolatedBus(containerId);
  }

  /** Disposes every bus of this realm's registry; returns how many. */
  static cleanup(): number {
    return EventIsolationManager.realm?.cleanup() ?? 0;
  }

  /** Container ids with a bus in this realm's registry. */
  static containerIds(): string[] {
    return EventIsolationManager.realm?.containerIds() ?? [];
  }

  /** The bus of `containerId` in this context (created on first call, recreated if it was disposed). */
  getIsolatedBus(containerId: string): EventBus {
    if (typeof containerId !== 'string' || containerId === '') {
      throw new TypeError(`getIsolatedBus needs a non-empty container id, got ${JSON.stringify(containerId)}.`);
    }
    let bus = this.buses.get(containerId);
    if (bus === undefined || bus.isDisposed) {
      bus = new EventBus(containerId, this.busOptions);
      this.buses.set(containerId, bus);
    }
    return bus;
  }

  has(containerId: string): boolean {
    const bus = this.buses.get(containerId);
    return bus !== undefined && !bus.isDisposed;
  }

  /** Disposes one container's bus; returns whether there was one. */
  release(containerId: string): boolean {
    const bus = this.buses.get(containerId);
    if (bus === undefined) return false;
    bus.dispose();
    this.buses.delete(containerId);
    return true;
  }

  /** Disposes every bus of this context (subscriptions, observers, children); returns how many. */
  cleanup(): number {
    const n = this.buses.size;
    for (const bus of this.buses.values()) bus.dispose();
    this.buses.clear();
    return n;
  }

  containerIds(): string[] {
    return [...this.buses.keys()];
  }

  get size(): number {
    return this.buses.size;
  }
}
