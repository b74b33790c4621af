// What a closed trade and a metrics snapshot look like: the shapes StreamingMetrics
// produces, the engine reports, the workers ship and the studio draws.
import type { PositionSide } from './events';

/** One round trip, as the portfolio closed it (POSITION_CLOSE plus its correlation). */
export interface ClosedTrade {
  /** The trade's correlationId. */
  id: string;
  containerId: string;
  strategyId?: string;
  symbol: string;
  side: PositionSide;
  quantity: number;
  entryPrice: number;
  exitPrice: number;
  entryTime: number;
  exitTime: number;
  /** Net of commission. */
  pnl: number;
  /** pnl / (entryPrice × quantity). */
  returnPct: number;
  commission: number;
  /** Bars the position was held (exit bar index − entry bar index), when known. */
  barsHeld?: number;
  reason: string;
}

export interface MetricsSnapshot {
  // Contract §4.
  totalReturn: number;
  sharpeRatio: number;
  maxDrawdown: number;
  winRate: number;
  /** Infinity with no losing trade (null in JSON). */
  profitFactor: number;
  totalTrades: number;
  winningTrades: number;
  losingTrades: number;
  grossProfit: number;
  /** Sum of losing trades' pnl (≤ 0). */
  grossLoss: number;
  totalPnl: number;
  finalEquity: number;
  // What traders expect beside them (issue 2); each O(1) memory per update.
  sortinoRatio: number;
  calmarRatio: number;
  /** Longest time from a peak until equity regained it (or until the end), ms. */
  maxDrawdownDuration: number;
  /** Same, in equity updates (bars). */
  maxDrawdownBars: number;
  /** Average pnl per trade. */
  expectancy: number;
  avgWin: number;
  avgLoss: number;
  largestWin: number;
  largestLoss: number;
  /** Fraction of equity updates with at least one open position (0..1). */
  exposure: number;
  initialCapital: number;
  equityUpdates: number;
  [extra: string]: number;
}
