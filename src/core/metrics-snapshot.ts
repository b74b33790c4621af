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

/**
 * The analysis-depth statistics (issue "Analysis depth"). StreamingMetrics fills every one (its
 * snapshot() is a FullMetricsSnapshot). They are not required members of MetricsSnapshot so that
 * snapshots written before them (stored runs, fixtures) stay valid; through MetricsSnapshot's
 * index signature `snapshot.cagr` still reads as a number. Formulas: docs/metrics.md.
 */
export interface AnalysisMetrics {
  /** (final / initial)^(1 / years) − 1, years = calendar span first → last equity update / 365.25 days. */
  cagr: number;
  /** (final / initial)^(periodsPerYear / k) − 1, k = return periods (equityUpdates − 1 when the first mark equals the capital): annualized by bar count. */
  annualizedReturn: number;
  /** sample-stdev(r) × √periodsPerYear. */
  annualizedVolatility: number;
  /** Equal-weight mean over symbols of lastClose / firstClose − 1 (NaN until updatePrice was called). */
  buyAndHoldReturn: number;
  /** √N × mean(pnl) / sample-stdev(pnl) over closed trades (pnl, not R-multiples). */
  sqn: number;
  /** W − (1 − W) / R, W = winRate, R = avgWin / |avgLoss|. */
  kellyCriterion: number;
  /** Highest / lowest trade pnl (any sign; 0 with no trades). */
  bestTrade: number;
  worstTrade: number;
  /** Mean trade pnl (= expectancy). */
  avgTradePnl: number;
  /** Highest / lowest / mean trade returnPct (pnl / entry notional). */
  bestTradePct: number;
  worstTradePct: number;
  avgTradePct: number;
  /** Trade holding time in bars (trades that report barsHeld) and in ms (exitTime − entryTime). */
  avgTradeBars: number;
  maxTradeBars: number;
  avgTradeDuration: number;
  maxTradeDuration: number;
  /** Mean depth (fraction) of completed drawdown episodes (peak → back at the peak). */
  avgDrawdown: number;
  /** Mean length of completed drawdown episodes, ms and equity updates. */
  avgDrawdownDuration: number;
  avgDrawdownBars: number;
  /** Completed drawdown episodes counted in the averages. */
  drawdownEpisodes: number;
  /**
   * The drawdown episode still open at the last mark (not in the averages): its deepest point so
   * far as a fraction of its peak, and its length from the peak to the last mark in ms and equity
   * updates. All 0 when the last mark is at a peak.
   */
  openDrawdown: number;
  openDrawdownDuration: number;
  openDrawdownBars: number;
  /** max (equity − runningTrough) / runningTrough, trough starting at initialCapital. */
  maxRunUp: number;
  maxConsecutiveWins: number;
  maxConsecutiveLosses: number;
  /** Sum of closed trades' commission (entry + exit fills). */
  commissionsPaid: number;
  longTrades: number;
  longWinRate: number;
  longPnl: number;
  shortTrades: number;
  shortWinRate: number;
  shortPnl: number;
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

/** What StreamingMetrics produces: the contract's snapshot with every analysis metric present. */
export type FullMetricsSnapshot = MetricsSnapshot & AnalysisMetrics;
