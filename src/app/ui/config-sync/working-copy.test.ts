import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigStore } from '../../storage/config-store';
import { StudioDb } from '../../storage/studio-db';
import { useConfigSync } from './config-sync-state';
import { onOtherTabConfigSaved, type ConfigSavedMessage } from './config-sync-channel';
import { loadWorkingCopy, saveWorkingCopy } from './working-copy';

let n = 0;
let db: StudioDb;
let clock: number;
let store: ConfigStore;
const getStore = () => Promise.resolve(store);

beforeEach(() => {
  db = new StudioDb(`working-copy-test-${++n}`);
  clock = 1_000;
  store = new ConfigStore(db, { now: () => clock });
  const map = new Map<string, string>();
  vi.stubGlobal('localStorage', { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) });
  useConfigSync.setState({ saveError: null, conflict: null });
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  await db.delete();
});

/** IndexedDB full: every put of a config row fails as a browser's quota does. */
function fillStorage() {
  return vi.spyOn(db.configs, 'put').mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
}

describe('saveWorkingCopy / loadWorkingCopy', () => {
  it('with storage full, says so and the newer edit wins on reload over the older IndexedDB copy', async () => {
    await saveWorkingCopy(getStore, 'name: first', true, () => clock);
    expect(useConfigSync.getState().saveError).toBeNull();

    clock = 2_000;
    const full = fillStorage();
    await saveWorkingCopy(getStore, 'name: second', true, () => clock);
    expect(useConfigSync.getState().saveError).toMatch(/not saved to the studio's database: browser storage is full\. A copy is kept in this browser's local storage/);

    // Reload while still full: the backup is newer, so it wins (IndexedDB still holds "first").
    const still = await loadWorkingCopy(getStore);
    expect(still).toMatchObject({ working: 'name: second', lastGood: 'name: second', workingFrom: 'backup' });
    expect((await store.loadEditorTexts()).working).toBe('name: first');

    // Space freed: the next load puts the edit back into IndexedDB with its own time.
    full.mockRestore();
    const healed = await loadWorkingCopy(getStore);
    expect(healed.working).toBe('name: second');
    expect(await store.loadEditorTexts()).toMatchObject({ working: 'name: second', workingSavedAt: 2_000, lastGood: 'name: second' });
    expect(localStorage.getItem('event-studio.backup.working')).toBeNull();
  });

  it('a later successful save clears the message and an older backup never wins', async () => {
    const full = fillStorage();
    await saveWorkingCopy(getStore, 'name: while full', true, () => clock);
    expect(useConfigSync.getState().saveError).not.toBeNull();
    full.mockRestore();
    clock = 5_000;
    await saveWorkingCopy(getStore, 'name: after', true, () => clock);
    expect(useConfigSync.getState().saveError).toBeNull();
    expect((await loadWorkingCopy(getStore)).working).toBe('name: after');
  });

  it('says the edit is kept nowhere when localStorage refuses as well', async () => {
    fillStorage();
    vi.stubGlobal('localStorage', {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {},
    });
    await saveWorkingCopy(getStore, 'name: lost', true, () => clock);
    expect(useConfigSync.getState().saveError).toMatch(/could not be saved anywhere.*lost if you reload/);
  });

  it('announces every save to the other tabs', async () => {
    // Another tab's listener: a second channel on the same name (a tab ignores its own id only).
    const other = new BroadcastChannel('event-studio.config');
    const got = new Promise<ConfigSavedMessage>((resolve) => other.addEventListener('message', (e) => resolve(e.data as ConfigSavedMessage), { once: true }));
    await saveWorkingCopy(getStore, 'name: shared', true, () => clock);
    const m = await got;
    other.close();
    expect(m).toMatchObject({ kind: 'config-saved', text: 'name: shared', savedAt: 1_000 });
    // This tab's own subscription does not hear its own save.
    const own = vi.fn();
    const dispose = onOtherTabConfigSaved(own);
    await saveWorkingCopy(getStore, 'name: again', true, () => clock);
    await new Promise((r) => setTimeout(r, 20));
    dispose();
    expect(own).not.toHaveBeenCalled();
  });
});
