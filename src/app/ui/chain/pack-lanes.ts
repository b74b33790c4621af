// Lanes for the trade-lifetime timeline: overlapping trades (several symbols or
// portfolios) get separate rows, sequential ones share a row.
import type { ClosedTrade } from '../../../core/metrics-snapshot';

/** Greedy interval packing: a trade goes into the first lane free at its entry (trades sorted by entry). */
export function packLanes(trades: readonly Pick<ClosedTrade, 'entryTime' | 'exitTime'>[]): number[] {
  const laneEnds: number[] = [];
  return trades.map((t) => {
    let lane = laneEnds.findIndex((end) => end < t.entryTime);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = t.exitTime;
    return lane;
  });
}
