import { describe, expect, it } from 'vitest';
import { EditorTextBackup, newestEditorTexts, type KeyValueStorage } from './editor-text-backup';

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('EditorTextBackup', () => {
  it('keeps the text with the time it was saved, and forgets it on clear', () => {
    const storage = memoryStorage();
    const backup = new EditorTextBackup(storage);
    expect(backup.save('name: a', true, 5_000)).toBe(true);
    expect(backup.save('name: [', false, 6_000)).toBe(true);
    expect(backup.load()).toEqual({ working: { text: 'name: [', savedAt: 6_000 }, lastGood: { text: 'name: a', savedAt: 5_000 } });
    backup.clear();
    expect(backup.load()).toEqual({});
  });

  it('says so when localStorage refuses too', () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    expect(new EditorTextBackup(storage).save('x', true, 1)).toBe(false);
    expect(new EditorTextBackup(null).save('x', true, 1)).toBe(false);
  });

  it('reads an earlier build’s undated copy as older than any dated one', () => {
    const storage = memoryStorage();
    storage.setItem('event-studio.working', 'legacy');
    expect(new EditorTextBackup(storage).load()).toEqual({ working: { text: 'legacy', savedAt: 0 } });
  });
});

describe('newestEditorTexts', () => {
  const db = { working: 'db edit', workingSavedAt: 2_000, lastGood: 'db good', lastGoodSavedAt: 1_000, workingIsLastGood: false };

  it('takes the backup when it was saved after the IndexedDB copy (the edit made while storage was full)', () => {
    const out = newestEditorTexts(db, { working: { text: 'newer edit', savedAt: 3_000 }, lastGood: { text: 'newer edit', savedAt: 3_000 } });
    expect(out).toMatchObject({ working: 'newer edit', workingSavedAt: 3_000, workingFrom: 'backup', lastGood: 'newer edit', lastGoodFrom: 'backup', workingIsLastGood: true });
  });

  it('keeps IndexedDB’s copy when the backup is older, slot by slot', () => {
    const out = newestEditorTexts(db, { working: { text: 'old edit', savedAt: 1_500 }, lastGood: { text: 'later good', savedAt: 1_800 } });
    expect(out).toMatchObject({ working: 'db edit', workingFrom: 'db', lastGood: 'later good', lastGoodFrom: 'backup' });
  });

  it('uses whichever copy exists', () => {
    expect(newestEditorTexts(null, { working: { text: 'only backup', savedAt: 1 } })).toMatchObject({ working: 'only backup', workingFrom: 'backup' });
    expect(newestEditorTexts(db, {})).toMatchObject({ working: 'db edit', workingFrom: 'db' });
    expect(newestEditorTexts(null, {})).toEqual({ workingIsLastGood: false });
  });
});
