import { describe, expect, it } from 'vitest';
import type { ClosedTrade } from '../../core/metrics-snapshot';
import { tradeSideStats } from './trade-side-stats';

let n = 0;
function trade(side: 'long' | 'short', pnl: number, barsHeld?: number): ClosedTrade {
  n++;
  return {
    id: `p-t${n}`,
    containerId: 'p',
    symbol: 'X',
    side,
    quantity: 1,
    entryPrice: 100,
    exitPrice: 100 + pnl,
    entryTime: n * 1000,
    exitTime: n * 1000 + 500,
    pnl,
    returnPct: pnl / 100,
    commission: 1,
    reason: 'signal',
    ...(barsHeld === undefined ? {} : { barsHeld }),
  };
}

describe('tradeSideStats', () => {
  const trades = [trade('long', 30, 2), trade('long', -10, 4), trade('short', 20), trade('short', 0, 6), trade('long', 5, 1)];
  const s = tradeSideStats(trades);

  it('splits long and short, and All is their sum', () => {
    expect(s.long.trades).toBe(3);
    expect(s.short.trades).toBe(2);
    expect(s.all.trades).toBe(5);
    expect(s.all.netPnl).toBe(s.long.netPnl + s.short.netPnl);
    expect(s.long.netPnl).toBe(25);
    expect(s.short.netPnl).toBe(20);
  });

  it('counts breakeven as a loss, as the engine does', () => {
    expect(s.short.wins).toBe(1);
    expect(s.short.losses).toBe(1);
    expect(s.short.winRate).toBe(0.5);
  });

  it('computes profit factor, averages and extremes per side', () => {
    expect(s.long.profitFactor).toBeCloseTo(35 / 10);
    expect(s.short.profitFactor).toBe(Number.POSITIVE_INFINITY);
    expect(s.long.avgWin).toBe(17.5);
    expect(s.long.avgLoss).toBe(-10);
    expect(s.long.largestWin).toBe(30);
    expect(s.long.largestLoss).toBe(-10);
    expect(s.all.avgBarsHeld).toBeCloseTo((2 + 4 + 6 + 1) / 4);
    expect(s.all.commission).toBe(5);
  });

  it('gives NaN, not 0, for ratios of a side with no trades', () => {
    const onlyLong = tradeSideStats([trade('long', 1)]);
    expect(onlyLong.short.trades).toBe(0);
    expect(onlyLong.short.winRate).toBeNaN();
    expect(onlyLong.short.profitFactor).toBeNaN();
    expect(onlyLong.short.netPnl).toBe(0);
  });
});
