import { describe, expect, it } from 'vitest';
import { expandGrid } from './expand-grid';
import { fakeFailure, fakeSuccess } from './fake-outcome';
import { objectiveValue, rankOutcomes, validateObjective } from './rank-results';

describe('rankOutcomes', () => {
  const points = expandGrid([{ path: 'x', values: [0, 1, 2, 3, 4, 5] }]);
  const outcomes = [
    fakeSuccess(points[0], null, { sharpeRatio: 0.5 }),
    fakeFailure(points[1], null, 'boom'),
    fakeSuccess(points[2], null, { sharpeRatio: Number.NaN }),
    fakeSuccess(points[3], null, { sharpeRatio: 1.5 }),
    fakeSuccess(points[4], null, { sharpeRatio: -0.2 }),
    fakeSuccess(points[5], null, { sharpeRatio: 1.5 }),
  ];

  it('maximizes by a snake_case name: best first, ties by grid order, NaN then failures last', () => {
    expect(rankOutcomes(outcomes, { objective: 'sharpe_ratio', direction: 'maximize', objectiveContainer: 'portfolio_1' })).toEqual([3, 5, 0, 4, 2, 1]);
  });

  it('minimizes by a camelCase name and keeps every outcome', () => {
    const ranking = rankOutcomes(outcomes, { objective: 'sharpeRatio', direction: 'minimize', objectiveContainer: null });
    expect(ranking).toEqual([4, 0, 3, 5, 2, 1]);
    expect([...ranking].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('ranks Infinity (no losing trade) above any finite profit factor', () => {
    const pf = [fakeSuccess(points[0], null, { profitFactor: 3 }), fakeSuccess(points[1], null, { profitFactor: Infinity })];
    expect(rankOutcomes(pf, { objective: 'profit_factor', direction: 'maximize' })).toEqual([1, 0]);
  });

  it('reads the chosen container through the point’s renamed ids', () => {
    const [p] = expandGrid([{ path: 'x', values: [1] }], { phase: 'phase1' });
    const o = fakeSuccess(p, 'phase1', { totalReturn: 0.25 });
    expect(Object.keys(o.metrics)).toEqual(['portfolio_phase1_1']);
    expect(objectiveValue(o, { objective: 'total_return', direction: 'maximize', objectiveContainer: 'portfolio_1' })).toBe(0.25);
    expect(objectiveValue(o, { objective: 'total_return', direction: 'maximize', objectiveContainer: 'other' })).toBeNull();
  });

  it('rejects an unknown objective listing valid names', () => {
    expect(() => validateObjective('sharpe')).toThrow(/optimization\.objective: unknown metric 'sharpe'; valid names: .*sharpe_ratio/);
    expect(() => validateObjective('max_drawdown')).not.toThrow();
  });
});
