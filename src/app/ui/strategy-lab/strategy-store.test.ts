import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { StudioDb } from '../../storage/studio-db';
import { StrategyStore, strategyNameProblem } from './strategy-store';

describe('StrategyStore', () => {
  it('saves, lists by name, renames and deletes strategies in the studio database', async () => {
    const db = new StudioDb(`strategies-${Math.random()}`);
    const store = new StrategyStore(db);
    await store.save('zeta', 'export function onBar() {}', 1);
    await store.save('alpha', 'A', 2);
    await store.save('alpha', 'A2', 3);
    expect((await store.list()).map((s) => [s.name, s.source, s.updatedAt])).toEqual([
      ['alpha', 'A2', 3],
      ['zeta', 'export function onBar() {}', 1],
    ]);
    await store.rename('alpha', 'beta', 4);
    expect((await store.list()).map((s) => s.name)).toEqual(['beta', 'zeta']);
    await expect(store.rename('beta', 'zeta')).rejects.toThrow("'zeta' already exists");
    await store.delete('zeta');
    expect((await store.list()).map((s) => s.name)).toEqual(['beta']);
    db.close();
  });

  it('rejects names that cannot follow user: in YAML', () => {
    expect(strategyNameProblem('my ma', [])).toMatch(/letters, digits/);
    expect(strategyNameProblem('my_ma', ['my_ma'])).toMatch(/already exists/);
    expect(strategyNameProblem('my_ma-2', [])).toBeNull();
  });
});
