// The editor's second home: when IndexedDB refuses a save (quota, private mode) the text goes
// to localStorage WITH the time it was typed, and on load the newest copy wins wherever it was
// kept. Before, the backup had no time and was only read when IndexedDB failed to open, so an
// older IndexedDB copy silently replaced the edit on reload.
import type { EditorTexts } from './config-store';

export interface BackupSlot {
  text: string;
  savedAt: number;
}

export interface BackupTexts {
  working?: BackupSlot;
  lastGood?: BackupSlot;
}

const WORKING_KEY = 'event-studio.backup.working';
const LAST_GOOD_KEY = 'event-studio.backup.last-good';
/** Written by earlier builds: raw text, no time. Read as older than any dated copy. */
const LEGACY_WORKING_KEY = 'event-studio.working';
const LEGACY_LAST_GOOD_KEY = 'event-studio.last-valid';

/** The subset of Web Storage used (a Map-backed fake in tests). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class EditorTextBackup {
  private readonly storage: KeyValueStorage | null;

  constructor(storage: KeyValueStorage | null) {
    this.storage = storage;
  }

  /** False when localStorage refused too (the edit is then kept nowhere but in the page). */
  save(text: string, valid: boolean, savedAt: number): boolean {
    if (!this.storage) return false;
    try {
      this.storage.setItem(WORKING_KEY, JSON.stringify({ text, savedAt } satisfies BackupSlot));
      if (valid) this.storage.setItem(LAST_GOOD_KEY, JSON.stringify({ text, savedAt } satisfies BackupSlot));
      return true;
    } catch {
      return false;
    }
  }

  load(): BackupTexts {
    const working = this.read(WORKING_KEY, LEGACY_WORKING_KEY);
    const lastGood = this.read(LAST_GOOD_KEY, LEGACY_LAST_GOOD_KEY);
    return { ...(working ? { working } : {}), ...(lastGood ? { lastGood } : {}) };
  }

  /** Forgets the backup once IndexedDB holds something at least as new. */
  clear(): void {
    if (!this.storage) return;
    try {
      for (const k of [WORKING_KEY, LAST_GOOD_KEY, LEGACY_WORKING_KEY, LEGACY_LAST_GOOD_KEY]) this.storage.removeItem(k);
    } catch {
      // Nothing to clear when storage is unavailable.
    }
  }

  private read(key: string, legacyKey: string): BackupSlot | undefined {
    if (!this.storage) return undefined;
    try {
      const raw = this.storage.getItem(key);
      if (raw !== null) {
        const v = JSON.parse(raw) as Partial<BackupSlot>;
        if (typeof v.text === 'string' && typeof v.savedAt === 'number') return { text: v.text, savedAt: v.savedAt };
      }
      const legacy = this.storage.getItem(legacyKey);
      return legacy !== null ? { text: legacy, savedAt: 0 } : undefined;
    } catch {
      return undefined;
    }
  }
}

export interface NewestEditorTexts extends EditorTexts {
  /** Where the working text came from: 'backup' means IndexedDB held an older one (or none). */
  workingFrom?: 'db' | 'backup';
  lastGoodFrom?: 'db' | 'backup';
}

/** Per slot, the copy saved last; on a tie IndexedDB's (it is the primary store). */
export function newestEditorTexts(db: EditorTexts | null, backup: BackupTexts): NewestEditorTexts {
  const pick = (dbText: string | undefined, dbAt: number | undefined, b: BackupSlot | undefined) => {
    if (dbText !== undefined && (b === undefined || (dbAt ?? 0) >= b.savedAt)) return { text: dbText, at: dbAt, from: 'db' as const };
    return b ? { text: b.text, at: b.savedAt, from: 'backup' as const } : undefined;
  };
  const working = pick(db?.working, db?.workingSavedAt, backup.working);
  const lastGood = pick(db?.lastGood, db?.lastGoodSavedAt, backup.lastGood);
  return {
    ...(working ? { working: working.text, ...(working.at !== undefined ? { workingSavedAt: working.at } : {}), workingFrom: working.from } : {}),
    ...(lastGood ? { lastGood: lastGood.text, ...(lastGood.at !== undefined ? { lastGoodSavedAt: lastGood.at } : {}), lastGoodFrom: lastGood.from } : {}),
    workingIsLastGood: working !== undefined && lastGood !== undefined && working.text === lastGood.text,
  };
}
