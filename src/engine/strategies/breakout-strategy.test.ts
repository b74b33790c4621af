import { describe, expect, it } from 'vitest';
import { breakoutStrategy } from './breakout-strategy';
import { RecordingContext } from './recording-context';
import { barsFromHlc } from './test-bars';

// [high, low, close]; lookback 3 (entry), exit_lookback 2. Channels use the PREVIOUS bars only.
const ROWS: [number, number, number][] = [
  [11, 9, 10], //   0
  [12, 10, 11], //  1
  [11, 9, 10], //   2  entry channel not ready before bar 3
  [13, 11, 12.5], // 3  12.5 > max high(0..2) = 12 → long
  [14, 12, 13.5], // 4  exit low(2..3) = 9: hold
  [13.5, 11.5, 12], // 5 exit low(3..4) = 11: 12 holds
  [12, 10, 10.5], //  6  10.5 < exit low(4..5) = 11.5 → flat; also < min low(3..5) = 11 → short (allow_short)
  [11, 8, 8.5], //    7  long side: 8.5 < max high(4..6) = 14, no entry; short: cover needs > max high(5..6) = 13.5
  [10, 8, 9.5], //    8  short: cover needs > max high(6..7) = 12
  [12.5, 9, 11.5], // 9  short: 11.5 > max high(7..8) = 11 → cover (flat); 11.5 < max high(6..8) = 12 → no long
];

function run(raw: Record<string, unknown>) {
  const s = breakoutStrategy.create('b1', ['X'], breakoutStrategy.parseParams(raw));
  return new RecordingContext().run(s, barsFromHlc('X', ROWS)).map((x) => [x.barIndex, x.direction]);
}

describe('breakout', () => {
  it('goes long on a close above the previous highest high and flat below the exit channel', () => {
    expect(run({ lookback: 3, exit_lookback: 2 })).toEqual([
      [3, 'long'],
      [6, 'flat'],
    ]);
  });

  it('mirrors the short side with allow_short (reversal, then cover above the exit channel)', () => {
    expect(run({ lookback: 3, exit_lookback: 2, allow_short: true })).toEqual([
      [3, 'long'],
      [6, 'short'],
      [9, 'flat'],
    ]);
  });

  it('never breaks out on its own bar: a new high equal to the close is not above the previous channel', () => {
    // Each bar's high = close = previous high: never strictly above the previous highest high.
    const rows: [number, number, number][] = [
      [10, 9, 10],
      [10, 9, 10],
      [10, 9, 10],
      [10, 9, 10],
    ];
    const s = breakoutStrategy.create('b1', ['X'], breakoutStrategy.parseParams({ lookback: 2, exit_lookback: 2 }));
    expect(new RecordingContext().run(s, barsFromHlc('X', rows))).toEqual([]);
  });

  it('validates params', () => {
    expect(breakoutStrategy.parseParams({})).toEqual({ lookback: 20, exit_lookback: 10, allow_short: false, timeframe: '' });
    expect(() => breakoutStrategy.parseParams({ exit_lookback: 0 })).toThrow(/breakout: param 'exit_lookback' must be an integer/);
    expect(() => breakoutStrategy.parseParams({ exit: 5 })).toThrow(/'exit' is unknown/);
  });
});
