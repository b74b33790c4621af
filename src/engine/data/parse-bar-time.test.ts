import { describe, expect, it } from 'vitest';
import { parseBarTime } from './parse-bar-time';

describe('parseBarTime', () => {
  it('reads ISO dates and datetimes as UTC, honouring written offsets', () => {
    expect(parseBarTime('2000-01-03')).toBe(Date.UTC(2000, 0, 3));
    expect(parseBarTime('2024-01-02T09:30:00Z')).toBe(Date.UTC(2024, 0, 2, 9, 30));
    expect(parseBarTime('2024-01-02 09:30')).toBe(Date.UTC(2024, 0, 2, 9, 30));
    expect(parseBarTime('2024-01-02T09:30:00.250Z')).toBe(Date.UTC(2024, 0, 2, 9, 30, 0, 250));
    expect(parseBarTime('2024-01-02T09:30:00-05:00')).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(parseBarTime('2024/1/2')).toBe(Date.UTC(2024, 0, 2));
  });

  it("reads vega-datasets' month-name dates", () => {
    expect(parseBarTime('Jan 1 2000')).toBe(Date.UTC(2000, 0, 1));
    expect(parseBarTime('Aug 1 2004')).toBe(Date.UTC(2004, 7, 1));
    expect(parseBarTime('March 15, 2010')).toBe(Date.UTC(2010, 2, 15));
    expect(parseBarTime('15-Mar-2010')).toBe(Date.UTC(2010, 2, 15));
  });

  it('reads epoch seconds, epoch milliseconds and YYYYMMDD', () => {
    const t = Date.UTC(2024, 0, 2, 9, 30);
    expect(parseBarTime(String(t / 1000))).toBe(t);
    expect(parseBarTime(String(t))).toBe(t);
    expect(parseBarTime('20240102')).toBe(Date.UTC(2024, 0, 2));
  });

  it('refuses impossible or unknown dates instead of rolling them over', () => {
    expect(parseBarTime('2024-02-30')).toBeUndefined();
    expect(parseBarTime('2024-13-01')).toBeUndefined();
    expect(parseBarTime('Foo 1 2000')).toBeUndefined();
    expect(parseBarTime('yesterday')).toBeUndefined();
    expect(parseBarTime('')).toBeUndefined();
  });
});
