import { describe, expect, it } from 'vitest';
import type { PortfolioContainerConfig } from '../../core/config/studio-config';
import { phaseContainerIds, withPhaseContainerIds } from './phase-container-ids';
import { testConfig } from './test-config';

describe('phase container ids', () => {
  it('renames the portfolio portfolio_<phase>_<n> and suffixes strategies, keeping references', () => {
    const { config, ids } = withPhaseContainerIds(testConfig(), 'phase1_7');
    expect(ids).toEqual({ ma_1: 'ma_1_phase1_7', portfolio_1: 'portfolio_phase1_7' });
    expect(config.containers.map((c) => c.id)).toEqual(['ma_1_phase1_7', 'portfolio_phase1_7']);
    const portfolio = config.containers[1] as PortfolioContainerConfig;
    expect(portfolio.strategies).toEqual(['ma_1_phase1_7']);
  });

  it('numbers several portfolios and leaves the input config untouched', () => {
    const base = testConfig(undefined, [
      { id: 'portfolio_2', type: 'portfolio', strategies: ['ma_1'], sizing: { type: 'fixed', quantity: 1 }, risk: {}, allowShort: true },
    ]);
    const { config } = withPhaseContainerIds(base, 'final_1');
    expect(config.containers.map((c) => c.id)).toEqual(['ma_1_final_1', 'portfolio_final_1_1', 'portfolio_final_1_2']);
    expect(base.containers.map((c) => c.id)).toEqual(['ma_1', 'portfolio_1', 'portfolio_2']);
  });

  it('keeps ids with an empty suffix', () => {
    const base = testConfig();
    expect(withPhaseContainerIds(base, '').config).toBe(base);
    expect(phaseContainerIds(base.containers, '')).toEqual({ ma_1: 'ma_1', portfolio_1: 'portfolio_1' });
  });

  it('refuses a renaming that would make two containers one', () => {
    const base = testConfig(undefined, [{ id: 'portfolio', type: 'analysis' }]);
    // 'portfolio' → 'portfolio_phase1_1' collides with the renamed portfolio_1.
    expect(() => phaseContainerIds(base.containers, 'phase1_1')).toThrow(/'portfolio_1' and 'portfolio' would both be renamed 'portfolio_phase1_1'/);
  });
});
