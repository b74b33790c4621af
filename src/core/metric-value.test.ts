import { describe, expect, it } from 'vitest';
import { metricNames, metricValue } from './metric-value';
import { StreamingMetrics } from './streaming-metrics';

function sample() {
  const m = new StreamingMetrics({ initialCapital: 100, periodsPerYear: 3 });
  m.updateEquity(1, 110);
  m.updateEquity(2, 99);
  m.updateEquity(3, 108.9);
  m.updateFromTrade({ pnl: 8.9 });
  return m.snapshot();
}

describe('metricValue', () => {
  it('accepts snake_case, camelCase and a metrics. prefix', () => {
    const s = sample();
    expect(metricValue(s, 'sharpe_ratio')).toBeCloseTo(0.5, 12);
    expect(metricValue(s, 'sharpeRatio')).toBeCloseTo(0.5, 12);
    expect(metricValue(s, 'metrics.total_pnl')).toBeCloseTo(8.9, 12);
    expect(metricValue(s, 'max_drawdown')).toBeCloseTo(0.1, 12);
    expect(metricValue(s, 'Sharpe_Ratio')).toBeCloseTo(0.5, 12);
    expect(metricValue(s, 'TOTAL_RETURN')).toBeCloseTo(0.089, 12);
  });

  it('keeps Infinity so a no-loss run ranks first', () => {
    expect(metricValue(sample(), 'profit_factor')).toBe(Infinity);
  });

  it('throws on an unknown name, listing the valid names', () => {
    const s = sample();
    expect(() => metricValue(s, 'sharpe')).toThrow(/Unknown metric 'sharpe'.*sharpe_ratio.*max_drawdown/);
    expect(metricNames(s)).toContain('calmar_ratio');
  });
});
