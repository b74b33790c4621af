import { describe, expect, it } from 'vitest';
import { meanReversionStrategy } from './mean-reversion-strategy';
import { RecordingContext } from './recording-context';
import { barsFromCloses } from './test-bars';

function run(closes: number[], raw: Record<string, unknown>) {
  const s = meanReversionStrategy.create('r1', ['X'], meanReversionStrategy.parseParams(raw));
  return new RecordingContext().run(s, barsFromCloses('X', closes)).map((x) => [x.barIndex, x.direction]);
}

// Bollinger period 3, 1 σ (population), window includes the bar:
// t  window        mean    σ      lower   upper   close
// 2  10,10,10      10      0      10      10      10    (not below / above)
// 3  10,10,7       9       1.414  7.586   10.414  7     < lower → long
// 4  10,7,9        8.667   1.247  7.420   9.914   9     ≥ middle → flat
// 5  7,9,10        8.667   1.247  7.420   9.914   10    > upper → short (allow_short)
// 6  9,10,11       10      0.816  9.184   10.816  11    > upper: short holds
// 7  10,11,14      11.667  1.700  9.967   13.367  14    short holds (not ≤ middle)
// 8  11,14,10      11.667  1.700  9.967   13.367  10    ≤ middle → flat (10 is not < 9.967)
const BB_CLOSES = [10, 10, 10, 7, 9, 10, 11, 14, 10];

// RSI(2), Wilder; oversold 30, overbought 70, exit 50:
// t  change  avgGain  avgLoss  RSI
// 2  +1      1        0        100     > 70 → short (allow_short)
// 3  −1      0.5      0.5      50      short holds (exit needs < 50)
// 4  −2      0.25     1.25     16.67   < 30 → long (reverses a short)
// 5  −1      0.125    1.125    10      long holds
// 6  +2      1.0625   0.5625   65.38   > 50 → flat
// 7  +2      1.53125  0.28125  84.48   > 70 → short (allow_short)
// 8  +1      1.265625 0.140625 90      holds
const RSI_CLOSES = [10, 11, 12, 11, 9, 8, 10, 12, 13];

describe('mean_reversion', () => {
  it('bollinger: buys below the lower band and exits at the middle band', () => {
    expect(run(BB_CLOSES, { period: 3, num_std: 1 })).toEqual([
      [3, 'long'],
      [4, 'flat'],
    ]);
  });

  it('bollinger: shorts above the upper band and covers at the middle band with allow_short', () => {
    expect(run(BB_CLOSES, { period: 3, num_std: 1, allow_short: true })).toEqual([
      [3, 'long'],
      [4, 'flat'],
      [5, 'short'],
      [8, 'flat'],
    ]);
  });

  it('rsi: buys oversold and exits above rsi_exit', () => {
    expect(run(RSI_CLOSES, { mode: 'rsi', rsi_period: 2 })).toEqual([
      [4, 'long'],
      [6, 'flat'],
    ]);
  });

  it('rsi: shorts overbought with allow_short, reversing directly on an oversold reading', () => {
    expect(run(RSI_CLOSES, { mode: 'rsi', rsi_period: 2, allow_short: true })).toEqual([
      [2, 'short'],
      [4, 'long'],
      [6, 'flat'],
      [7, 'short'],
    ]);
  });

  it('rsi: rsi_exit at overbought exits a long only at overbought (reversing to short with allow_short)', () => {
    // From the table: long at 4; RSI 65.38 at 6 is no longer an exit (needs > 70); 84.48 at 7 is.
    expect(run(RSI_CLOSES, { mode: 'rsi', rsi_period: 2, rsi_exit: 70 })).toEqual([
      [4, 'long'],
      [7, 'flat'],
    ]);
  });

  it('validates params: mode values, level order', () => {
    expect(meanReversionStrategy.parseParams({})).toMatchObject({ mode: 'bollinger', period: 20, num_std: 2, rsi_period: 14, oversold: 30, overbought: 70, rsi_exit: 50 });
    expect(() => meanReversionStrategy.parseParams({ mode: 'rsl' })).toThrow(/'mode' must be one of 'bollinger', 'rsi', got "rsl" — did you mean 'rsi'\?/);
    expect(() => meanReversionStrategy.parseParams({ oversold: 80 })).toThrow(/'oversold' must be below overbought/);
    expect(() => meanReversionStrategy.parseParams({ oversold: 60 })).toThrow(/'rsi_exit' must be at least oversold \(got rsi_exit 50, oversold 60\)/);
    expect(() => meanReversionStrategy.parseParams({ overbought: 40 })).toThrow(/'rsi_exit' must be at most overbought/);
    expect(meanReversionStrategy.parseParams({ mode: 'rsi', rsi_exit: 70 })).toMatchObject({ rsi_exit: 70, overbought: 70 });
    expect(() => meanReversionStrategy.parseParams({ num_std: 0 })).toThrow(/'num_std' must be a number in \[0.1, 10\]/);
  });
});
