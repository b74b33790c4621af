// What the studio must tell the user about its config copy: a save that failed (and where the
// edit is kept instead), and another tab's save that differs from this tab's text.
import { create } from 'zustand';

export interface OtherTabEdit {
  text: string;
  savedAt: number;
}

export interface ConfigSyncState {
  /** Set while the last save of the editor text failed; cleared by the next one that works. */
  saveError: string | null;
  /** Another tab saved a different config: shown until this tab loads it or keeps its own. */
  conflict: OtherTabEdit | null;
}

export const useConfigSync = create<ConfigSyncState>()(() => ({ saveError: null, conflict: null }));
