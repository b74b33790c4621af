import { describe, expect, it } from 'vitest';
import { momentumStrategy } from './momentum-strategy';
import { RecordingContext } from './recording-context';
import { barsFromCloses } from './test-bars';

function run(closes: number[], raw: Record<string, unknown>) {
  const s = momentumStrategy.create('m1', ['X'], momentumStrategy.parseParams(raw));
  return new RecordingContext().run(s, barsFromCloses('X', closes)).map((x) => [x.barIndex, x.direction]);
}

// lookback 2, threshold 0.05: ROC_t = close_t / close_{t−2} − 1
// t  close  ROC       wish
// 2  104    +0.040    hold (flat)
// 3  110    +0.078    long   ← signal
// 4  108    +0.038    hold
// 5  100    −0.091    flat / short ← signal
// 6   98    −0.093    same (no signal)
// 7   99    −0.010    hold
// 8  105    +0.071    long   ← signal
// 9  112    +0.131    same (no signal)
const CLOSES = [100, 102, 104, 110, 108, 100, 98, 99, 105, 112];

describe('momentum', () => {
  it('goes long above the threshold, flat below its negative, and signals only on changes', () => {
    expect(run(CLOSES, { lookback: 2, threshold: 0.05 })).toEqual([
      [3, 'long'],
      [5, 'flat'],
      [8, 'long'],
    ]);
  });

  it('goes short instead of flat with allow_short', () => {
    expect(run(CLOSES, { lookback: 2, threshold: 0.05, allow_short: true })).toEqual([
      [3, 'long'],
      [5, 'short'],
      [8, 'long'],
    ]);
  });

  it('with threshold 0 follows the sign of the ROC; an unchanged price holds', () => {
    // lookback 1: ROC = +, 0, −, −, + ⇒ long at 1, (hold at 2), flat at 3, long at 5
    expect(run([10, 11, 11, 10, 9, 12], { lookback: 1 })).toEqual([
      [1, 'long'],
      [3, 'flat'],
      [5, 'long'],
    ]);
  });

  it('never signals on a steady trend after the first entry (no signal spam)', () => {
    const up = Array.from({ length: 1000 }, (_, i) => 100 + i);
    expect(run(up, { lookback: 20 })).toEqual([[20, 'long']]);
  });

  it('validates params', () => {
    expect(momentumStrategy.parseParams({})).toEqual({ lookback: 20, threshold: 0, allow_short: false, timeframe: '' });
    expect(() => momentumStrategy.parseParams({ lookback: 0 })).toThrow(/momentum: param 'lookback' must be an integer in \[1, 10000\], got 0/);
    expect(() => momentumStrategy.parseParams({ threshold: -0.1 })).toThrow(/'threshold' must be a number in \[0, 10\]/);
    expect(() => momentumStrategy.parseParams({ treshold: 0.1 })).toThrow(/did you mean 'threshold'/);
    expect(() => momentumStrategy.parseParams({ lookback: 'ten' })).toThrow(/got "ten"/);
  });
});
