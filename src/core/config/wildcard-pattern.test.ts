import { describe, expect, it } from 'vitest';
import { compareWildcardSpecificity, matchesWildcard } from './wildcard-pattern';

describe('wildcard patterns', () => {
  it.each([
    ['portfolio_*', 'portfolio_1', true],
    ['portfolio_*', 'portfolio_', true],
    ['portfolio_*', 'xportfolio_1', false],
    ['*', 'anything', true],
    ['*', '', true],
    ['backtest_*_momentum_*', 'backtest_x_momentum_1', true],
    ['backtest_*_momentum_*', 'backtest_x_hmm_1', false],
    ['backtest_*_momentum_*', 'backtest__momentum_', true],
    ['portfolio_1', 'portfolio_1', true],
    ['portfolio_1', 'portfolio_10', false],
    ['*_1', 'strategy_momentum_1', true],
    ['a*a*a*a*b', 'a'.repeat(200), false],
  ])('%s matches %s: %s', (pattern, id, expected) => {
    expect(matchesWildcard(pattern, id)).toBe(expected);
  });

  it('orders by fewer wildcards, then more literal characters', () => {
    const patterns = ['portfolio_aggressive_*', '*', 'portfolio_*', 'portfolio_aggressive_1', 'p*_*'];
    const sorted = [...patterns].sort(compareWildcardSpecificity);
    expect(sorted).toEqual(['p*_*', '*', 'portfolio_*', 'portfolio_aggressive_*', 'portfolio_aggressive_1']);
  });
});
