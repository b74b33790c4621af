// The execution container: answers ORDERs with FILLs. Market orders fill at the
// next bar's open of their symbol (or the current close), stop/limit orders rest
// until a later bar's range reaches them, with gap fills at the open. FILLs carry
// the order's containerId, so each portfolio's containerFilter routes its own.
import type { ExecutionConfig } from '../core/config/studio-config';
import { EventType } from '../core/event-type';
import type { FillPayload, OrderSide, TradingEvent } from '../core/events';
import type { EventBus } from '../core/bus';
import type { IdSource } from '../core/id-generator';
import type { Unsubscribe } from '../core/subscription';
import type { BarEvent, MarketState } from './market-state';

export type OrderEvent = TradingEvent<typeof EventType.ORDER>;
export type FillEvent = TradingEvent<typeof EventType.FILL>;

export const DEFAULT_EXECUTION: Readonly<ExecutionConfig> = Object.freeze({
  commissionPerTrade: 0,
  commissionPercent: 0,
  slippageBps: 0,
  fillModel: 'next_open',
});

export interface ExecutionSimulatorOptions {
  /** The execution container's id (sourceId of its FILLs). */
  id: string;
  /** Its own bus (a child of the root): FILLs are published here and reach the root. */
  bus: EventBus;
  /** Where ORDERs and BARs are subscribed. */
  root: EventBus;
  market: MarketState;
  ids: IdSource;
  config?: Partial<ExecutionConfig>;
  /** Receives every ORDER it handles (its tracer records what it receives). */
  onReceived?: (event: OrderEvent) => void;
  /**
   * Symbol → the timeframe whose bars fill orders (the finest); bars of coarser timeframes
   * repeat the same prices later and are not used. Omitted: every bar fills.
   */
  fillTimeframes?: ReadonlyMap<string, string>;
}

interface WorkingOrder {
  event: OrderEvent;
  active: boolean;
  /** Placed while fills at a bar's open were being made: may trigger within that same bar's range. */
  placedAtOpen: boolean;
}

const PHASE_IDLE = 0;
const PHASE_OPEN = 1;
const PHASE_RANGE = 2;

export class ExecutionSimulator {
  readonly id: string;
  private readonly bus: EventBus;
  private readonly market: MarketState;
  private readonly ids: IdSource;
  private readonly config: ExecutionConfig;
  private readonly onReceived: ((event: OrderEvent) => void) | undefined;
  private readonly fillTimeframes: ReadonlyMap<string, string> | undefined;
  /** Market orders waiting for the next bar of their symbol. */
  private readonly queued = new Map<string, WorkingOrder[]>();
  /** Stop and limit orders resting on their symbol. */
  private readonly resting = new Map<string, WorkingOrder[]>();
  private readonly byId = new Map<string, WorkingOrder>();
  private workingCount = 0;
  private phase = PHASE_IDLE;
  private phaseTimestamp = Number.NEGATIVE_INFINITY;
  private fills = 0;
  private readonly disposers: Unsubscribe[] = [];

  constructor(options: ExecutionSimulatorOptions) {
    this.id = options.id;
    this.bus = options.bus;
    this.market = options.market;
    this.ids = options.ids;
    this.config = { ...DEFAULT_EXECUTION, ...options.config };
    this.onReceived = options.onReceived;
    this.fillTimeframes = options.fillTimeframes;
    this.disposers.push(options.root.subscribe(EventType.ORDER, (e) => this.onOrder(e)));
    this.disposers.push(options.root.subscribe(EventType.BAR, (e) => this.onBar(e)));
  }

  /** Orders queued or resting, not yet filled or cancelled. */
  get openOrders(): number {
    return this.workingCount;
  }

  get fillCount(): number {
    return this.fills;
  }

  dispose(): void {
    for (const off of this.disposers) off();
    this.disposers.length = 0;
  }

  private onOrder(event: OrderEvent): void {
    this.onReceived?.(event);
    const order = event.payload;
    if (order.cancels !== undefined) {
      this.cancel(order.cancels);
      return;
    }
    if (!(order.quantity > 0)) return;
    const working: WorkingOrder = { event, active: true, placedAtOpen: this.phase === PHASE_OPEN };
    if (order.orderType === 'market') {
      // End-of-data closes and the 'close' fill model trade at the latest close, now.
      if (order.reason === 'end_of_data' || this.config.fillModel === 'close') {
        const bar = this.market.lastBarEvent(order.symbol);
        if (bar !== undefined) {
          const ref = bar.payload.close;
          const price = order.reason === 'end_of_data' ? ref : this.slipped(ref, order.side);
          this.fill(event, price, ref, Math.max(bar.timestamp, event.timestamp), bar);
          return;
        }
      }
      this.add(this.queued, working);
    } else {
      this.add(this.resting, working);
    }
  }

  private add(table: Map<string, WorkingOrder[]>, working: WorkingOrder): void {
    const symbol = working.event.payload.symbol;
    let list = table.get(symbol);
    if (list === undefined) {
      list = [];
      table.set(symbol, list);
    }
    list.push(working);
    this.byId.set(working.event.payload.orderId, working);
    this.workingCount++;
  }

  private cancel(orderId: string): void {
    const working = this.byId.get(orderId);
    if (working === undefined || !working.active) return;
    this.deactivate(working);
    const symbol = working.event.payload.symbol;
    for (const table of [this.queued, this.resting]) {
      const list = table.get(symbol);
      if (list === undefined) continue;
      const i = list.indexOf(working);
      if (i >= 0) list.splice(i, 1);
    }
  }

  private deactivate(working: WorkingOrder): void {
    working.active = false;
    this.byId.delete(working.event.payload.orderId);
    this.workingCount--;
  }

  /** Per bar: queued market orders fill at its open, then resting orders are checked against its range. */
  private onBar(bar: BarEvent): void {
    if (this.workingCount === 0) return;
    const symbol = bar.payload.symbol;
    if (this.fillTimeframes !== undefined && this.fillTimeframes.get(symbol) !== bar.payload.timeframe) return;
    const queued = this.queued.get(symbol);
    if (queued !== undefined && queued.length > 0) {
      this.phase = PHASE_OPEN;
      this.phaseTimestamp = bar.timestamp;
      // Only orders created before this bar: an order from this bar's own close waits for the next one.
      const ready = queued.filter((w) => w.event.timestamp < bar.timestamp);
      if (ready.length > 0) {
        this.queued.set(symbol, queued.filter((w) => w.event.timestamp >= bar.timestamp));
        const open = bar.payload.open;
        for (const w of ready) {
          if (!w.active) continue;
          this.deactivate(w);
          this.fill(w.event, this.slipped(open, w.event.payload.side), open, bar.timestamp, bar);
        }
      }
    }
    const resting = this.resting.get(symbol);
    if (resting !== undefined && resting.length > 0 && this.anyTriggers(resting, bar)) {
      this.phase = PHASE_RANGE;
      // A snapshot: fills cancel OCO siblings (removing them from the live list) synchronously.
      const snapshot = resting.slice();
      // Stops before limits: when one bar reaches both a stop loss and a take profit, assume the worse.
      snapshot.sort(stopsFirst);
      for (const w of snapshot) {
        if (!w.active || !this.eligible(w, bar)) continue;
        const price = this.triggerPrice(w.event, bar);
        if (price === undefined) continue;
        this.deactivate(w);
        const list = this.resting.get(symbol)!;
        const i = list.indexOf(w);
        if (i >= 0) list.splice(i, 1);
        this.fill(w.event, price.fill, price.reference, bar.timestamp, bar);
      }
    }
    this.phase = PHASE_IDLE;
  }

  /** The common case, a resting stop the bar does not reach, costs no allocation. */
  private anyTriggers(resting: readonly WorkingOrder[], bar: BarEvent): boolean {
    const { high, low } = bar.payload;
    for (let i = 0; i < resting.length; i++) {
      const o = resting[i].event.payload;
      // Any trigger (gapped or not) means the bar's range reached the level: low ≤ level for
      // sell stops and buy limits, high ≥ level for buy stops and sell limits.
      const level = o.orderType === 'stop' ? o.stopPrice : o.limitPrice;
      if (level === undefined) continue;
      const down = (o.orderType === 'stop') === (o.side === 'sell');
      if (down ? low <= level : high >= level) return true;
    }
    return false;
  }

  private eligible(w: WorkingOrder, bar: BarEvent): boolean {
    if (w.event.timestamp < bar.timestamp) return true;
    return w.placedAtOpen && w.event.timestamp === bar.timestamp && this.phaseTimestamp === bar.timestamp;
  }

  /**
   * Where a resting order fills in this bar, if it does. A stop gapped through
   * fills at the open (worse than the stop); a limit gapped through fills at the
   * open (better than the limit). Stops pay slippage like market orders; limits don't.
   */
  private triggerPrice(event: OrderEvent, bar: BarEvent): { fill: number; reference: number } | undefined {
    const o = event.payload;
    const { open, high, low } = bar.payload;
    if (o.orderType === 'stop' && o.stopPrice !== undefined) {
      const stop = o.stopPrice;
      if (o.side === 'sell') {
        if (open <= stop) return { fill: this.slipped(open, 'sell'), reference: open };
        if (low <= stop) return { fill: this.slipped(stop, 'sell'), reference: stop };
      } else {
        if (open >= stop) return { fill: this.slipped(open, 'buy'), reference: open };
        if (high >= stop) return { fill: this.slipped(stop, 'buy'), reference: stop };
      }
      return undefined;
    }
    if (o.orderType === 'limit' && o.limitPrice !== undefined) {
      const limit = o.limitPrice;
      if (o.side === 'sell') {
        if (open >= limit) return { fill: open, reference: open };
        if (high >= limit) return { fill: limit, reference: limit };
      } else {
        if (open <= limit) return { fill: open, reference: open };
        if (low <= limit) return { fill: limit, reference: limit };
      }
    }
    return undefined;
  }

  /** `price` moved against the trader by slippage_bps. */
  private slipped(price: number, side: OrderSide): number {
    const bps = this.config.slippageBps;
    if (bps === 0) return price;
    return side === 'buy' ? price * (1 + bps / 10_000) : price * (1 - bps / 10_000);
  }

  private commission(quantity: number, price: number): number {
    return this.config.commissionPerTrade + (this.config.commissionPercent / 100) * quantity * price;
  }

  private fill(order: OrderEvent, price: number, reference: number, timestamp: number, bar: BarEvent): void {
    const o = order.payload;
    const payload: FillPayload = {
      orderId: o.orderId,
      symbol: o.symbol,
      side: o.side,
      quantity: o.quantity,
      price,
      commission: this.commission(o.quantity, price),
      slippage: Math.abs(price - reference),
    };
    const event: FillEvent = {
      eventId: this.ids.next(),
      type: EventType.FILL,
      timestamp,
      sourceId: this.id,
      containerId: order.containerId,
      correlationId: order.correlationId,
      causationId: order.eventId,
      sequence: undefined,
      payload,
      metadata: { barEventId: bar.eventId, reason: o.reason },
    };
    this.fills++;
    this.bus.publish(event);
  }
}

function stopsFirst(a: WorkingOrder, b: WorkingOrder): number {
  const ra = a.event.payload.orderType === 'stop' ? 0 : 1;
  const rb = b.event.payload.orderType === 'stop' ? 0 : 1;
  return ra - rb;
}
