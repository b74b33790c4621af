// "Use in config": points the config's strategy container at a saved user strategy
// (`strategy: user:<name>`, params = the declared defaults), and optionally fills
// optimization.parameters from the declared ranges. Only the keys that change are edited
// (editYaml: the document model locates them, their text alone is replaced), so the user's
// comments, layout and every other block — the optimization block's objective, phases and
// walk-forward included — stay byte for byte.
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { UserParamSpec } from '../../../engine/user-strategy/user-strategy-api';
import { paramSweepValues } from '../../../engine/user-strategy/param-sweep-values';
import { editYaml, YamlEditError, type YamlEdit } from '../state/edit-yaml';

export interface UseInConfigResult {
  text: string;
  /** The strategy container now running the user strategy. */
  containerId: string;
}

function paramDefaults(params: readonly UserParamSpec[]): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const p of params) out[p.name] = p.default;
  return out;
}

function parseForEdit(configText: string) {
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) throw new YamlEditError(`Fix the config's YAML errors first (line ${doc.errors[0]!.linePos?.[0]?.line ?? '?'}): ${doc.errors[0]!.message}`);
  return doc;
}

/**
 * Rewrites the first strategy container (or the one already using `user:<name>`) to run
 * `user:<name>` with the declared defaults; with none, adds `strategy_<name>` and makes the
 * first portfolio listen to it. Throws with a clear message on YAML that cannot be edited.
 */
export function useStrategyInConfig(configText: string, name: string, params: readonly UserParamSpec[]): UseInConfigResult {
  const doc = parseForEdit(configText);
  const containers = doc.get('containers');
  if (!isSeq(containers)) throw new Error('The config has no containers list to put the strategy in.');
  const kind = `user:${name}`;
  const index = (pred: (c: YAMLMap) => boolean) => containers.items.findIndex((c) => isMap(c) && pred(c));
  const at = index((c) => c.get('strategy') === kind) >= 0 ? index((c) => c.get('strategy') === kind) : index((c) => c.get('type') === 'strategy');
  const defaults = paramDefaults(params);
  if (at >= 0) {
    const target = containers.items[at] as YAMLMap;
    const id = String(target.get('id'));
    const edits: YamlEdit[] = [
      { op: 'set', path: ['containers', at, 'strategy'], value: kind },
      { op: 'set', path: ['containers', at, 'params'], value: defaults },
      ...staleSweepEdits(doc, id, params),
    ];
    return { text: editYaml(configText, edits), containerId: id };
  }
  // No strategy container yet: a new list item is added through the document model.
  const id = `strategy_${name.replace(/[^\w]/g, '_')}`;
  containers.items.unshift(doc.createNode({ id, type: 'strategy', strategy: kind, params: defaults }) as YAMLMap);
  const portfolio = containers.items.find((c): c is YAMLMap => isMap(c) && c.get('type') === 'portfolio');
  if (portfolio) {
    const listens = portfolio.get('strategies');
    if (isSeq(listens)) (listens as YAMLSeq).add(id);
    else portfolio.set('strategies', doc.createNode([id]));
  }
  return { text: doc.toString(), containerId: id };
}

function keysOf(node: unknown): string[] {
  return isMap(node) ? node.items.map((p) => String(typeof p.key === 'object' && p.key !== null && 'value' in p.key ? (p.key as { value: unknown }).value : p.key)) : [];
}

/**
 * Sweep paths into the container's old params would no longer parse: only those entries go.
 * When that empties the grid, it sweeps the new strategy's declared ranges instead (or stays
 * an empty grid), so the block's objective, direction, phases and walk-forward are kept.
 */
function staleSweepEdits(doc: ReturnType<typeof parseDocument>, containerId: string, params: readonly UserParamSpec[]): YamlEdit[] {
  const prefix = `${containerId}.params.`;
  const names = params.map((p) => p.name);
  const isStale = (key: string) => key.startsWith(prefix) && !names.includes(key.slice(prefix.length));
  const edits: YamlEdit[] = [];
  const grid = keysOf(doc.getIn(['optimization', 'parameters']));
  const stale = grid.filter(isStale);
  if (stale.length > 0 && stale.length === grid.length) {
    edits.push({ op: 'set', path: ['optimization', 'parameters'], value: sweepGrid(containerId, params) });
  } else {
    for (const key of stale) edits.push({ op: 'delete', path: ['optimization', 'parameters', key] });
  }
  const phases = doc.getIn(['optimization', 'phases']);
  if (isSeq(phases)) {
    phases.items.forEach((_, i) => {
      for (const key of keysOf(doc.getIn(['optimization', 'phases', i, 'parameters'])).filter(isStale)) edits.push({ op: 'delete', path: ['optimization', 'phases', i, 'parameters', key] });
    });
  }
  return edits;
}

/** Each numeric param swept over at most `maxPoints` values of its declared range (around the default when it is very wide). */
function sweepGrid(containerId: string, params: readonly UserParamSpec[], maxPoints = 4): Record<string, (number | boolean | string)[]> {
  const grid: Record<string, (number | boolean | string)[]> = {};
  for (const p of params) {
    if (p.type !== 'integer' && p.type !== 'number') continue;
    const d = typeof p.default === 'number' ? p.default : undefined;
    // A declared range like 1..10000 is a validity bound, not a useful grid: sweep default/2..default×2 inside it.
    const from = d !== undefined && d > 0 ? Math.max(p.min ?? -Infinity, p.type === 'integer' ? Math.max(1, Math.round(d / 2)) : d / 2) : p.min;
    const to = d !== undefined && d > 0 ? Math.min(p.max ?? Infinity, p.type === 'integer' ? Math.round(d * 2) : d * 2) : p.max;
    if (from === undefined || to === undefined || !(to > from)) continue;
    grid[`${containerId}.params.${p.name}`] = paramSweepValues(p, { from, to, maxPoints });
  }
  return grid;
}

/**
 * Sets optimization.parameters to sweep the container's numeric params over their declared
 * ranges (at most `maxPoints` values each; around the default when the range is very wide).
 * The rest of the optimization block (objective, phases, walk-forward) is kept.
 */
export function sweepParamsInConfig(configText: string, containerId: string, params: readonly UserParamSpec[], maxPoints = 4): string {
  const doc = parseForEdit(configText);
  const grid = sweepGrid(containerId, params, maxPoints);
  if (Object.keys(grid).length === 0) throw new Error('This strategy declares no numeric param with a range to sweep.');
  if (!isMap(doc.get('optimization'))) {
    return editYaml(configText, [{ op: 'set', path: ['optimization'], value: { objective: 'sharpe_ratio', direction: 'maximize', parameters: grid } }]);
  }
  return editYaml(configText, [{ op: 'set', path: ['optimization', 'parameters'], value: grid }]);
}
