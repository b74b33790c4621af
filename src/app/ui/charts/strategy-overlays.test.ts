import { describe, expect, it } from 'vitest';
import { strategyOverlays, type OverlayBars } from './strategy-overlays';

const close = [10, 11, 12, 13, 14, 15, 14, 13, 12, 11];
const bars: OverlayBars = {
  time: close.map((_c, i) => i * 1000),
  high: close.map((c) => c + 1),
  low: close.map((c) => c - 1),
  close,
};

describe('strategyOverlays', () => {
  it("draws ma_crossover's two SMAs with the strategy's params", () => {
    const o = strategyOverlays('ma_crossover', { fast: 2, slow: 4 }, bars);
    expect(o.map((x) => x.name)).toEqual(['SMA 2', 'SMA 4']);
    expect(o[0]!.points[0]).toEqual([0, null]);
    expect(o[0]!.points[1]).toEqual([1000, 10.5]);
    expect(o[1]!.points[3]![1]).toBe(11.5);
  });

  it("draws breakout's channel of the previous bars, as the strategy compares them", () => {
    const o = strategyOverlays('breakout', { lookback: 3, exit_lookback: 2 }, bars);
    const high = o.find((x) => x.name === 'High of 3')!;
    // At bar 3 the channel is the highest high of bars 0..2 (13), not including bar 3 (14).
    expect(high.points[2]![1]).toBeNull();
    expect(high.points[3]![1]).toBe(13);
  });

  it('draws Bollinger bands around the middle for mean_reversion in bollinger mode only', () => {
    const o = strategyOverlays('mean_reversion', { period: 3, num_std: 2 }, bars);
    expect(o).toHaveLength(3);
    const [up, mid, lo] = o.map((x) => x.points[4]![1]!);
    expect(mid).toBeCloseTo(13);
    expect(up! - mid!).toBeCloseTo(mid! - lo!);
    expect(strategyOverlays('mean_reversion', { mode: 'rsi' }, bars)).toEqual([]);
  });

  it('fills defaults as the engine does and draws nothing for unknown or invalid strategies', () => {
    expect(strategyOverlays('momentum', {}, bars)[0]!.name).toBe('Close 20 bars ago');
    expect(strategyOverlays('user:mine', {}, bars)).toEqual([]);
    expect(strategyOverlays('ma_crossover', { fast: 5, slow: 2 }, bars)).toEqual([]);
  });
});
