import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../../engine/backtest-result';
import { runIdentity } from './run-identity';

const result = { datasetId: 'sp500', barsProcessed: 100, startTime: 1, endTime: 2 } as BacktestResult;

describe('runIdentity', () => {
  it('is the same for the same config, data and strategies (a reload re-running the study)', () => {
    expect(runIdentity({ ...result }, 'name: a', [{ name: 's', source: 'x' }])).toBe(runIdentity({ ...result }, 'name: a', [{ name: 's', source: 'x' }]));
  });
  it('differs when the config, the data, a strategy source or a sweep point differs', () => {
    const base = runIdentity(result, 'name: a');
    expect(runIdentity(result, 'name: b')).not.toBe(base);
    expect(runIdentity({ ...result, datasetId: 'aapl' }, 'name: a')).not.toBe(base);
    expect(runIdentity({ ...result, endTime: 3 }, 'name: a')).not.toBe(base);
    expect(runIdentity(result, 'name: a', [{ name: 's', source: 'y' }])).not.toBe(base);
    expect(runIdentity({ ...result, params: { 'm.params.lookback': 5 } }, 'name: a')).not.toBe(base);
  });
});
