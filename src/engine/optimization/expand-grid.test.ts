import { describe, expect, it } from 'vitest';
import { expandGrid, gridSize, MAX_GRID_POINTS } from './expand-grid';
import { SweepPlanError } from './sweep-plan-error';

describe('expandGrid', () => {
  const params = [
    { path: 'containers.ma_1.params.fast', values: [5, 10] },
    { path: 'containers.ma_1.params.slow', values: [20, 30, 50] },
  ];

  it('yields every combination once, first parameter slowest', () => {
    const points = expandGrid(params);
    expect(points).toHaveLength(6);
    expect(points.map((p) => [p.params['containers.ma_1.params.fast'], p.params['containers.ma_1.params.slow']])).toEqual([
      [5, 20], [5, 30], [5, 50], [10, 20], [10, 30], [10, 50],
    ]);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(points.map((p) => JSON.stringify(p.params))).size).toBe(6);
  });

  it('keeps the config ids without a phase and names points <phase>_<n> with one', () => {
    expect(expandGrid(params).every((p) => p.containerSuffix === '')).toBe(true);
    expect(expandGrid(params, { phase: 'phase1' }).map((p) => p.containerSuffix)).toEqual([
      'phase1_1', 'phase1_2', 'phase1_3', 'phase1_4', 'phase1_5', 'phase1_6',
    ]);
  });

  it('starts from a base point and continues numbering', () => {
    const points = expandGrid([{ path: 'execution.slippage_bps', values: [0, 5] }], { phase: 'phase2', base: { a: 1 }, startIndex: 4 });
    expect(points).toEqual([
      { index: 4, params: { a: 1, 'execution.slippage_bps': 0 }, containerSuffix: 'phase2_5' },
      { index: 5, params: { a: 1, 'execution.slippage_bps': 5 }, containerSuffix: 'phase2_6' },
    ]);
  });

  it('is one point (the config as written) with no parameters', () => {
    expect(expandGrid([])).toEqual([{ index: 0, params: {}, containerSuffix: '' }]);
    expect(gridSize([])).toBe(1);
  });

  it('refuses empty value lists, duplicate paths and runaway grids, naming the field', () => {
    expect(() => expandGrid([{ path: 'a', values: [] }])).toThrow(/optimization\.parameters\[0\]\.values: 'a' has no values/);
    expect(() => expandGrid([{ path: 'a', values: [1] }, { path: 'a', values: [2] }])).toThrow(SweepPlanError);
    const big = Array.from({ length: 7 }, (_, i) => ({ path: `p${i}`, values: Array.from({ length: 8 }, (_, v) => v) }));
    expect(gridSize(big)).toBeGreaterThan(MAX_GRID_POINTS);
    expect(() => expandGrid(big)).toThrow(/2,097,152 points/);
  });
});
