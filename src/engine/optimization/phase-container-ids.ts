// Container ids of one point of a multi-phase sweep, following the seed's naming
// (portfolio_phase1_<n>, portfolio_phase2_<n>, portfolio_final_<n>) so wildcard
// trace settings such as "portfolio_phase1_*" select each phase's containers.
import type { ContainerConfig, StudioConfig } from '../../core/config/studio-config';
import { SweepPlanError } from './sweep-plan-error';

/**
 * Original id → id in the point's run, for suffix '<phase>_<n>':
 * - the portfolio (when the config has one) → `portfolio_<phase>_<n>`;
 *   with several portfolios the k-th (1-based, config order) → `portfolio_<phase>_<n>_<k>`;
 * - every other container (strategies, execution, analysis…) → `<id>_<phase>_<n>`,
 *   e.g. momentum_1 → momentum_1_phase1_7, so "*_phase1_*" patterns also work.
 * An empty suffix keeps every id (single-grid sweeps: one backtest per point).
 */
export function phaseContainerIds(containers: readonly ContainerConfig[], suffix: string): Record<string, string> {
  const ids: Record<string, string> = {};
  if (!suffix) {
    for (const c of containers) ids[c.id] = c.id;
    return ids;
  }
  const portfolios = containers.filter((c) => c.type === 'portfolio');
  let k = 0;
  for (const c of containers) {
    if (c.type === 'portfolio') {
      k += 1;
      ids[c.id] = portfolios.length === 1 ? `portfolio_${suffix}` : `portfolio_${suffix}_${k}`;
    } else {
      ids[c.id] = `${c.id}_${suffix}`;
    }
  }
  const owner = new Map<string, string>();
  for (const [from, to] of Object.entries(ids)) {
    const other = owner.get(to);
    if (other !== undefined) {
      throw new SweepPlanError(`containers '${other}' and '${from}' would both be renamed '${to}' in this phase; rename one of them`, 'containers');
    }
    owner.set(to, from);
  }
  return ids;
}

/** The config with the point's container ids, portfolio → strategy references renamed alike. */
export function withPhaseContainerIds(config: StudioConfig, suffix: string): { config: StudioConfig; ids: Record<string, string> } {
  const ids = phaseContainerIds(config.containers, suffix);
  if (!suffix) return { config, ids };
  const containers = config.containers.map((c): ContainerConfig => {
    if (c.type === 'portfolio') {
      return { ...c, id: ids[c.id], strategies: c.strategies.map((s) => ids[s] ?? s) };
    }
    return { ...c, id: ids[c.id] };
  });
  return { config: { ...config, containers }, ids };
}
