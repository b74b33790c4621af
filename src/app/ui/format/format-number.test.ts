import { describe, expect, it } from 'vitest';
import { formatDuration, formatInt, formatMoney, formatPct, formatPrice, formatRatio, formatTime } from './format-number';
import { formatExtraMetric } from './format-extra-metric';

describe('number formatting', () => {
  it('formats money, ratios and percentages, with ∞ for a profit factor without losses', () => {
    expect(formatMoney(1234.5)).toBe('1,234.50');
    expect(formatRatio(Infinity)).toBe('∞');
    expect(formatRatio(NaN)).toBe('—');
    expect(formatPct(0.4256)).toBe('42.56 %');
    expect(formatPrice(1486.2972)).toBe('1486.30');
    expect(formatPrice(10.5)).toBe('10.50');
  });
  it('never shows a negative zero', () => {
    expect(formatMoney(-0.001)).toBe('0.00');
    expect(formatMoney(-0)).toBe('0.00');
    expect(formatRatio(-0.004)).toBe('0.00');
    expect(formatPct(-0.00001)).toBe('0.00 %');
    expect(formatMoney(-0.01)).toBe('-0.01');
  });
  it('shows a daily bar as a date and an intraday one with its UTC time', () => {
    expect(formatTime(Date.UTC(2020, 3, 17))).toBe('2020-04-17');
    expect(formatTime(Date.UTC(2024, 0, 2, 9, 30))).toBe('2024-01-02 09:30:00');
  });
  it('reads durations in the largest sensible unit', () => {
    expect(formatDuration(7329 * 86_400_000)).toBe('7329 d');
    expect(formatDuration(90 * 60_000)).toBe('1.5 h');
    expect(formatDuration(45_000)).toBe('45 s');
  });
  it('formats extra metrics by their name', () => {
    expect(formatExtraMetric('cagr', 0.0213)).toBe('2.13 %');
    expect(formatExtraMetric('avgTradeDuration', 2 * 86_400_000)).toBe('2 d');
    expect(formatExtraMetric('maxConsecutiveLosses', 9)).toBe('9');
    expect(formatExtraMetric('equityUpdates', 99_840)).toBe(formatInt(99_840));
    expect(formatExtraMetric('commissionsPaid', 114)).toBe('114.00');
    expect(formatExtraMetric('kellyCriterion', 0.1712)).toBe('0.17');
  });
});
