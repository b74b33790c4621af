// A strategy container: feeds its strategy the bars of its symbols and turns the
// strategy's emitSignal calls into SIGNAL events on its own bus (a child of the
// root), caused by the bar being handled. One context object per container, not
// per bar, so the hot path allocates only the SIGNALs themselves.
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
}

export class StrategyContainer implements StrategyContext {
  readonly id: string;
  readonly strategy: Strategy;
  private readonly bus: EventBus;
  private readonly ids: IdSource;
  private readonly positionOf: (symbol: string) => Direction;
  private readonly barIndex: (() => number) | undefined;
  private readonly tradeFrom: number;
  private current: BarEvent | undefined;
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
      causationId: bar.eventId,
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

  dispose(): void {
    this.off();
  }
}
