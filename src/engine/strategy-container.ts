// A strategy container: feeds its strategy the bars of its symbols and turns the
// strategy's emitSignal / emitFeatures / emitRegimeChange calls into SIGNAL, FEATURES
// and REGIME_CHANGE events on its own bus (a child of the root). Within one bar, each
// event for a symbol is caused by the previous one emitted for it (the first by the
// BAR): bar → features → regime change → signal. One context object per container, not
// per bar, so the hot path allocates only the events themselves; FEATURES are published
// only when someone wants them (publishFeatures), so an untraced run pays a boolean per bar.
import type { EventBus } from '../core/bus';
import { EventType } from '../core/event-type';
import type { Direction, TradingEvent } from '../core/events';
import type { IdSource } from '../core/id-generator';
import type { Unsubscribe } from '../core/subscription';
import type { Bar } from './bar';
import type { BarEvent } from './market-state';
import type { Strategy, StrategyContext } from './strategy';

export interface StrategyContainerOptions {
  strategy: Strategy;
  /** The container's bus: its SIGNALs are published here and reach the root. */
  bus: EventBus;
  /** Where BARs are subscribed. */
  root: EventBus;
  ids: IdSource;
  /** What the managing portfolio holds ('flat' when none or no portfolio). */
  position: (symbol: string) => Direction;
  /** Index of the current bar in the run's stream, recorded on SIGNALs so a replay puts them back after the same bar. */
  barIndex?: () => number;
  /** Signals on bars before this time (ms) are dropped: the bars only warm the strategy up (RunBacktestOptions.tradeFrom). */
  tradeFrom?: number;
  /** Publish the strategy's FEATURES (someone traces or subscribes them); otherwise emitFeatures is a no-op. */
  publishFeatures?: boolean;
  /** Receives the BARs handed to the strategy (its tracer records what it receives, when it traces BAR). */
  onReceived?: (event: BarEvent) => void;
}

export class StrategyContainer implements StrategyContext {
  readonly id: string;
  readonly strategy: Strategy;
  private readonly bus: EventBus;
  private readonly ids: IdSource;
  private readonly positionOf: (symbol: string) => Direction;
  private readonly barIndex: (() => number) | undefined;
  private readonly tradeFrom: number;
  readonly featuresWanted: boolean;
  private readonly onReceived: ((event: BarEvent) => void) | undefined;
  private current: BarEvent | undefined;
  /** Per symbol, the last event emitted for it on the current bar: the cause of the next one. */
  private readonly causes = new Map<string, string>();
  /** Per symbol, the last regime the strategy reported (the next REGIME_CHANGE's previousRegime). */
  private regimes: Map<string, string> | undefined;
  private signals = 0;
  /**
   * Per symbol, the last signal of the warm-up (dropped then). On the first tradeable bar the
   * strategy's wish at the end of the warm-up is taken as a real signal, unless the strategy
   * signals that symbol itself on that bar: strategies that signal only on a change of
   * direction would otherwise sit out a trend that began during the warm-up.
   */
  private held: Map<string, { direction: Direction; strength: number }> | undefined;
  private readonly off: Unsubscribe;

  constructor(options: StrategyContainerOptions) {
    this.strategy = options.strategy;
    this.id = options.strategy.id;
    this.bus = options.bus;
    this.ids = options.ids;
    this.positionOf = options.position;
    this.barIndex = options.barIndex;
    this.tradeFrom = options.tradeFrom ?? Number.NEGATIVE_INFINITY;
    this.featuresWanted = options.publishFeatures ?? false;
    this.onReceived = options.onReceived;
    const symbols = new Set(options.strategy.symbols);
    const only = symbols.size === 1 ? [...symbols][0] : undefined;
    // The symbol check lives in the handler (not a filter closure): one call per bar instead of two.
    this.off = options.root.subscribe(
      EventType.BAR,
      only !== undefined
        ? (e) => {
            if (e.payload.symbol === only) this.onBar(e);
          }
        : (e) => {
            if (symbols.has(e.payload.symbol)) this.onBar(e);
          },
    );
  }

  get signalCount(): number {
    return this.signals;
  }

  private onBar(event: BarEvent): void {
    this.current = event;
    if (this.causes.size > 0) this.causes.clear();
    this.onReceived?.(event);
    this.strategy.onBar(event.payload as Bar, this);
    if (this.held !== undefined && event.timestamp >= this.tradeFrom) this.releaseHeld();
    this.current = undefined;
  }

  private releaseHeld(): void {
    const held = this.held!;
    this.held = undefined;
    for (const [symbol, wish] of held) if (wish.direction !== 'flat') this.emitSignal(symbol, wish.direction, wish.strength);
  }

  emitSignal(symbol: string, direction: Direction, strength = 1): void {
    const bar = this.current;
    if (bar === undefined) throw new Error(`Strategy '${this.id}' emitted a signal outside onBar; signals belong to a bar.`);
    // Warm-up bar: the strategy saw it (its indicators moved) but may not trade on it.
    if (bar.timestamp < this.tradeFrom) {
      (this.held ??= new Map()).set(symbol, { direction, strength });
      return;
    }
    // The strategy's own signal on the first tradeable bars supersedes its warm-up wish.
    this.held?.delete(symbol);
    const event: TradingEvent<typeof EventType.SIGNAL> = {
      eventId: this.ids.next(),
      type: EventType.SIGNAL,
      timestamp: bar.timestamp,
      sourceId: this.id,
      containerId: this.id,
      correlationId: undefined,
      causationId: this.causes.size > 0 ? (this.causes.get(symbol) ?? bar.eventId) : bar.eventId,
      sequence: undefined,
      payload: { symbol, direction, strength, strategyId: this.id },
      metadata: this.barIndex === undefined ? undefined : { barIndex: this.barIndex() },
    };
    this.signals++;
    this.bus.publish(event);
  }

  position(symbol: string): Direction {
    return this.positionOf(symbol);
  }

  emitFeatures(symbol: string, features: Readonly<Record<string, number>>): void {
    if (!this.featuresWanted) return;
    const bar = this.current;
    if (bar === undefined) throw new Error(`Strategy '${this.id}' emitted features outside onBar; features belong to a bar.`);
    if (bar.timestamp < this.tradeFrom) return;
    this.publishCaused(EventType.FEATURES, symbol, bar, { symbol, features: { ...features } });
  }

  emitRegimeChange(symbol: string, regime: string): void {
    const bar = this.current;
    if (bar === undefined) throw new Error(`Strategy '${this.id}' reported a regime outside onBar; regimes belong to a bar.`);
    const regimes = (this.regimes ??= new Map());
    const previousRegime = regimes.get(symbol);
    if (previousRegime === regime) return;
    regimes.set(symbol, regime);
    // Warm-up: the regime is remembered (the first traded change names it as previous), not published.
    if (bar.timestamp < this.tradeFrom) return;
    const payload = previousRegime === undefined ? { symbol, regime } : { symbol, regime, previousRegime };
    this.publishCaused(EventType.REGIME_CHANGE, symbol, bar, payload);
  }

  /** Publishes an event of the strategy caused by the previous one it emitted for `symbol` on this bar. */
  private publishCaused<T extends typeof EventType.FEATURES | typeof EventType.REGIME_CHANGE>(type: T, symbol: string, bar: BarEvent, payload: TradingEvent<T>['payload']): void {
    const event = {
      eventId: this.ids.next(),
      type,
      timestamp: bar.timestamp,
      sourceId: this.id,
      containerId: this.id,
      correlationId: undefined,
      causationId: this.causes.get(symbol) ?? bar.eventId,
      sequence: undefined,
      payload,
      metadata: undefined,
    } as TradingEvent<T>;
    this.causes.set(symbol, event.eventId);
    this.bus.publish(event);
  }

  dispose(): void {
    this.off();
  }
}
