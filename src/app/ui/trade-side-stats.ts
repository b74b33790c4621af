// Long / Short / All statistics from the closed trades themselves (TradingView's tester
// columns): one pass over the trades, so the three columns always add up to what the
// trade list shows, whatever the engine's snapshot carries.
import type { ClosedTrade } from '../../core/metrics-snapshot';

export interface SideStats {
  trades: number;
  wins: number;
  losses: number;
  /** wins / trades (NaN with no trades). */
  winRate: number;
  netPnl: number;
  grossProfit: number;
  /** ≤ 0. */
  grossLoss: number;
  /** grossProfit / |grossLoss|: Infinity with profit and no loss, NaN with neither. */
  profitFactor: number;
  avgTrade: number;
  avgWin: number;
  avgLoss: number;
  largestWin: number;
  largestLoss: number;
  /** Mean bars held over the trades that report it (NaN when none does). */
  avgBarsHeld: number;
  commission: number;
}

export interface TradeSideStats {
  all: SideStats;
  long: SideStats;
  short: SideStats;
}

function stats(trades: readonly ClosedTrade[]): SideStats {
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let largestWin = 0;
  let largestLoss = 0;
  let bars = 0;
  let withBars = 0;
  let commission = 0;
  for (const t of trades) {
    // A trade wins with pnl > 0 (as the engine counts); breakeven counts as a loss.
    if (t.pnl > 0) {
      wins++;
      grossProfit += t.pnl;
      largestWin = Math.max(largestWin, t.pnl);
    } else {
      grossLoss += t.pnl;
      largestLoss = Math.min(largestLoss, t.pnl);
    }
    if (t.barsHeld !== undefined) {
      bars += t.barsHeld;
      withBars++;
    }
    commission += t.commission;
  }
  const n = trades.length;
  const losses = n - wins;
  return {
    trades: n,
    wins,
    losses,
    winRate: n ? wins / n : Number.NaN,
    netPnl: grossProfit + grossLoss,
    grossProfit,
    grossLoss,
    profitFactor: grossLoss < 0 ? grossProfit / -grossLoss : grossProfit > 0 ? Number.POSITIVE_INFINITY : Number.NaN,
    avgTrade: n ? (grossProfit + grossLoss) / n : Number.NaN,
    avgWin: wins ? grossProfit / wins : Number.NaN,
    avgLoss: losses ? grossLoss / losses : Number.NaN,
    largestWin,
    largestLoss,
    avgBarsHeld: withBars ? bars / withBars : Number.NaN,
    commission,
  };
}

export function tradeSideStats(trades: readonly ClosedTrade[]): TradeSideStats {
  return {
    all: stats(trades),
    long: stats(trades.filter((t) => t.side === 'long')),
    short: stats(trades.filter((t) => t.side === 'short')),
  };
}
