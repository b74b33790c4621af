// StreamingMetrics: every metric of a backtest from running sums (Welford for the
// return moments), so memory stays O(1) no matter how many bars or trades a run has.
import type { ClosedTrade, MetricsSnapshot } from './metrics-snapshot';

export interface StreamingMetricsOptions {
  /** Starting equity: the base of totalReturn, of the first return and the first drawdown peak. */
  initialCapital: number;
  /** Equity updates per year, for annualizing Sharpe, Sortino and Calmar (252 = daily bars). */
  periodsPerYear?: number;
}

/** What updateFromTrade needs: a ClosedTrade, or anything carrying its net pnl. */
export type TradeLike = Pick<ClosedTrade, 'pnl'> & Partial<ClosedTrade>;

// Below this stdev/|mean| a return series is treated as constant: floating-point dust
// in identical returns must not turn into a Sharpe of 1e15.
const CONSTANT_SERIES_TOLERANCE = 1e-12;

function requireFinite(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`StreamingMetrics: ${what} must be a finite number, got ${String(value)}.`);
  }
}

/**
 * Definitions (contract §4 plus what a trader expects beside them):
 * - Returns r are per equity update: r_i = equity_i / equity_{i−1} − 1 with equity_0 = initialCapital,
 *   so ∏(1 + r_i) = 1 + totalReturn. A return whose previous equity is ≤ 0 is undefined and skipped.
 * - sharpeRatio = mean(r) / sample-stdev(r) × √periodsPerYear (risk-free rate 0); 0 with < 2 returns
 *   or a constant series.
 * - sortinoRatio = mean(r) / DD × √periodsPerYear with DD = √(Σ min(r, 0)² / (n − 1)), target 0, over ALL
 *   n returns (the Sortino–Price form, sample-corrected like our Sharpe). Other tools differ: QuantStats and
 *   empyrical divide by n, backtesting.py annualizes the geometric mean return instead of mean(r).
 *   0 with < 2 returns; Infinity when no return is negative but the mean is positive (JSON: null).
 * - maxDrawdown = max (peak − equity) / peak over time, peak starting at initialCapital (positive fraction).
 * - maxDrawdownDuration / maxDrawdownBars: longest stretch from a peak until equity is back at or above
 *   it, or until the last update when it never is; in ms of event time and in equity updates. The
 *   initial-capital peak is taken to sit at the first update's timestamp and at update index 0.
 *   Both maxima are taken independently.
 * - calmarRatio = annualized return / maxDrawdown, annualized return = (final / initial)^(ppy / n) − 1
 *   with n = equity updates; 0 when there is no drawdown or no update.
 * - Trades: winning pnl > 0, losing pnl < 0; a pnl of exactly 0 (break-even) counts in totalTrades,
 *   expectancy and winRate's denominator but is neither a win nor a loss.
 * - profitFactor = grossProfit / |grossLoss|; Infinity when there are winning trades but no losing one
 *   (JSON: null); 0 with no trades at all or when nothing was won (only break-even trades).
 * - finalEquity is the last equity update; before any update it is initialCapital + totalPnl, so a
 *   calculator fed only trades still reports a meaningful return.
 * - exposure = fraction of equity updates flagged inMarket.
 */
export class StreamingMetrics {
  readonly initialCapital: number;
  readonly periodsPerYear: number;

  // Equity path.
  private equityUpdates = 0;
  private inMarketUpdates = 0;
  private lastEquity = 0;
  private lastTime = 0;
  // Welford moments of returns + downside sum of squares.
  private returnCount = 0;
  private returnMean = 0;
  private returnM2 = 0;
  private downsideSquares = 0;
  // Drawdown.
  private peak = 0;
  private peakTime = 0;
  private peakIndex = 0;
  private underwater = false;
  private maxDd = 0;
  private maxDdDuration = 0;
  private maxDdBars = 0;
  // Trades.
  private trades = 0;
  private wins = 0;
  private losses = 0;
  private grossProfit = 0;
  private grossLoss = 0;
  private largestWin = 0;
  private largestLoss = 0;

  constructor(options: StreamingMetricsOptions) {
    const { initialCapital, periodsPerYear = 252 } = options;
    requireFinite(initialCapital, 'initialCapital');
    if (initialCapital <= 0) throw new RangeError(`StreamingMetrics: initialCapital must be > 0, got ${initialCapital}.`);
    requireFinite(periodsPerYear, 'periodsPerYear');
    if (periodsPerYear <= 0) throw new RangeError(`StreamingMetrics: periodsPerYear must be > 0, got ${periodsPerYear}.`);
    this.initialCapital = initialCapital;
    this.periodsPerYear = periodsPerYear;
    this.reset();
  }

  /** Forgets every update: back to a run that has not started. */
  reset(): void {
    this.equityUpdates = 0;
    this.inMarketUpdates = 0;
    this.lastEquity = this.initialCapital;
    this.lastTime = 0;
    this.returnCount = 0;
    this.returnMean = 0;
    this.returnM2 = 0;
    this.downsideSquares = 0;
    this.peak = this.initialCapital;
    this.peakTime = 0;
    this.peakIndex = 0;
    this.underwater = false;
    this.maxDd = 0;
    this.maxDdDuration = 0;
    this.maxDdBars = 0;
    this.trades = 0;
    this.wins = 0;
    this.losses = 0;
    this.grossProfit = 0;
    this.grossLoss = 0;
    this.largestWin = 0;
    this.largestLoss = 0;
  }

  /** One mark-to-market point (normally one per bar), in event time. */
  updateEquity(timestamp: number, equity: number, inMarket = false): void {
    requireFinite(timestamp, 'timestamp');
    requireFinite(equity, 'equity');
    const index = ++this.equityUpdates;
    if (index === 1) this.peakTime = timestamp;
    if (inMarket) this.inMarketUpdates++;

    const previous = this.lastEquity;
    if (previous > 0) {
      const r = equity / previous - 1;
      const n = ++this.returnCount;
      const delta = r - this.returnMean;
      this.returnMean += delta / n;
      this.returnM2 += delta * (r - this.returnMean);
      if (r < 0) this.downsideSquares += r * r;
    }
    this.lastEquity = equity;
    this.lastTime = timestamp;

    if (equity >= this.peak) {
      if (this.underwater) {
        this.closeDrawdown(timestamp, index);
        this.underwater = false;
      }
      this.peak = equity;
      this.peakTime = timestamp;
      this.peakIndex = index;
    } else {
      this.underwater = true;
      const dd = (this.peak - equity) / this.peak;
      if (dd > this.maxDd) this.maxDd = dd;
    }
  }

  private closeDrawdown(timestamp: number, index: number): void {
    const duration = timestamp - this.peakTime;
    const bars = index - this.peakIndex;
    if (duration > this.maxDdDuration) this.maxDdDuration = duration;
    if (bars > this.maxDdBars) this.maxDdBars = bars;
  }

  /** One closed round trip; only its net pnl is used. */
  updateFromTrade(trade: TradeLike): void {
    const pnl = trade.pnl;
    requireFinite(pnl, 'trade pnl');
    this.trades++;
    if (pnl > 0) {
      this.wins++;
      this.grossProfit += pnl;
      if (pnl > this.largestWin) this.largestWin = pnl;
    } else if (pnl < 0) {
      this.losses++;
      this.grossLoss += pnl;
      if (pnl < this.largestLoss) this.largestLoss = pnl;
    }
  }

  snapshot(): MetricsSnapshot {
    const ppy = this.periodsPerYear;
    const n = this.returnCount;
    const totalPnl = this.grossProfit + this.grossLoss;
    const finalEquity = this.equityUpdates > 0 ? this.lastEquity : this.initialCapital + totalPnl;

    let sharpeRatio = 0;
    let sortinoRatio = 0;
    if (n >= 2) {
      const mean = this.returnMean;
      const sd = Math.sqrt(this.returnM2 / (n - 1));
      if (sd > CONSTANT_SERIES_TOLERANCE * Math.abs(mean)) sharpeRatio = (mean / sd) * Math.sqrt(ppy);
      const downside = Math.sqrt(this.downsideSquares / (n - 1));
      if (downside > 0) sortinoRatio = (mean / downside) * Math.sqrt(ppy);
      else if (mean > 0) sortinoRatio = Infinity;
    }

    let maxDrawdownDuration = this.maxDdDuration;
    let maxDrawdownBars = this.maxDdBars;
    if (this.underwater) {
      maxDrawdownDuration = Math.max(maxDrawdownDuration, this.lastTime - this.peakTime);
      maxDrawdownBars = Math.max(maxDrawdownBars, this.equityUpdates - this.peakIndex);
    }

    let calmarRatio = 0;
    if (this.maxDd > 0 && this.equityUpdates > 0) {
      const growth = finalEquity / this.initialCapital;
      const annualized = growth > 0 ? Math.pow(growth, ppy / this.equityUpdates) - 1 : -1;
      calmarRatio = annualized / this.maxDd;
    }

    let profitFactor = 0;
    if (this.losses > 0) profitFactor = this.grossProfit / Math.abs(this.grossLoss);
    else if (this.grossProfit > 0) profitFactor = Infinity;

    const trades = this.trades;
    return {
      totalReturn: finalEquity / this.initialCapital - 1,
      sharpeRatio,
      maxDrawdown: this.maxDd,
      winRate: trades > 0 ? this.wins / trades : 0,
      profitFactor,
      totalTrades: trades,
      winningTrades: this.wins,
      losingTrades: this.losses,
      grossProfit: this.grossProfit,
      grossLoss: this.grossLoss,
      totalPnl,
      finalEquity,
      sortinoRatio,
      calmarRatio,
      maxDrawdownDuration,
      maxDrawdownBars,
      expectancy: trades > 0 ? totalPnl / trades : 0,
      avgWin: this.wins > 0 ? this.grossProfit / this.wins : 0,
      avgLoss: this.losses > 0 ? this.grossLoss / this.losses : 0,
      largestWin: this.largestWin,
      largestLoss: this.largestLoss,
      exposure: this.equityUpdates > 0 ? this.inMarketUpdates / this.equityUpdates : 0,
      initialCapital: this.initialCapital,
      equityUpdates: this.equityUpdates,
    };
  }
}
