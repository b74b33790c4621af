// Saving and loading the editor's working text with nothing lost: IndexedDB first, a dated
// localStorage backup when IndexedDB refuses (the failure is shown in the studio), the newest
// copy on load wherever it was kept, and every save announced to the other tabs.
import type { ConfigStore, EditorTexts } from '../../storage/config-store';
import { EditorTextBackup, newestEditorTexts, type KeyValueStorage, type NewestEditorTexts } from '../../storage/editor-text-backup';
import { isQuotaError } from '../../storage/storage-quota-error';
import { announceConfigSaved } from './config-sync-channel';
import { useConfigSync } from './config-sync-state';

function localStore(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function describeSaveFailure(error: unknown, keptInBackup: boolean): string {
  const why = isQuotaError(error) ? 'browser storage is full' : `the browser refused it (${error instanceof Error ? error.message : String(error)})`;
  return keptInBackup
    ? `Your last config edit was not saved to the studio's database: ${why}. A copy is kept in this browser's local storage and comes back after a reload. Free space by deleting old runs or datasets.`
    : `Your last config edit could not be saved anywhere: ${why}. It is lost if you reload or close this tab — copy the config somewhere safe, or free space by deleting old runs or datasets.`;
}

/** Saves the editor text; a failure is reported in the studio, never thrown. */
export async function saveWorkingCopy(store: () => Promise<ConfigStore>, text: string, valid: boolean, now: () => number = Date.now): Promise<void> {
  const backup = new EditorTextBackup(localStore());
  let savedAt: number;
  try {
    ({ savedAt } = await (await store()).saveEditorText(text, valid));
    // IndexedDB now holds the newest copy: an older backup must not win later.
    backup.clear();
    if (useConfigSync.getState().saveError) useConfigSync.setState({ saveError: null });
  } catch (error) {
    savedAt = now();
    const kept = backup.save(text, valid, savedAt);
    useConfigSync.setState({ saveError: describeSaveFailure(error, kept) });
  }
  announceConfigSaved(text, savedAt);
}

/** The newest working and last-good texts, from IndexedDB or the backup, whichever was saved last. */
export async function loadWorkingCopy(store: () => Promise<ConfigStore>): Promise<NewestEditorTexts> {
  const backup = new EditorTextBackup(localStore());
  let db: EditorTexts | null = null;
  let configs: ConfigStore | null = null;
  try {
    configs = await store();
    db = await configs.loadEditorTexts();
  } catch {
    // IndexedDB unavailable: the backup is all there is.
  }
  const saved = backup.load();
  const newest = newestEditorTexts(db, saved);
  // A backup copy won: put it back into IndexedDB (with its own time) when there is room again.
  if (configs && (newest.workingFrom === 'backup' || newest.lastGoodFrom === 'backup')) {
    try {
      // Last good first (saving a valid text also sets the working one), then the working text.
      if (newest.lastGoodFrom === 'backup' && newest.lastGood !== undefined) await configs.saveEditorText(newest.lastGood, true, { at: newest.lastGoodSavedAt });
      if (newest.working !== undefined && newest.working !== newest.lastGood) await configs.saveEditorText(newest.working, false, { at: newest.workingSavedAt });
      else if (newest.working !== undefined && newest.lastGoodFrom !== 'backup') await configs.saveEditorText(newest.working, true, { at: newest.workingSavedAt });
      backup.clear();
    } catch {
      // Still full: the backup stays the newest copy.
    }
  }
  return newest;
}
