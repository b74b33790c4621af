import { describe, expect, it } from 'vitest';
import { formatDuration, formatMetric, metricLabel } from './format-metric';

describe('formatMetric', () => {
  it('reads each kind of metric the way a trader expects', () => {
    expect(formatMetric('totalReturn', 0.0131)).toBe('1.31 %');
    expect(formatMetric('maxDrawdown', 0.25)).toBe('25.00 %');
    expect(formatMetric('finalEquity', 1234567.891)).toBe('1,234,567.89');
    expect(formatMetric('grossLoss', -44.613)).toBe('-44.61');
    expect(formatMetric('totalTrades', 12345)).toBe('12,345');
    expect(formatMetric('sharpeRatio', 1.4149)).toBe('1.41');
    expect(formatMetric('maxDrawdownDuration', 37 * 86_400_000)).toBe('37.0 d');
    expect(formatMetric('avgTradeDuration', 90 * 60_000)).toBe('1.5 h');
    expect(formatMetric('someCustomThing', 0.123456)).toBe('0.1235');
  });

  it('spells out values that do not exist', () => {
    expect(formatMetric('profitFactor', Infinity)).toBe('∞');
    expect(formatMetric('kellyCriterion', -Infinity)).toBe('-∞');
    expect(formatMetric('buyAndHoldReturn', Number.NaN)).toBe('n/a');
    expect(formatMetric('totalPnl', -0.001)).toBe('0.00');
    expect(formatDuration(0)).toBe('0');
  });

  it('labels metrics from their names', () => {
    expect(metricLabel('maxDrawdownDuration')).toBe('Max drawdown duration');
    expect(metricLabel('avgTradePct')).toBe('Avg trade %');
    expect(metricLabel('longPnl')).toBe('Long PnL');
    expect(metricLabel('cagr')).toBe('CAGR');
  });
});
