// An equity-curve block (the engine's sink hands these over) from points, for the tests of
// the writers that take them.
import type { EquityBlock } from '../../engine/backtest-result';

/** Columns of `points`. */
export function equityBlockOf(points: readonly { timestamp: number; equity: number; cash: number; drawdown: number }[]): EquityBlock {
  const n = points.length;
  const block: EquityBlock = { timestamp: new Float64Array(n), equity: new Float64Array(n), cash: new Float64Array(n), drawdown: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    block.timestamp[i] = p.timestamp;
    block.equity[i] = p.equity;
    block.cash[i] = p.cash;
    block.drawdown[i] = p.drawdown;
  }
  return block;
}
