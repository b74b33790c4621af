// What the share flow shows (zustand): a refused or damaged link (kept until the user
// dismisses it), a link's strategy code waiting for the user's consent, and a study too big
// for a link (with the run zip that carries it instead).
import { create } from 'zustand';
import type { SharedStudio } from './share-link';

export type ConsentChoice = 'run' | 'decline';

export interface ShareState {
  /** A link that was not opened, and why (damaged, or too large): shown until dismissed. */
  problem: { kind: 'damaged' | 'too-large' | 'data'; message: string } | null;
  /** A link whose config runs code someone else wrote: nothing runs until the user answers. */
  consent: { shared: SharedStudio; strategyNames: string[]; answer(choice: ConsentChoice): void } | null;
  /** The study does not fit in a link (its data is too big): the dialog offers a run zip. */
  tooLong: { message: string } | null;
  patch(p: Partial<ShareState>): void;
}

export const useShareStore = create<ShareState>()((set) => ({
  problem: null,
  consent: null,
  tooLong: null,
  patch: (p) => set(p),
}));

/** Shows the consent question and resolves with the user's answer. */
export function askToRunSharedCode(shared: SharedStudio, strategyNames: string[]): Promise<ConsentChoice> {
  return new Promise((resolve) => {
    useShareStore.setState({
      consent: {
        shared,
        strategyNames,
        answer: (choice) => {
          useShareStore.setState({ consent: null });
          resolve(choice);
        },
      },
    });
  });
}
