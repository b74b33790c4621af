// MetricsObserver: feeds a metrics calculator from the event stream (events are the
// source of truth) and, under trade_complete retention, prunes each closed trade's events.
import { EventType } from './event-type';
import type { PortfolioUpdatePayload, PositionClosePayload, TradingEvent } from './events';
import type { ClosedTrade, MetricsSnapshot } from './metrics-snapshot';
import type { EventObserver } from './observer';
import type { RetentionPolicy } from './trace-settings';

/** What the observer drives: StreamingMetrics, or anything with the same three methods. */
export interface MetricsCalculator {
  updateEquity(timestamp: number, equity: number, inMarket?: boolean): void;
  updateFromTrade(trade: ClosedTrade): void;
  snapshot(): MetricsSnapshot;
}

/** The one thing the observer needs of a tracer (EventTracer satisfies it). */
export interface CorrelationPruner {
  pruneCorrelated(correlationId: string): unknown;
}

export interface MetricsObserverOptions {
  calculator: MetricsCalculator;
  /**
   * 'trade_complete' (the default) and 'minimal' prune a trade's events from `tracer` once it
   * closes (both bound memory by open trades); 'full', 'sliding_window', 'none' never prune. 'all' = 'full'.
   */
  retentionPolicy?: RetentionPolicy | 'all';
  tracer?: CorrelationPruner;
  /** Count only events of this container (event.containerId, else its sourceId). */
  containerId?: string;
  /** Called with every closed trade after it reached the calculator (the engine's store_trades). */
  onTrade?: (trade: ClosedTrade) => void;
  /** How many recent event ids are remembered to count an event once across a bus chain. Default 1024. */
  dedupeWindow?: number;
}

export interface MetricsObserverStats {
  /** Distinct events seen (after dedupe and the container filter). */
  events: number;
  trades: number;
  equityUpdates: number;
  /** onPublish calls ignored because the event was already counted on another bus. */
  duplicates: number;
  /** Events the calculator rejected (e.g. a NaN equity); see lastError. */
  rejected: number;
  pruned: number;
  lastError: string | undefined;
}

/** The trade a POSITION_CLOSE describes; its id is the correlationId (eventId when absent). */
export function closedTradeFromEvent(event: TradingEvent<typeof EventType.POSITION_CLOSE>): ClosedTrade {
  const p: PositionClosePayload = event.payload;
  const notional = p.entryPrice * p.quantity;
  const meta = event.metadata;
  const strategyId = typeof meta?.strategyId === 'string' ? meta.strategyId : undefined;
  const barsHeld = typeof meta?.barsHeld === 'number' ? meta.barsHeld : undefined;
  const trade: ClosedTrade = {
    id: event.correlationId ?? event.eventId,
    containerId: event.containerId ?? event.sourceId,
    symbol: p.symbol,
    side: p.side,
    quantity: p.quantity,
    entryPrice: p.entryPrice,
    exitPrice: p.exitPrice,
    entryTime: p.entryTime,
    exitTime: p.exitTime,
    pnl: p.pnl,
    returnPct: notional !== 0 ? p.pnl / Math.abs(notional) : 0,
    commission: p.commission ?? 0,
    reason: p.reason,
  };
  if (strategyId !== undefined) trade.strategyId = strategyId;
  if (barsHeld !== undefined) trade.barsHeld = barsHeld;
  return trade;
}

/**
 * An EventObserver. The bus calls onPublish once per bus an event passes through
 * (child → parent), so the observer remembers the last `dedupeWindow` event ids in a
 * ring and counts each event once: bounded memory, and correct even when a handler
 * publishes new events between the child and the parent delivery.
 *
 * Pruning order: the tracer must have recorded the POSITION_CLOSE before this observer
 * prunes, so attach the tracer first on the same bus (or on a bus nearer the source).
 */
export class MetricsObserver implements EventObserver {
  readonly calculator: MetricsCalculator;
  readonly retentionPolicy: RetentionPolicy;
  readonly containerId: string | undefined;
  private readonly tracer: CorrelationPruner | undefined;
  private readonly onTrade: ((trade: ClosedTrade) => void) | undefined;
  private readonly recentIds: (string | undefined)[];
  private recentHead = 0;
  /** Highest bus sequence counted: an event stamped above it cannot have been counted yet. */
  private lastSequence = -Infinity;
  private readonly counters: MetricsObserverStats = {
    events: 0,
    trades: 0,
    equityUpdates: 0,
    duplicates: 0,
    rejected: 0,
    pruned: 0,
    lastError: undefined,
  };

  constructor(options: MetricsObserverOptions) {
    if (options.calculator === undefined || typeof options.calculator.updateFromTrade !== 'function') {
      throw new TypeError('MetricsObserver needs a calculator (e.g. new StreamingMetrics({ initialCapital })).');
    }
    const window = options.dedupeWindow ?? 1024;
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`MetricsObserver: dedupeWindow must be a positive integer, got ${String(window)}.`);
    }
    this.calculator = options.calculator;
    const policy = options.retentionPolicy ?? 'trade_complete';
    this.retentionPolicy = policy === 'all' ? 'full' : policy;
    this.tracer = options.tracer;
    this.containerId = options.containerId;
    this.onTrade = options.onTrade;
    this.recentIds = new Array<string | undefined>(window).fill(undefined);
  }

  onPublish(event: TradingEvent): void {
    const type = event.type;
    if (type !== EventType.POSITION_CLOSE && type !== EventType.PORTFOLIO_UPDATE) return;
    if (this.containerId !== undefined && (event.containerId ?? event.sourceId) !== this.containerId) return;
    if (this.seen(event)) {
      this.counters.duplicates++;
      return;
    }
    this.counters.events++;
    // The bus does not guard observers: a bad payload must be reported, not break publish().
    try {
      if (type === EventType.POSITION_CLOSE) this.onClose(event as TradingEvent<typeof EventType.POSITION_CLOSE>);
      else this.onPortfolio(event as TradingEvent<typeof EventType.PORTFOLIO_UPDATE>);
    } catch (error) {
      this.counters.rejected++;
      this.counters.lastError = `${type} ${event.eventId}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private onClose(event: TradingEvent<typeof EventType.POSITION_CLOSE>): void {
    const trade = closedTradeFromEvent(event);
    this.calculator.updateFromTrade(trade);
    this.counters.trades++;
    this.onTrade?.(trade);
    const tradeScoped = this.retentionPolicy === 'trade_complete' || this.retentionPolicy === 'minimal';
    if (tradeScoped && this.tracer !== undefined && event.correlationId !== undefined) {
      this.tracer.pruneCorrelated(event.correlationId);
      this.counters.pruned++;
    }
  }

  private onPortfolio(event: TradingEvent<typeof EventType.PORTFOLIO_UPDATE>): void {
    const p: PortfolioUpdatePayload = event.payload;
    this.calculator.updateEquity(event.timestamp, p.equity, p.openPositions > 0);
    this.counters.equityUpdates++;
  }

  /**
   * True when this event was already counted; otherwise remembers its id (evicting the oldest).
   * A bus tree stamps strictly rising sequences, so an event above the highest one counted is new
   * without a lookup — the hot path, one ring write and no hash set churn (a Set's deletes
   * allocated ~8 % of a backtest's garbage). A revisit (the same event on a parent bus) or an
   * event from another tree searches the id ring newest first: a revisit is among the newest.
   */
  private seen(event: TradingEvent): boolean {
    const id = event.eventId;
    const seq = event.sequence;
    if (seq !== undefined && seq > this.lastSequence) this.lastSequence = seq;
    else if (this.inWindow(id)) return true;
    this.recentIds[this.recentHead] = id;
    this.recentHead = (this.recentHead + 1) % this.recentIds.length;
    return false;
  }

  private inWindow(id: string): boolean {
    const ids = this.recentIds;
    const n = ids.length;
    let i = this.recentHead;
    for (let k = 0; k < n; k++) {
      i = i === 0 ? n - 1 : i - 1;
      const seen = ids[i];
      if (seen === id) return true;
      if (seen === undefined) return false;
    }
    return false;
  }

  snapshot(): MetricsSnapshot {
    return this.calculator.snapshot();
  }

  stats(): Readonly<MetricsObserverStats> {
    return { ...this.counters };
  }
}
