// One open position of a portfolio on one symbol (net, no pyramiding): what the
// portfolio needs to value it, close it and report its trade.
import type { PositionSide } from '../core/events';

export interface Position {
  symbol: string;
  side: PositionSide;
  quantity: number;
  /** Average fill price of the entry. */
  entryPrice: number;
  entryTime: number;
  /** The trade's correlationId. */
  correlationId: string;
  strategyId: string;
  /** Commission paid on entry (the exit's is added when it closes). */
  entryCommission: number;
  /** Working protective orders (ids), cancelled when the position closes. */
  stopOrderId?: string;
  takeProfitOrderId?: string;
  /** Number of time slices the portfolio had marked when it opened (for barsHeld). */
  entryMark: number;
}

/** Signed market value at `price`: positive long, negative short. */
export function positionValue(p: Position, price: number): number {
  return p.side === 'long' ? p.quantity * price : -p.quantity * price;
}

/** Gross profit of closing `quantity` at `exitPrice`, before commissions. */
export function grossPnl(p: Position, exitPrice: number, quantity = p.quantity): number {
  return p.side === 'long' ? (exitPrice - p.entryPrice) * quantity : (p.entryPrice - exitPrice) * quantity;
}
