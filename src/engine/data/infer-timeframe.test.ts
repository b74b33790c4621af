import { describe, expect, it } from 'vitest';
import { inferTimeframe } from './infer-timeframe';

const MIN = 60_000;
const DAY = 86_400_000;

describe('inferTimeframe', () => {
  it('reads minute bars through missing minutes and an overnight gap', () => {
    const t0 = Date.UTC(2024, 0, 2, 9, 30);
    const ts = [0, 1, 2, 4, 5, 6, 7, 1440, 1441, 1442].map((m) => t0 + m * MIN);
    expect(inferTimeframe(ts)).toBe('1m');
  });

  it('reads 5-minute, hourly, daily (with weekends) and weekly bars', () => {
    expect(inferTimeframe([0, 5, 10, 20, 25].map((m) => m * MIN))).toBe('5m');
    expect(inferTimeframe([0, 1, 2, 3].map((h) => h * 3_600_000))).toBe('1h');
    // Mon..Fri, Mon..Fri: gaps 1,1,1,1,3,1,1,1,1 days
    const days = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((d) => Date.UTC(2024, 0, 1) + d * DAY);
    expect(inferTimeframe(days)).toBe('1d');
    expect(inferTimeframe([0, 7, 14, 21].map((d) => d * DAY))).toBe('1w');
  });

  it('reads calendar months and quarters', () => {
    const months = [0, 1, 2, 3, 4, 5, 6].map((m) => Date.UTC(2000, m, 1));
    expect(inferTimeframe(months)).toBe('1mo');
    const quarters = [0, 3, 6, 9, 12].map((m) => Date.UTC(2000, m, 1));
    expect(inferTimeframe(quarters)).toBe('3mo');
  });

  it('gives up on a single bar or sub-second spacing', () => {
    expect(inferTimeframe([5])).toBeUndefined();
    expect(inferTimeframe([0, 500, 1000])).toBeUndefined();
  });
});
