// OrderStateBarrier: no new signal for a symbol while one of the container's orders for
// it is in flight. It learns only from the ORDER / FILL events it is given, so a replayed
// trace reproduces every decision.
import { EventType } from '../event-type';
import type { FillPayload, OrderPayload, TradingEvent } from '../events';
import { PROCEED, block } from './barrier';
import type { Barrier, BarrierVerdict } from './barrier';

export interface OrderStateBarrierOptions {
  /** The portfolio whose ORDERs make a symbol pending (event.containerId, else sourceId). */
  containerId: string;
  /** Block SIGNALs for a symbol with a pending order (default true); false only tracks. */
  preventDuplicates?: boolean;
}

interface PendingOrder {
  symbol: string;
  remaining: number;
  quantity: number;
  placedAt: number;
}

/** ORDER reasons that end an order instead of placing one. */
const ENDING_REASONS: ReadonlySet<string> = new Set(['cancel', 'cancelled', 'canceled', 'reject', 'rejected', 'expired']);
// A fill within this fraction of the order's quantity completes it (float dust from sizing).
const FILL_TOLERANCE = 1e-9;

/**
 * Rules: an ORDER of `containerId` makes its symbol pending until the order is done —
 * filled in full by FILLs with its orderId (partial fills keep it pending), or ended by an
 * ORDER that cancels it (`payload.cancels` = its id, or reason 'cancel'/'reject'/'expired'
 * naming its own orderId). While a symbol is pending, SIGNALs for it are blocked — every
 * direction, exits included, since the in-flight order already changes the position.
 * ORDER and FILL events themselves always proceed.
 */
export class OrderStateBarrier implements Barrier {
  readonly name = 'OrderStateBarrier';
  readonly containerId: string;
  readonly preventDuplicates: boolean;
  private readonly orders = new Map<string, PendingOrder>();
  private readonly bySymbol = new Map<string, Set<string>>();
  private reason: string | undefined;

  constructor(options: OrderStateBarrierOptions) {
    if (typeof options.containerId !== 'string' || options.containerId === '') {
      throw new RangeError('OrderStateBarrier needs the containerId of the portfolio whose orders it tracks.');
    }
    this.containerId = options.containerId;
    this.preventDuplicates = options.preventDuplicates ?? true;
  }

  get lastReason(): string | undefined {
    return this.reason;
  }

  /** Order ids in flight for `symbol` (all symbols when omitted). */
  pendingOrders(symbol?: string): string[] {
    if (symbol !== undefined) return [...(this.bySymbol.get(symbol) ?? [])];
    return [...this.orders.keys()];
  }

  isPending(symbol: string): boolean {
    return this.bySymbol.has(symbol);
  }

  shouldProceed(event: TradingEvent): boolean {
    const verdict = this.check(event);
    this.commit(event, verdict.proceed);
    return verdict.proceed;
  }

  check(event: TradingEvent): BarrierVerdict {
    if (!this.preventDuplicates || event.type !== EventType.SIGNAL) {
      this.reason = undefined;
      return PROCEED;
    }
    const symbol = (event.payload as { symbol: string }).symbol;
    const ids = this.bySymbol.get(symbol);
    if (ids === undefined) {
      this.reason = undefined;
      return PROCEED;
    }
    const described = [...ids].map((id) => {
      const o = this.orders.get(id)!;
      const filled = o.quantity - o.remaining;
      return filled > 0 ? `${id} (${filled}/${o.quantity} filled)` : id;
    });
    this.reason =
      `${symbol} has a pending order of ${this.containerId}: ${described.join(', ')}; ` +
      `the signal waits for its FILL or cancel`;
    return block(this.reason);
  }

  /** ORDERs and FILLs are facts: learned whatever the outcome. */
  commit(event: TradingEvent, _proceeded: boolean): void {
    if (event.type === EventType.ORDER) {
      if ((event.containerId ?? event.sourceId) !== this.containerId) return;
      const order = event.payload as OrderPayload;
      if (order.cancels !== undefined) this.release(order.cancels);
      else if (order.reason !== undefined && ENDING_REASONS.has(order.reason)) this.release(order.orderId);
      else this.place(order, event.timestamp);
    } else if (event.type === EventType.FILL) {
      const fill = event.payload as FillPayload;
      const pending = this.orders.get(fill.orderId);
      if (pending === undefined) return;
      pending.remaining -= Math.abs(fill.quantity);
      if (pending.remaining <= pending.quantity * FILL_TOLERANCE) this.release(fill.orderId);
    }
  }

  private place(order: OrderPayload, timestamp: number): void {
    if (this.orders.has(order.orderId)) return; // the same ORDER seen twice
    const quantity = Math.abs(order.quantity);
    this.orders.set(order.orderId, { symbol: order.symbol, remaining: quantity, quantity, placedAt: timestamp });
    let ids = this.bySymbol.get(order.symbol);
    if (ids === undefined) {
      ids = new Set();
      this.bySymbol.set(order.symbol, ids);
    }
    ids.add(order.orderId);
  }

  private release(orderId: string): void {
    const order = this.orders.get(orderId);
    if (order === undefined) return;
    this.orders.delete(orderId);
    const ids = this.bySymbol.get(order.symbol);
    ids?.delete(orderId);
    if (ids !== undefined && ids.size === 0) this.bySymbol.delete(order.symbol);
  }

  reset(): void {
    this.orders.clear();
    this.bySymbol.clear();
    this.reason = undefined;
  }

  describe(): string {
    const pending = [...this.bySymbol.entries()].map(([s, ids]) => `${s} (${[...ids].join(', ')})`);
    return (
      `OrderStateBarrier(${this.containerId}, preventDuplicates ${this.preventDuplicates}): ` +
      (pending.length ? `pending ${pending.join('; ')}` : 'no pending order')
    );
  }
}
