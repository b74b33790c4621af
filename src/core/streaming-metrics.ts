// StreamingMetrics: every metric of a backtest from running sums (Welford for the
// return moments), so memory stays O(1) no matter how many bars or trades a run has.
import type { ClosedTrade, FullMetricsSnapshot } from './metrics-snapshot';

export interface StreamingMetricsOptions {
  /** Starting equity: the base of totalReturn and the first drawdown peak (and of the first return when the first mark differs from it). */
  initialCapital: number;
  /** Equity updates per year, for annualizing Sharpe, Sortino and Calmar (252 = daily bars). */
  periodsPerYear?: number;
}

/** What updateFromTrade needs: a ClosedTrade, or anything carrying its net pnl. */
export type TradeLike = Pick<ClosedTrade, 'pnl'> & Partial<ClosedTrade>;

/** A calendar year for CAGR: 365.25 days of event time. */
const YEAR_MS = 365.25 * 86_400_000;

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
 * - Returns r are between consecutive equity marks: r_i = equity_i / equity_{i−1} − 1, so n marks give
 *   n − 1 returns. The first mark is compared with initialCapital only when it differs from it (the
 *   equity changed before the first mark): a first mark equal to the capital — every engine run, whose
 *   first bar is marked before anything can fill — adds no phantom zero return, which would shrink
 *   the mean and the deviation and bias Sharpe, Sortino and volatility. Either way ∏(1 + r_i) =
 *   1 + totalReturn. A return whose previous equity is ≤ 0 is undefined and skipped.
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
 * - calmarRatio = annualized return / maxDrawdown, annualized return = (final / initial)^(ppy / k) − 1
 *   with k = return periods (the n − 1 steps between marks, plus the step from the capital to the
 *   first mark when it differs); 0 when there is no drawdown or no period.
 * - Drawdown episodes run from a peak until equity is back at or above it. avgDrawdown* average the
 *   completed ones (drawdownEpisodes of them); the one still open at the last mark is reported on its
 *   own (openDrawdown, openDrawdownDuration, openDrawdownBars; 0 when the last mark is at a peak).
 * - Trades: winning pnl > 0, losing pnl < 0; a pnl of exactly 0 (break-even) counts in totalTrades,
 *   expectancy and winRate's denominator but is neither a win nor a loss.
 * - profitFactor = grossProfit / |grossLoss|; Infinity when there are winning trades but no losing one
 *   (JSON: null); 0 with no trades at all or when nothing was won (only break-even trades).
 * - finalEquity is the last equity update; before any update it is initialCapital + totalPnl, so a
 *   calculator fed only trades still reports a meaningful return.
 * - exposure = fraction of equity updates flagged inMarket.
 * The analysis-depth metrics (cagr … shortPnl) are defined field by field in metrics-snapshot.ts
 * (AnalysisMetrics) and with their formulas and other tools' conventions in docs/metrics.md. All are
 * O(1) memory except buy-and-hold, which keeps a first/last close per symbol (O(symbols)).
 */
export class StreamingMetrics {
  readonly initialCapital: number;
  readonly periodsPerYear: number;

  // Equity path.
  private equityUpdates = 0;
  /** Steps the returns span: equityUpdates − 1, plus one when the first mark differed from the capital. */
  private periods = 0;
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
  // Analysis depth: time span, run-up, drawdown episodes.
  private firstTime = 0;
  private trough = 0;
  private maxRunUp = 0;
  private episodeDepth = 0;
  private episodes = 0;
  private episodeDepthSum = 0;
  private episodeDurationSum = 0;
  private episodeBarsSum = 0;
  // Trade pnl moments (Welford, n = trades) for SQN, extremes, streaks, sides.
  private tradeMean = 0;
  private tradeM2 = 0;
  private bestTrade = -Infinity;
  private worstTrade = Infinity;
  private pctCount = 0;
  private pctSum = 0;
  private bestPct = -Infinity;
  private worstPct = Infinity;
  private barsCount = 0;
  private barsSum = 0;
  private barsMax = 0;
  private durationCount = 0;
  private durationSum = 0;
  private durationMax = 0;
  private winStreak = 0;
  private lossStreak = 0;
  private maxWinStreak = 0;
  private maxLossStreak = 0;
  private commissions = 0;
  private longCount = 0;
  private longWins = 0;
  private longPnl = 0;
  private shortCount = 0;
  private shortWins = 0;
  private shortPnl = 0;
  // Buy-and-hold: first and last price per symbol.
  private readonly prices = new Map<string, { first: number; last: number }>();

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
    this.periods = 0;
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
    this.firstTime = 0;
    this.trough = this.initialCapital;
    this.maxRunUp = 0;
    this.episodeDepth = 0;
    this.episodes = 0;
    this.episodeDepthSum = 0;
    this.episodeDurationSum = 0;
    this.episodeBarsSum = 0;
    this.tradeMean = 0;
    this.tradeM2 = 0;
    this.bestTrade = -Infinity;
    this.worstTrade = Infinity;
    this.pctCount = 0;
    this.pctSum = 0;
    this.bestPct = -Infinity;
    this.worstPct = Infinity;
    this.barsCount = 0;
    this.barsSum = 0;
    this.barsMax = 0;
    this.durationCount = 0;
    this.durationSum = 0;
    this.durationMax = 0;
    this.winStreak = 0;
    this.lossStreak = 0;
    this.maxWinStreak = 0;
    this.maxLossStreak = 0;
    this.commissions = 0;
    this.longCount = 0;
    this.longWins = 0;
    this.longPnl = 0;
    this.shortCount = 0;
    this.shortWins = 0;
    this.shortPnl = 0;
    this.prices.clear();
  }

  /**
   * One price of `symbol` (the engine passes each bar's close): the first and the last seen give
   * buyAndHoldReturn, the return of holding the same data from the first bar to the last.
   */
  updatePrice(symbol: string, price: number): void {
    requireFinite(price, 'price');
    const p = this.prices.get(symbol);
    if (p === undefined) this.prices.set(symbol, { first: price, last: price });
    else p.last = price;
  }

  /** One mark-to-market point (normally one per bar), in event time. */
  updateEquity(timestamp: number, equity: number, inMarket = false): void {
    requireFinite(timestamp, 'timestamp');
    requireFinite(equity, 'equity');
    const index = ++this.equityUpdates;
    if (index === 1) {
      this.peakTime = timestamp;
      this.firstTime = timestamp;
    }
    if (inMarket) this.inMarketUpdates++;

    const previous = this.lastEquity;
    // No phantom first return: capital → first mark is a period only when the equity moved before it.
    const counts = index > 1 || equity !== previous;
    if (counts) this.periods++;
    if (counts && previous > 0) {
      const r = equity / previous - 1;
      const n = ++this.returnCount;
      const delta = r - this.returnMean;
      this.returnMean += delta / n;
      this.returnM2 += delta * (r - this.returnMean);
      if (r < 0) this.downsideSquares += r * r;
    }
    this.lastEquity = equity;
    this.lastTime = timestamp;

    if (equity < this.trough) this.trough = equity;
    else if (this.trough > 0) {
      const runUp = (equity - this.trough) / this.trough;
      if (runUp > this.maxRunUp) this.maxRunUp = runUp;
    }

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
      if (dd > this.episodeDepth) this.episodeDepth = dd;
    }
  }

  private closeDrawdown(timestamp: number, index: number): void {
    const duration = timestamp - this.peakTime;
    const bars = index - this.peakIndex;
    if (duration > this.maxDdDuration) this.maxDdDuration = duration;
    if (bars > this.maxDdBars) this.maxDdBars = bars;
    this.episodes++;
    this.episodeDepthSum += this.episodeDepth;
    this.episodeDurationSum += duration;
    this.episodeBarsSum += bars;
    this.episodeDepth = 0;
  }

  /**
   * One closed round trip. Its net pnl is required; side, returnPct, barsHeld, entry/exit times and
   * commission feed the side breakdown, % and duration statistics when present.
   */
  updateFromTrade(trade: TradeLike): void {
    const pnl = trade.pnl;
    requireFinite(pnl, 'trade pnl');
    const n = ++this.trades;
    if (pnl > 0) {
      this.wins++;
      this.grossProfit += pnl;
      if (pnl > this.largestWin) this.largestWin = pnl;
      this.winStreak++;
      this.lossStreak = 0;
      if (this.winStreak > this.maxWinStreak) this.maxWinStreak = this.winStreak;
    } else if (pnl < 0) {
      this.losses++;
      this.grossLoss += pnl;
      if (pnl < this.largestLoss) this.largestLoss = pnl;
      this.lossStreak++;
      this.winStreak = 0;
      if (this.lossStreak > this.maxLossStreak) this.maxLossStreak = this.lossStreak;
    } else {
      // Break-even ends both streaks: it is neither a win nor a loss.
      this.winStreak = 0;
      this.lossStreak = 0;
    }
    const delta = pnl - this.tradeMean;
    this.tradeMean += delta / n;
    this.tradeM2 += delta * (pnl - this.tradeMean);
    if (pnl > this.bestTrade) this.bestTrade = pnl;
    if (pnl < this.worstTrade) this.worstTrade = pnl;

    const pct = trade.returnPct;
    if (typeof pct === 'number' && Number.isFinite(pct)) {
      this.pctCount++;
      this.pctSum += pct;
      if (pct > this.bestPct) this.bestPct = pct;
      if (pct < this.worstPct) this.worstPct = pct;
    }
    const bars = trade.barsHeld;
    if (typeof bars === 'number' && Number.isFinite(bars)) {
      this.barsCount++;
      this.barsSum += bars;
      if (bars > this.barsMax) this.barsMax = bars;
    }
    const { entryTime, exitTime } = trade;
    if (typeof entryTime === 'number' && typeof exitTime === 'number' && Number.isFinite(exitTime - entryTime)) {
      const held = exitTime - entryTime;
      this.durationCount++;
      this.durationSum += held;
      if (held > this.durationMax) this.durationMax = held;
    }
    const commission = trade.commission;
    if (typeof commission === 'number' && Number.isFinite(commission)) this.commissions += commission;
    if (trade.side === 'long') {
      this.longCount++;
      this.longPnl += pnl;
      if (pnl > 0) this.longWins++;
    } else if (trade.side === 'short') {
      this.shortCount++;
      this.shortPnl += pnl;
      if (pnl > 0) this.shortWins++;
    }
  }

  snapshot(): FullMetricsSnapshot {
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
    let openDrawdownDuration = 0;
    let openDrawdownBars = 0;
    if (this.underwater) {
      openDrawdownDuration = this.lastTime - this.peakTime;
      openDrawdownBars = this.equityUpdates - this.peakIndex;
      maxDrawdownDuration = Math.max(maxDrawdownDuration, openDrawdownDuration);
      maxDrawdownBars = Math.max(maxDrawdownBars, openDrawdownBars);
    }

    const growth = finalEquity / this.initialCapital;
    let annualizedReturn = 0;
    if (this.periods > 0) annualizedReturn = growth > 0 ? Math.pow(growth, ppy / this.periods) - 1 : -1;
    const calmarRatio = this.maxDd > 0 && this.periods > 0 ? annualizedReturn / this.maxDd : 0;
    const years = (this.lastTime - this.firstTime) / YEAR_MS;
    let cagr = 0;
    if (this.equityUpdates >= 2 && years > 0) cagr = growth > 0 ? Math.pow(growth, 1 / years) - 1 : -1;
    const annualizedVolatility = n >= 2 ? Math.sqrt(this.returnM2 / (n - 1)) * Math.sqrt(ppy) : 0;

    let buyAndHoldReturn = Number.NaN;
    let held = 0;
    let heldSum = 0;
    for (const p of this.prices.values()) {
      if (p.first > 0) {
        held++;
        heldSum += p.last / p.first - 1;
      }
    }
    if (held > 0) buyAndHoldReturn = heldSum / held;

    let profitFactor = 0;
    if (this.losses > 0) profitFactor = this.grossProfit / Math.abs(this.grossLoss);
    else if (this.grossProfit > 0) profitFactor = Infinity;

    const trades = this.trades;
    let sqn = 0;
    if (trades >= 2) {
      const sd = Math.sqrt(this.tradeM2 / (trades - 1));
      if (sd > CONSTANT_SERIES_TOLERANCE * Math.abs(this.tradeMean)) sqn = (Math.sqrt(trades) * this.tradeMean) / sd;
    }
    const winRate = trades > 0 ? this.wins / trades : 0;
    const avgWin = this.wins > 0 ? this.grossProfit / this.wins : 0;
    const avgLoss = this.losses > 0 ? this.grossLoss / this.losses : 0;
    let kellyCriterion = 0;
    if (this.wins > 0 && this.losses > 0) kellyCriterion = winRate - (1 - winRate) / (avgWin / Math.abs(avgLoss));
    else if (this.wins > 0) kellyCriterion = winRate;
    else if (this.losses > 0) kellyCriterion = -Infinity;

    return {
      totalReturn: finalEquity / this.initialCapital - 1,
      sharpeRatio,
      maxDrawdown: this.maxDd,
      winRate,
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
      avgWin,
      avgLoss,
      largestWin: this.largestWin,
      largestLoss: this.largestLoss,
      exposure: this.equityUpdates > 0 ? this.inMarketUpdates / this.equityUpdates : 0,
      initialCapital: this.initialCapital,
      equityUpdates: this.equityUpdates,
      cagr,
      annualizedReturn,
      annualizedVolatility,
      buyAndHoldReturn,
      sqn,
      kellyCriterion,
      bestTrade: trades > 0 ? this.bestTrade : 0,
      worstTrade: trades > 0 ? this.worstTrade : 0,
      avgTradePnl: trades > 0 ? totalPnl / trades : 0,
      bestTradePct: this.pctCount > 0 ? this.bestPct : 0,
      worstTradePct: this.pctCount > 0 ? this.worstPct : 0,
      avgTradePct: this.pctCount > 0 ? this.pctSum / this.pctCount : 0,
      avgTradeBars: this.barsCount > 0 ? this.barsSum / this.barsCount : 0,
      maxTradeBars: this.barsMax,
      avgTradeDuration: this.durationCount > 0 ? this.durationSum / this.durationCount : 0,
      maxTradeDuration: this.durationMax,
      avgDrawdown: this.episodes > 0 ? this.episodeDepthSum / this.episodes : 0,
      avgDrawdownDuration: this.episodes > 0 ? this.episodeDurationSum / this.episodes : 0,
      avgDrawdownBars: this.episodes > 0 ? this.episodeBarsSum / this.episodes : 0,
      drawdownEpisodes: this.episodes,
      openDrawdown: this.underwater ? this.episodeDepth : 0,
      openDrawdownDuration,
      openDrawdownBars,
      maxRunUp: this.maxRunUp,
      maxConsecutiveWins: this.maxWinStreak,
      maxConsecutiveLosses: this.maxLossStreak,
      commissionsPaid: this.commissions,
      longTrades: this.longCount,
      longWinRate: this.longCount > 0 ? this.longWins / this.longCount : 0,
      longPnl: this.longPnl,
      shortTrades: this.shortCount,
      shortWinRate: this.shortCount > 0 ? this.shortWins / this.shortCount : 0,
      shortPnl: this.shortPnl,
    };
  }
}
