// A portfolio container: turns its strategies' SIGNALs into ORDER_REQUESTs (what the
// signal asks for, sized) and those, after the risk limits, into ORDERs; books FILLs
// into cash and positions, and publishes POSITION_OPEN / POSITION_CLOSE and a
// PORTFOLIO_UPDATE per time slice. Every event of one trade carries the trade's
// correlationId and the eventId of its direct cause, so its chain can be rebuilt:
// signal → order_request (→ risk_breach) → order → fill → position_open …
import type { PortfolioContainerConfig } from '../core/config/studio-config';
import { EventType } from '../core/event-type';
import type {
  Direction,
  OrderPayload,
  OrderRequestPayload,
  OrderType,
  PositionSide,
  RiskBreachPayload,
  TradingEvent,
} from '../core/events';
import type { EventBus } from '../core/bus';
import { containerFilter, strategyFilter } from '../core/filters';
import type { IdSource } from '../core/id-generator';
import type { Unsubscribe } from '../core/subscription';
import type { BarEvent, MarketState } from './market-state';
import { grossPnl, positionValue } from './position';
import type { Position } from './position';
import { entryQuantity, validateSizing } from './sizing';

export type SignalEvent = TradingEvent<typeof EventType.SIGNAL>;
type FillEvent = TradingEvent<typeof EventType.FILL>;

/** What the portfolio asks of a barrier (core/barriers): decide on a signal, learn from orders and fills. */
export interface ProceedBarrier {
  shouldProceed(event: TradingEvent): boolean;
}

export type CloseReason = 'signal' | 'stop_loss' | 'take_profit' | 'end_of_data' | 'reverse';
type OrderKind = 'entry' | CloseReason;

interface OrderIntent {
  kind: OrderKind;
  correlationId: string;
  symbol: string;
  /** Entry: the side of the position it opens. */
  side: PositionSide;
  strategyId: string;
  market: boolean;
}

export interface PortfolioOptions {
  config: PortfolioContainerConfig;
  initialCapital: number;
  /** The portfolio's own bus (child of the root): its ORDERs, POSITION_* and PORTFOLIO_UPDATEs. */
  bus: EventBus;
  /** Where SIGNALs and FILLs are subscribed, with the mandatory filters. */
  root: EventBus;
  market: MarketState;
  ids: IdSource;
  barrier?: ProceedBarrier;
  /**
   * Data alignment (barrier_config.data_alignment): a signal at time t proceeds only when every
   * required symbol × timeframe has a bar at t. All bars of one time close together, so this is
   * known at t's close even though the merged stream hands them over one by one.
   */
  aligned?: (timestamp: number) => boolean;
  /** Receives the SIGNALs and FILLs it accepted (its tracer records what it receives). */
  onReceived?: (event: TradingEvent) => void;
  /**
   * Gets the marks of bars where the portfolio is flat and nothing changed, instead of a
   * PORTFOLIO_UPDATE (feed them to the metrics). Without it every bar publishes one.
   */
  onQuietMark?: (timestamp: number, equity: number) => void;
  /** A trade whose entry never filled (cancelled at the end of data): its events can be pruned. */
  onTradeAbandoned?: (correlationId: string) => void;
}

export interface PortfolioMark {
  timestamp: number;
  cash: number;
  equity: number;
  positionsValue: number;
  openPositions: number;
}

export class Portfolio {
  readonly id: string;
  readonly config: PortfolioContainerConfig;
  private readonly bus: EventBus;
  private readonly market: MarketState;
  private readonly ids: IdSource;
  private readonly barrier: ProceedBarrier | undefined;
  private readonly aligned: ((timestamp: number) => boolean) | undefined;
  private readonly onReceived: ((event: TradingEvent) => void) | undefined;
  private readonly onQuietMark: ((timestamp: number, equity: number) => void) | undefined;
  private readonly onTradeAbandoned: ((correlationId: string) => void) | undefined;
  private readonly allowShort: boolean;
  private cashBalance: number;
  /** Open positions in opening order (an array: valued every slice without an iterator). */
  private readonly open: Position[] = [];
  private readonly orders = new Map<string, OrderIntent>();
  /** Market orders in flight per symbol: a signal meanwhile would act on a stale position. */
  private readonly pendingMarket = new Map<string, number>();
  private tradeCount = 0;
  private orderCount = 0;
  private marks = 0;
  private lastMark: PortfolioMark;
  private readonly disposers: Unsubscribe[] = [];

  constructor(options: PortfolioOptions) {
    const { config } = options;
    this.id = config.id;
    this.config = config;
    this.bus = options.bus;
    this.market = options.market;
    this.ids = options.ids;
    this.barrier = options.barrier;
    this.aligned = options.aligned;
    this.onReceived = options.onReceived;
    this.onQuietMark = options.onQuietMark;
    this.onTradeAbandoned = options.onTradeAbandoned;
    this.allowShort = config.allowShort;
    validateSizing(config.sizing, config.risk, `containers.${config.id}`);
    this.cashBalance = options.initialCapital;
    this.lastMark = { timestamp: 0, cash: this.cashBalance, equity: this.cashBalance, positionsValue: 0, openPositions: 0 };
    this.disposers.push(options.root.subscribe(EventType.SIGNAL, (e) => this.onSignal(e), strategyFilter(config.strategies)));
    this.disposers.push(options.root.subscribe(EventType.FILL, (e) => this.onFill(e), containerFilter(this.id)));
  }

  get cash(): number {
    return this.cashBalance;
  }

  get openPositionCount(): number {
    return this.open.length;
  }

  get positions(): readonly Position[] {
    return this.open;
  }

  /** The latest mark's figures. */
  get mark(): Readonly<PortfolioMark> {
    return this.lastMark;
  }

  /** Mark-to-market equity at the latest closes. */
  equity(): number {
    return this.cashBalance + this.positionsValue();
  }

  /** The direction held on `symbol` ('flat' when none) — what a strategy's context reports. */
  direction(symbol: string): Direction {
    const p = this.find(symbol);
    return p === undefined ? 'flat' : p.side;
  }

  dispose(): void {
    for (const off of this.disposers) off();
    this.disposers.length = 0;
  }

  private find(symbol: string): Position | undefined {
    const open = this.open;
    for (let i = 0; i < open.length; i++) if (open[i].symbol === symbol) return open[i];
    return undefined;
  }

  private positionsValue(): number {
    let value = 0;
    const open = this.open;
    for (let i = 0; i < open.length; i++) {
      const p = open[i];
      value += positionValue(p, this.market.lastClose(p.symbol) ?? p.entryPrice);
    }
    return value;
  }

  // ---- signals -------------------------------------------------------------

  private onSignal(signal: SignalEvent): void {
    const s = signal.payload;
    if (this.aligned !== undefined && !this.aligned(signal.timestamp)) {
      this.onReceived?.(signal);
      return;
    }
    if (this.barrier !== undefined && !this.barrier.shouldProceed(signal)) {
      this.onReceived?.(signal);
      return;
    }
    if ((this.pendingMarket.get(s.symbol) ?? 0) > 0) {
      this.onReceived?.(signal);
      return;
    }
    let wanted: Direction = s.direction;
    if (wanted === 'short' && !this.allowShort) wanted = 'flat';
    const held = this.find(s.symbol);
    if (held !== undefined && wanted === held.side) {
      this.onReceived?.(signal);
      return;
    }
    if (held === undefined && wanted === 'flat') {
      this.onReceived?.(signal);
      return;
    }
    const entry = wanted === 'flat' ? undefined : this.sizeEntry(s.symbol, wanted);
    const correlationId = entry !== undefined && entry.quantity > 0 ? `${this.id}-t${++this.tradeCount}` : undefined;
    // The signal is recorded first (tracers need rising sequences), under the trade it opens
    // or, when it only closes, under the trade it closes.
    if (correlationId !== undefined || held !== undefined) this.accept(signal, correlationId ?? held!.correlationId);
    else this.onReceived?.(signal);
    if (held !== undefined) {
      const exit = held.side === 'long' ? 'sell' : 'buy';
      const request = this.request(signal, held.correlationId, { symbol: s.symbol, side: exit, quantity: held.quantity, orderType: 'market' }, 'exit');
      this.submitExit(held, wanted === 'flat' ? 'signal' : 'reverse', request, signal.timestamp);
    }
    if (entry !== undefined && wanted !== 'flat') {
      const side = wanted === 'long' ? 'buy' : 'sell';
      // The request carries what sizing asked for; the risk limits (max_position, cash) then
      // cap it, each cap a RISK_BREACH caused by the request, and what is left becomes the ORDER.
      const request = this.request(signal, correlationId, { symbol: s.symbol, side, quantity: entry.requested, orderType: 'market' }, 'entry');
      for (const b of entry.breaches) this.breach(signal.timestamp, correlationId, request, b);
      if (correlationId !== undefined) {
        this.submit({ kind: 'entry', correlationId, symbol: s.symbol, side: wanted, strategyId: s.strategyId, market: true }, side, entry.quantity, 'market', request, signal.timestamp, 'signal');
      }
    }
  }

  /** Publishes the ORDER_REQUEST a signal makes (under the trade it opens or closes) and returns its eventId. */
  private request(signal: SignalEvent, correlationId: string | undefined, payload: OrderRequestPayload, intent: 'entry' | 'exit'): string {
    const event = this.event(EventType.ORDER_REQUEST, payload, signal.timestamp, correlationId, signal.eventId, { strategyId: signal.payload.strategyId, intent });
    this.bus.publish(event);
    return event.eventId;
  }

  /** Records the signal as part of trade `correlationId` (a copy: a strategy's signal may reach several portfolios). */
  private accept(signal: SignalEvent, correlationId: string): void {
    if (this.onReceived === undefined) return;
    // Written out, not `{ ...signal, correlationId }`: a spread copy is a slow object on this hot path.
    this.onReceived({
      eventId: signal.eventId,
      type: signal.type,
      timestamp: signal.timestamp,
      sourceId: signal.sourceId,
      containerId: signal.containerId,
      correlationId,
      causationId: signal.causationId,
      sequence: signal.sequence,
      payload: signal.payload,
      metadata: signal.metadata,
    });
  }

  /** Units to enter, after the max-position and cash caps, and the limits that capped it. */
  private sizeEntry(symbol: string, side: PositionSide): { requested: number; quantity: number; breaches: RiskBreachPayload[] } {
    const breaches: RiskBreachPayload[] = [];
    const price = this.market.lastClose(symbol);
    if (price === undefined) {
      breaches.push({ rule: 'no_price', message: `No bar of ${symbol} seen yet: cannot size an entry.`, symbol });
      return { requested: 0, quantity: 0, breaches };
    }
    const { sizing, risk } = this.config;
    let quantity = entryQuantity({ sizing, risk, equity: this.equity(), price });
    const requested = quantity;
    if (risk.maxPosition !== undefined && quantity > risk.maxPosition) {
      breaches.push({
        rule: 'max_position',
        message: `Entry of ${quantity} ${symbol} capped at max_position ${risk.maxPosition}.`,
        symbol,
        value: quantity,
        limit: risk.maxPosition,
      });
      quantity = Math.floor(risk.maxPosition);
    }
    if (side === 'long' && quantity * price > this.cashBalance) {
      const affordable = Math.max(0, Math.floor(this.cashBalance / price));
      breaches.push({
        rule: 'insufficient_cash',
        message: `Entry of ${quantity} ${symbol} at ~${price} needs more than the cash ${this.cashBalance.toFixed(2)}; reduced to ${affordable}.`,
        symbol,
        value: quantity,
        limit: affordable,
      });
      quantity = affordable;
    }
    return { requested, quantity: quantity > 0 ? quantity : 0, breaches };
  }

  private submitExit(p: Position, reason: CloseReason, causationId: string, timestamp: number): void {
    this.submit(
      { kind: reason, correlationId: p.correlationId, symbol: p.symbol, side: p.side, strategyId: p.strategyId, market: true },
      p.side === 'long' ? 'sell' : 'buy',
      p.quantity,
      'market',
      causationId,
      timestamp,
      reason,
    );
  }

  private submit(
    intent: OrderIntent,
    side: 'buy' | 'sell',
    quantity: number,
    orderType: OrderType,
    causationId: string,
    timestamp: number,
    reason: string,
    price?: number,
  ): string {
    const orderId = `${this.id}-o${++this.orderCount}`;
    const payload: OrderPayload = { orderId, symbol: intent.symbol, side, quantity, orderType, reason };
    if (orderType === 'limit') payload.limitPrice = price;
    if (orderType === 'stop') payload.stopPrice = price;
    this.orders.set(orderId, intent);
    if (intent.market) this.pendingMarket.set(intent.symbol, (this.pendingMarket.get(intent.symbol) ?? 0) + 1);
    const event = this.event(EventType.ORDER, payload, timestamp, intent.correlationId, causationId);
    if (intent.market) this.barrier?.shouldProceed(event);
    this.bus.publish(event);
    return orderId;
  }

  private cancelOrder(orderId: string, causationId: string, timestamp: number, reason: string): void {
    const intent = this.orders.get(orderId);
    if (intent === undefined) return;
    this.orders.delete(orderId);
    if (intent.market) this.pendingMarket.set(intent.symbol, (this.pendingMarket.get(intent.symbol) ?? 1) - 1);
    const payload: OrderPayload = {
      orderId: `${this.id}-o${++this.orderCount}`,
      symbol: intent.symbol,
      side: 'buy',
      quantity: 0,
      orderType: 'market',
      reason,
      cancels: orderId,
    };
    const event = this.event(EventType.ORDER, payload, timestamp, intent.correlationId, causationId);
    if (intent.market) this.barrier?.shouldProceed(event);
    this.bus.publish(event);
  }

  // ---- fills ---------------------------------------------------------------

  private onFill(fill: FillEvent): void {
    const f = fill.payload;
    const intent = this.orders.get(f.orderId);
    if (intent === undefined) return;
    this.orders.delete(f.orderId);
    this.onReceived?.(fill);
    if (intent.market) {
      this.pendingMarket.set(f.symbol, (this.pendingMarket.get(f.symbol) ?? 1) - 1);
      this.barrier?.shouldProceed(fill);
    }
    const notional = f.quantity * f.price;
    this.cashBalance += f.side === 'buy' ? -notional - f.commission : notional - f.commission;
    if (intent.kind === 'entry') this.opened(fill, intent);
    else this.closed(fill, intent.kind);
  }

  private opened(fill: FillEvent, intent: OrderIntent): void {
    const f = fill.payload;
    const position: Position = {
      symbol: f.symbol,
      side: intent.side,
      quantity: f.quantity,
      entryPrice: f.price,
      entryTime: fill.timestamp,
      correlationId: intent.correlationId,
      strategyId: intent.strategyId,
      entryCommission: f.commission,
      entryMark: this.marks,
    };
    this.open.push(position);
    this.bus.publish(
      this.event(
        EventType.POSITION_OPEN,
        { symbol: f.symbol, side: intent.side, quantity: f.quantity, entryPrice: f.price },
        fill.timestamp,
        intent.correlationId,
        fill.eventId,
        { strategyId: intent.strategyId, commission: f.commission },
      ),
    );
    // Protective exits are real resting orders at the execution simulator (OCO: the portfolio cancels the other).
    const { stopLoss, takeProfit } = this.config.risk;
    const exitSide = intent.side === 'long' ? 'sell' : 'buy';
    const sign = intent.side === 'long' ? 1 : -1;
    const base = { correlationId: intent.correlationId, symbol: f.symbol, side: intent.side, strategyId: intent.strategyId, market: false };
    if (stopLoss !== undefined && stopLoss > 0) {
      position.stopOrderId = this.submit(
        { ...base, kind: 'stop_loss' },
        exitSide,
        f.quantity,
        'stop',
        fill.eventId,
        fill.timestamp,
        'stop_loss',
        f.price * (1 - sign * stopLoss),
      );
    }
    if (takeProfit !== undefined && takeProfit > 0) {
      position.takeProfitOrderId = this.submit(
        { ...base, kind: 'take_profit' },
        exitSide,
        f.quantity,
        'limit',
        fill.eventId,
        fill.timestamp,
        'take_profit',
        f.price * (1 + sign * takeProfit),
      );
    }
  }

  private closed(fill: FillEvent, reason: CloseReason): void {
    const f = fill.payload;
    const index = this.open.findIndex((p) => p.symbol === f.symbol);
    if (index < 0) return;
    const p = this.open[index];
    this.open.splice(index, 1);
    for (const id of [p.stopOrderId, p.takeProfitOrderId]) {
      if (id !== undefined && this.orders.has(id)) this.cancelOrder(id, fill.eventId, fill.timestamp, 'oco_cancel');
    }
    const commission = p.entryCommission + f.commission;
    const pnl = grossPnl(p, f.price) - commission;
    this.bus.publish(
      this.event(
        EventType.POSITION_CLOSE,
        {
          symbol: p.symbol,
          side: p.side,
          quantity: p.quantity,
          entryPrice: p.entryPrice,
          exitPrice: f.price,
          pnl,
          entryTime: p.entryTime,
          exitTime: fill.timestamp,
          reason,
          commission,
        },
        fill.timestamp,
        p.correlationId,
        fill.eventId,
        { strategyId: p.strategyId, barsHeld: this.marks - p.entryMark },
      ),
    );
  }

  // ---- time ----------------------------------------------------------------

  /**
   * Values positions at the latest closes (once per time slice) and publishes
   * PORTFOLIO_UPDATE when anything changed: a position is open (its value moves with
   * the price) or cash/equity differ from the last update. A flat, unchanged mark goes
   * to `onQuietMark` instead (the metrics still count the bar), which saves an event per
   * bar while out of the market. The returned mark is reused: copy what you keep.
   */
  markToMarket(timestamp: number, cause?: BarEvent): Readonly<PortfolioMark> {
    const open = this.open.length;
    const positionsValue = open === 0 ? 0 : this.positionsValue();
    const cash = this.cashBalance;
    const equity = cash + positionsValue;
    const mark = this.lastMark;
    const quiet = this.onQuietMark !== undefined && open === 0 && this.marks > 0 && mark.openPositions === 0 && mark.cash === cash && mark.equity === equity;
    mark.timestamp = timestamp;
    mark.cash = cash;
    mark.equity = equity;
    mark.positionsValue = positionsValue;
    mark.openPositions = open;
    this.marks++;
    if (quiet) {
      this.onQuietMark!(timestamp, equity);
      return mark;
    }
    this.bus.publish({
      eventId: this.ids.next(),
      type: 'PORTFOLIO_UPDATE',
      timestamp,
      sourceId: this.id,
      containerId: this.id,
      correlationId: undefined,
      causationId: cause?.eventId,
      sequence: undefined,
      payload: { cash, equity, positionsValue, openPositions: open },
      metadata: undefined,
    });
    return mark;
  }

  /**
   * End of data: orders still waiting are cancelled and every open position is
   * closed at its symbol's last close (reason 'end_of_data').
   */
  endOfData(timestamp: number): void {
    const abandoned: string[] = [];
    for (const [orderId, intent] of [...this.orders]) {
      if (!intent.market) continue;
      this.cancelOrder(orderId, this.market.lastBarEvent(intent.symbol)?.eventId ?? '', timestamp, 'end_of_data');
      if (intent.kind === 'entry') abandoned.push(intent.correlationId);
    }
    // An entry that never filled opened no trade: nothing will ever close its correlation.
    for (const id of abandoned) this.onTradeAbandoned?.(id);
    for (const p of [...this.open]) {
      const bar = this.market.lastBarEvent(p.symbol);
      const cause = bar?.eventId ?? '';
      for (const id of [p.stopOrderId, p.takeProfitOrderId]) {
        if (id !== undefined && this.orders.has(id)) this.cancelOrder(id, cause, timestamp, 'end_of_data');
      }
      this.submitExit(p, 'end_of_data', cause, bar?.timestamp ?? timestamp);
    }
  }

  private breach(timestamp: number, correlationId: string | undefined, causationId: string, payload: RiskBreachPayload): void {
    this.bus.publish(this.event(EventType.RISK_BREACH, payload, timestamp, correlationId, causationId));
  }

  private event<T extends EventType>(
    type: T,
    payload: TradingEvent<T>['payload'],
    timestamp: number,
    correlationId: string | undefined,
    causationId: string | undefined,
    metadata?: Record<string, unknown>,
  ): TradingEvent<T> {
    return {
      eventId: this.ids.next(),
      type,
      timestamp,
      sourceId: this.id,
      containerId: this.id,
      correlationId,
      causationId,
      sequence: undefined,
      payload,
      metadata,
    };
  }
}
