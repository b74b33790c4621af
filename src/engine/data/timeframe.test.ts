import { describe, expect, it } from 'vitest';
import { floorToTimeframe, nextTimeframeStart, parseTimeframe, timeframeToMs } from './timeframe';
import { TimeframeError } from './timeframe-error';

describe('parseTimeframe', () => {
  it('converts fixed units to milliseconds', () => {
    expect(timeframeToMs('1m')).toBe(60_000);
    expect(timeframeToMs('5m')).toBe(5 * 60_000);
    expect(timeframeToMs('1h')).toBe(3_600_000);
    expect(timeframeToMs('4h')).toBe(4 * 3_600_000);
    expect(timeframeToMs('1d')).toBe(86_400_000);
    expect(timeframeToMs('1w')).toBe(7 * 86_400_000);
    expect(timeframeToMs('30s')).toBe(30_000);
  });

  it('marks months as calendar units and canonicalises aliases', () => {
    expect(parseTimeframe('1mo')).toMatchObject({ unit: 'mo', count: 1, calendar: true, text: '1mo' });
    expect(parseTimeframe('3month').text).toBe('3mo');
    expect(parseTimeframe('15min').text).toBe('15m');
    expect(parseTimeframe('1D').text).toBe('1d');
  });

  it('throws a TimeframeError saying what is accepted', () => {
    expect(() => parseTimeframe('abc')).toThrow(TimeframeError);
    expect(() => parseTimeframe('5x')).toThrow(/Unknown unit 'x'.*'1mo'/);
    expect(() => parseTimeframe('0m')).toThrow(/at least 1/);
    expect(() => parseTimeframe('1M')).toThrow(/Ambiguous.*'1m'.*'1mo'/);
    expect(() => parseTimeframe('')).toThrow(/Invalid timeframe/);
  });
});

describe('floorToTimeframe', () => {
  it('floors fixed units on UTC boundaries', () => {
    const t = Date.UTC(2024, 2, 13, 14, 37, 42); // Wednesday
    expect(floorToTimeframe(t, parseTimeframe('5m'))).toBe(Date.UTC(2024, 2, 13, 14, 35));
    expect(floorToTimeframe(t, parseTimeframe('1h'))).toBe(Date.UTC(2024, 2, 13, 14));
    expect(floorToTimeframe(t, parseTimeframe('4h'))).toBe(Date.UTC(2024, 2, 13, 12));
    expect(floorToTimeframe(t, parseTimeframe('1d'))).toBe(Date.UTC(2024, 2, 13));
    expect(floorToTimeframe(t, parseTimeframe('1w'))).toBe(Date.UTC(2024, 2, 11)); // Monday
    expect(floorToTimeframe(Date.UTC(2024, 2, 11), parseTimeframe('1w'))).toBe(Date.UTC(2024, 2, 11));
  });

  it('floors months on the calendar, N-month buckets aligned to January 1970', () => {
    const t = Date.UTC(2024, 4, 31, 23, 59); // 31 May 2024
    expect(floorToTimeframe(t, parseTimeframe('1mo'))).toBe(Date.UTC(2024, 4, 1));
    expect(floorToTimeframe(t, parseTimeframe('3mo'))).toBe(Date.UTC(2024, 3, 1)); // quarter Apr–Jun
    expect(floorToTimeframe(t, parseTimeframe('12mo'))).toBe(Date.UTC(2024, 0, 1));
    expect(nextTimeframeStart(Date.UTC(2024, 0, 1), parseTimeframe('1mo'))).toBe(Date.UTC(2024, 1, 1));
    expect(nextTimeframeStart(Date.UTC(2024, 10, 1), parseTimeframe('3mo'))).toBe(Date.UTC(2025, 1, 1));
  });
});
