// Sweep values from declared params: the grid a user gets when sweeping a param.
import { describe, expect, it } from 'vitest';
import { paramSweepValues } from './param-sweep-values';

describe('paramSweepValues', () => {
  it('integers: min..max by step', () => {
    expect(paramSweepValues({ name: 'fast', type: 'integer', default: 10, min: 5, max: 20, step: 5, description: '' })).toEqual([5, 10, 15, 20]);
  });

  it('numbers: no float noise from repeated steps', () => {
    expect(paramSweepValues({ name: 't', type: 'number', default: 0, min: 0, max: 0.3, step: 0.1, description: '' })).toEqual([0, 0.1, 0.2, 0.3]);
    expect(paramSweepValues({ name: 'z', type: 'number', default: 2, min: 1, max: 3, description: '' }, { step: 0.25 })).toEqual([1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 2.75, 3]);
  });

  it('a range wider than maxPoints is thinned evenly, ends kept', () => {
    const v = paramSweepValues({ name: 'lookback', type: 'integer', default: 20, min: 1, max: 10_000, step: 1, description: '' }, { maxPoints: 5 });
    expect(v).toEqual([1, 2501, 5001, 7500, 10000]);
  });

  it('booleans, options, and a clear error without a range', () => {
    expect(paramSweepValues({ name: 'allow_short', type: 'boolean', default: false, description: '' })).toEqual([false, true]);
    expect(paramSweepValues({ name: 'mode', type: 'string', default: 'a', options: ['a', 'b'], description: '' })).toEqual(['a', 'b']);
    expect(() => paramSweepValues({ name: 'n', type: 'integer', default: 3, description: '' })).toThrow(/declares no min/);
    expect(paramSweepValues({ name: 'n', type: 'integer', default: 3, description: '' }, { from: 2, to: 4 })).toEqual([2, 3, 4]);
  });
});
