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

  it('resolves every analysis metric as a sweep objective, by its snake_case name', () => {
    const m = new StreamingMetrics({ initialCapital: 1000, periodsPerYear: 252 });
    m.updateEquity(0, 1000);
    m.updateEquity(86_400_000, 1100);
    m.updateFromTrade({ pnl: 60, side: 'long', commission: 1.5 });
    m.updateFromTrade({ pnl: -20, side: 'short', commission: 1 });
    m.updateFromTrade({ pnl: 60, side: 'long', commission: 1 });
    m.updatePrice('AAA', 10);
    m.updatePrice('AAA', 12);
    const s = m.snapshot();
    // W = 2/3, R = 60/20 = 3 ⇒ Kelly = 2/3 − (1/3)/3 = 5/9.
    expect(metricValue(s, 'kelly_criterion')).toBeCloseTo(5 / 9, 12);
    expect(metricValue(s, 'buy_and_hold_return')).toBeCloseTo(0.2, 12);
    expect(metricValue(s, 'commissions_paid')).toBe(3.5);
    expect(metricValue(s, 'max_consecutive_wins')).toBe(1);
    expect(metricValue(s, 'long_pnl')).toBe(120);
    expect(metricValue(s, 'short_win_rate')).toBe(0);
    expect(metricValue(s, 'SQN')).toBe(s.sqn);
    // One day of calendar time: 1.1^(365.25) − 1.
    expect(metricValue(s, 'cagr') / (Math.pow(1.1, 365.25) - 1)).toBeCloseTo(1, 12);
    for (const name of metricNames(s)) expect(metricValue(s, name)).toBe(s[Object.keys(s)[metricNames(s).indexOf(name)]]);
    for (const name of ['annualized_return', 'annualized_volatility', 'avg_drawdown', 'avg_drawdown_duration', 'max_run_up', 'avg_trade_pct', 'max_trade_duration']) {
      expect(metricNames(s)).toContain(name);
    }
  });
});
