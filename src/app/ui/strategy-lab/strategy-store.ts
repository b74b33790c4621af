// Saved user strategies in IndexedDB (studio-db `strategies` table, beside the configs):
// one row per name (id = name, so YAML's `user:<name>` is the key). Dexie is loaded
// lazily like the rest of storage, so the first result never waits for it.
import type { StudioDb } from '../../storage/studio-db';
import type { UserStrategySource } from '../../../engine/user-strategy/user-strategy-api';

export interface SavedStrategy extends UserStrategySource {
  updatedAt: number;
}

/** Names usable after `user:` in YAML. */
export const STRATEGY_NAME_PATTERN = /^[A-Za-z_][\w.-]*$/;

export function strategyNameProblem(name: string, taken: readonly string[]): string | null {
  if (!STRATEGY_NAME_PATTERN.test(name)) return 'Use letters, digits, _ . - (starting with a letter or _): the name goes after user: in the YAML.';
  if (taken.includes(name)) return `A strategy named '${name}' already exists.`;
  return null;
}

export class StrategyStore {
  constructor(private readonly db: StudioDb) {}

  async list(): Promise<SavedStrategy[]> {
    const rows = await this.db.strategies.orderBy('name').toArray();
    return rows.map((r) => ({ name: r.name, source: r.source, updatedAt: r.updatedAt }));
  }

  async save(name: string, source: string, now = Date.now()): Promise<void> {
    await this.db.strategies.put({ id: name, name, source, updatedAt: now });
  }

  async rename(from: string, to: string, now = Date.now()): Promise<void> {
    await this.db.transaction('rw', this.db.strategies, async () => {
      const row = await this.db.strategies.get(from);
      if (!row) throw new Error(`No saved strategy is named '${from}'.`);
      if (await this.db.strategies.get(to)) throw new Error(`A strategy named '${to}' already exists.`);
      await this.db.strategies.delete(from);
      await this.db.strategies.put({ id: to, name: to, source: row.source, updatedAt: now });
    });
  }

  async delete(name: string): Promise<void> {
    await this.db.strategies.delete(name);
  }
}
