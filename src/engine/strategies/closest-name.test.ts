import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name';

describe('closestName', () => {
  it('finds typos and prefixes, ignores far-off names', () => {
    const kinds = ['momentum', 'ma_crossover', 'mean_reversion', 'breakout', 'pairs'];
    expect(closestName('momentun', kinds)).toBe('momentum');
    expect(closestName('Breakout', kinds)).toBe('breakout');
    expect(closestName('ma_cross', kinds)).toBe('ma_crossover');
    expect(closestName('pair', kinds)).toBe('pairs');
    expect(closestName('xyzzy_plugh', kinds)).toBeUndefined();
    expect(closestName('a', [])).toBeUndefined();
  });
});
