import { describe, expect, it } from 'vitest';
import { parseStudioConfig } from '../../core/config/parse-studio-config';
import { buildContainerTree } from './build-container-tree';

describe('buildContainerTree', () => {
  it('nests strategies under the portfolios that manage them, others beside', () => {
    const parsed = parseStudioConfig(`name: T
containers:
  - {id: s1, type: strategy, strategy: momentum}
  - {id: s2, type: strategy, strategy: momentum}
  - {id: p1, type: portfolio, strategies: [s1]}
  - {id: p2, type: portfolio, strategies: [s2]}
  - {id: x1, type: execution}
`);
    if (!parsed.ok) throw new Error(parsed.errors[0]!.message);
    const tree = buildContainerTree(parsed.config, ['s1', 's2', 'p1', 'p2', 'x1', 'data']);
    expect(tree.id).toBe('T');
    expect(tree.children.map((c) => [c.id, c.type, c.children.map((g) => g.id)])).toEqual([
      ['p1', 'portfolio', ['s1']],
      ['p2', 'portfolio', ['s2']],
      ['x1', 'execution', []],
      ['data', 'engine', []],
    ]);
  });
});
