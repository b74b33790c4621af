// "Use in config": points the config's strategy container at a saved user strategy
// (`strategy: user:<name>`, params = the declared defaults), and optionally fills
// optimization.parameters from the declared ranges. Edits go through the YAML
// document model, so the user's comments and the rest of the file survive.
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';
import type { UserParamSpec } from '../../../engine/user-strategy/user-strategy-api';
import { paramSweepValues } from '../../../engine/user-strategy/param-sweep-values';

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

/**
 * Rewrites the first strategy container (or the one already using `user:<name>`) to run
 * `user:<name>` with the declared defaults; with none, adds `strategy_<name>` and makes the
 * first portfolio listen to it. Throws with a clear message on YAML that cannot be edited.
 */
export function useStrategyInConfig(configText: string, name: string, params: readonly UserParamSpec[]): UseInConfigResult {
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) throw new Error(`Fix the config's YAML errors first (line ${doc.errors[0]!.linePos?.[0]?.line ?? '?'}): ${doc.errors[0]!.message}`);
  const containers = doc.get('containers');
  if (!isSeq(containers)) throw new Error('The config has no containers list to put the strategy in.');
  const maps = containers.items.filter((c): c is YAMLMap => isMap(c));
  const kind = `user:${name}`;
  const target = maps.find((c) => c.get('strategy') === kind) ?? maps.find((c) => c.get('type') === 'strategy');
  const defaults = paramDefaults(params);
  if (target) {
    target.set('strategy', kind);
    target.set('params', doc.createNode(defaults));
    const id = String(target.get('id'));
    dropStaleSweeps(doc, id, Object.keys(defaults));
    return { text: doc.toString(), containerId: id };
  }
  const id = `strategy_${name.replace(/[^\w]/g, '_')}`;
  containers.items.unshift(doc.createNode({ id, type: 'strategy', strategy: kind, params: defaults }) as YAMLMap);
  const portfolio = maps.find((c) => c.get('type') === 'portfolio');
  if (portfolio) {
    const listens = portfolio.get('strategies');
    if (isSeq(listens)) (listens as YAMLSeq).add(id);
    else portfolio.set('strategies', doc.createNode([id]));
  }
  return { text: doc.toString(), containerId: id };
}

/** Sweep paths into the container's old params would no longer parse: they go (the whole block when none is left). */
function dropStaleSweeps(doc: ReturnType<typeof parseDocument>, containerId: string, names: readonly string[]): void {
  const grid = doc.getIn(['optimization', 'parameters']);
  if (!isMap(grid)) return;
  const prefix = `${containerId}.params.`;
  grid.items = grid.items.filter((item) => {
    const key = String(isScalarKey(item.key) ? item.key.value : item.key);
    return !key.startsWith(prefix) || names.includes(key.slice(prefix.length));
  });
  if (grid.items.length === 0) doc.delete('optimization');
}

function isScalarKey(key: unknown): key is { value: unknown } {
  return typeof key === 'object' && key !== null && 'value' in key;
}

/**
 * Sets optimization.parameters to sweep the container's numeric params over their declared
 * ranges (at most `maxPoints` values each; around the default when the range is very wide).
 */
export function sweepParamsInConfig(configText: string, containerId: string, params: readonly UserParamSpec[], maxPoints = 4): string {
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) throw new Error(`Fix the config's YAML errors first: ${doc.errors[0]!.message}`);
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
  if (Object.keys(grid).length === 0) throw new Error('This strategy declares no numeric param with a range to sweep.');
  if (!isMap(doc.get('optimization'))) doc.set('optimization', doc.createNode({ objective: 'sharpe_ratio', direction: 'maximize' }));
  doc.setIn(['optimization', 'parameters'], doc.createNode(grid, { flow: false }));
  // Value lists read best on one line each ([5, 10, 15, 20]).
  const paramsNode = doc.getIn(['optimization', 'parameters']);
  if (isMap(paramsNode)) for (const item of paramsNode.items) if (isSeq(item.value)) item.value.flow = true;
  return doc.toString();
}
