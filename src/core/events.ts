// Event shapes: one payload interface per EventType, joined by PayloadMap so
// TradingEvent<T> carries the payload of exactly its type.
import type { EventType } from './event-type';

export type Direction = 'long' | 'short' | 'flat';
export type OrderSide = 'buy' | 'sell';
export type PositionSide = 'long' | 'short';
export type OrderType = 'market' | 'limit' | 'stop';

export interface BarPayload {
  symbol: string;
  timeframe: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface FeaturesPayload {
  symbol: string;
  features: Record<string, number>;
}

export interface SignalPayload {
  symbol: string;
  direction: Direction;
  strength: number;
  strategyId: string;
}

/** What a portfolio asks execution for, before an order id is assigned. */
export interface OrderRequestPayload {
  symbol: string;
  side: OrderSide;
  quantity: number;
  orderType: OrderType;
  limitPrice?: number;
  stopPrice?: number;
}

export interface OrderPayload extends OrderRequestPayload {
  orderId: string;
  /** Why the order exists: 'signal', 'stop_loss', 'take_profit', 'end_of_data', 'cancel' … */
  reason?: string;
  /** Set on a cancel: the order id being cancelled. */
  cancels?: string;
}

export interface FillPayload {
  orderId: string;
  symbol: string;
  side: OrderSide;
  quantity: number;
  price: number;
  commission: number;
  slippage?: number;
}

export interface PositionOpenPayload {
  symbol: string;
  side: PositionSide;
  quantity: number;
  entryPrice: number;
}

export interface PositionClosePayload {
  symbol: string;
  side: PositionSide;
  quantity: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  entryTime: number;
  exitTime: number;
  reason: string;
  commission?: number;
}

export interface PortfolioUpdatePayload {
  cash: number;
  equity: number;
  positionsValue: number;
  openPositions: number;
}

export interface RegimeChangePayload {
  symbol?: string;
  regime: string;
  previousRegime?: string;
}

export interface RiskBreachPayload {
  rule: string;
  message: string;
  symbol?: string;
  value?: number;
  limit?: number;
}

export interface ErrorPayload {
  message: string;
  name?: string;
  stack?: string;
  /** The event whose handling failed, when there was one. */
  failedEventId?: string;
  failedEventType?: EventType;
}

export interface PayloadMap {
  BAR: BarPayload;
  FEATURES: FeaturesPayload;
  SIGNAL: SignalPayload;
  ORDER_REQUEST: OrderRequestPayload;
  ORDER: OrderPayload;
  FILL: FillPayload;
  POSITION_OPEN: PositionOpenPayload;
  POSITION_CLOSE: PositionClosePayload;
  PORTFOLIO_UPDATE: PortfolioUpdatePayload;
  REGIME_CHANGE: RegimeChangePayload;
  RISK_BREACH: RiskBreachPayload;
  ERROR: ErrorPayload;
}

export type PayloadOf<T extends EventType> = PayloadMap[T];

export interface TradingEvent<T extends EventType = EventType> {
  /** Unique within a run. */
  eventId: string;
  type: T;
  /** Market time of the event, ms since epoch, UTC. */
  timestamp: number;
  /** Container that produced it. */
  sourceId: string;
  /** Owning container (FILL/ORDER: the portfolio). */
  containerId?: string;
  /** Trade id shared by every event of one trade. */
  correlationId?: string;
  /** eventId of the event that directly caused this one. */
  causationId?: string;
  /** Stamped by the bus tree (or a standalone tracer); strictly increasing. */
  sequence?: number;
  payload: PayloadOf<T>;
  metadata?: Record<string, unknown>;
}

/** A TradingEvent of any one type, as a discriminated union on `type`. */
export type AnyTradingEvent = { [K in EventType]: TradingEvent<K> }[EventType];

export function isEventOf<T extends EventType>(event: TradingEvent, type: T): event is TradingEvent<T> {
  return event.type === type;
}
