// Strategies arriving with a share link or an imported run are saved beside the user's
// own. Policy (never silently overwrite, never ask mid-import): the same name with the
// same source is reused; the same name with a different source is saved as <name>-2
// (-3, …) and the config's `user:<name>` references are rewritten to it.
import type { UserStrategySource } from '../../../engine/user-strategy/user-strategy-api';

export interface MergedStrategies {
  /** Sources to save (new names only). */
  toSave: UserStrategySource[];
  /** Incoming name → the name it is saved under, where they differ. */
  renames: Record<string, string>;
}

export function mergeImportedStrategies(saved: readonly UserStrategySource[], incoming: readonly UserStrategySource[]): MergedStrategies {
  const byName = new Map(saved.map((s) => [s.name, s.source]));
  const toSave: UserStrategySource[] = [];
  const renames: Record<string, string> = {};
  for (const s of incoming) {
    const existing = byName.get(s.name);
    if (existing === s.source) continue;
    if (existing === undefined) {
      byName.set(s.name, s.source);
      toSave.push({ name: s.name, source: s.source });
      continue;
    }
    // A different source under that name: reuse an earlier import with the same text, else the next free suffix.
    let n = 2;
    let name = `${s.name}-${n}`;
    while (byName.has(name) && byName.get(name) !== s.source) name = `${s.name}-${++n}`;
    if (!byName.has(name)) {
      byName.set(name, s.source);
      toSave.push({ name, source: s.source });
    }
    renames[s.name] = name;
  }
  return { toSave, renames };
}

/** Rewrites `strategy: user:<old>` lines of a YAML text to the renamed strategies (other text untouched). */
export function renameUserReferences(configText: string, renames: Readonly<Record<string, string>>): string {
  if (Object.keys(renames).length === 0) return configText;
  return configText.replace(/^(\s*(?:-\s+)?strategy:\s*["']?)user:([\w.-]+)(["']?)/gm, (whole, head: string, name: string, tail: string) => {
    const to = renames[name];
    return to === undefined ? whole : `${head}user:${to}${tail}`;
  });
}
