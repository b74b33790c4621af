// Which saved user strategies a config needs: for a job (send only those to the worker),
// for a share link or a run export (carry their sources with the YAML, so the run can be
// repeated elsewhere), and to say which `user:` names have no saved source.
import type { StudioConfig } from '../../core/config/studio-config';
import type { UserStrategySource } from './user-strategy-api';

/** The `user:<name>` strategies a config refers to, in container order, without repeats. */
export function referencedUserStrategies(config: StudioConfig): string[] {
  const out: string[] = [];
  for (const c of config.containers) {
    if (c.type === 'strategy' && c.strategy.startsWith('user:')) {
      const name = c.strategy.slice('user:'.length);
      if (!out.includes(name)) out.push(name);
    }
  }
  return out;
}

/** The saved sources `config` uses (in reference order) and the names it uses that none provides. */
export function userStrategySourcesFor(config: StudioConfig, saved: readonly UserStrategySource[]): { sources: UserStrategySource[]; missing: string[] } {
  const sources: UserStrategySource[] = [];
  const missing: string[] = [];
  for (const name of referencedUserStrategies(config)) {
    const s = saved.find((x) => x.name === name);
    if (s === undefined) missing.push(name);
    else sources.push({ name: s.name, source: s.source });
  }
  return { sources, missing };
}
