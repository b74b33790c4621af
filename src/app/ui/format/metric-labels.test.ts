import { describe, expect, it } from 'vitest';
import { KNOWN_METRIC_NAMES, snakeToCamel } from '../../../core/config/metric-names';
import { METRIC_LABELS, metricLabel } from './metric-labels';

describe('metricLabel', () => {
  it('labels every metric the engine reports, in words', () => {
    for (const name of KNOWN_METRIC_NAMES) expect(METRIC_LABELS[snakeToCamel(name)], name).toBeDefined();
  });
  it('never shows a raw key', () => {
    expect(metricLabel('cagr')).toBe('CAGR');
    expect(metricLabel('winning_trades')).toBe('Winning trades');
    expect(metricLabel('winningTrades')).toBe('Winning trades');
    expect(metricLabel('someNewPnl')).toBe('Some new P&L');
  });
  it('says the drawdown average counts completed episodes only', () => {
    expect(metricLabel('avgDrawdown')).toContain('completed');
  });
});
