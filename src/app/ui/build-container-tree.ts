// The container hierarchy as the studio draws it: root → portfolios → the
// strategies each one filters on; other containers (execution, analysis, data)
// and engine-made ones beside the portfolios.
import type { ContainerConfig, StudioConfig } from '../../core/config/studio-config';

export interface TreeNode {
  id: string;
  type: string;
  children: TreeNode[];
}

export function buildContainerTree(config: StudioConfig, resultIds: readonly string[]): TreeNode {
  const byId = new Map<string, ContainerConfig>(config.containers.map((c) => [c.id, c]));
  const placed = new Set<string>();
  const root: TreeNode = { id: config.name || 'root', type: 'root', children: [] };
  for (const p of config.containers) {
    if (p.type !== 'portfolio') continue;
    placed.add(p.id);
    const node: TreeNode = { id: p.id, type: 'portfolio', children: [] };
    for (const s of p.strategies) {
      placed.add(s);
      node.children.push({ id: s, type: byId.get(s)?.type ?? 'strategy', children: [] });
    }
    root.children.push(node);
  }
  for (const c of config.containers) if (!placed.has(c.id)) root.children.push({ id: c.id, type: c.type, children: [] });
  // Containers the engine created itself (a default execution, the data feed) still appear.
  for (const id of resultIds) {
    if (!byId.has(id)) root.children.push({ id, type: 'engine', children: [] });
  }
  return root;
}
