// UI state of the strategy lab (zustand): which left-pane view is open (the YAML config
// or a strategy file), the saved strategies as last read, the one being edited, and
// where the editor should jump (a compile error, a run failure's line).
import { create } from 'zustand';
import type { SavedStrategy } from './strategy-store';

export type LeftPane = 'config' | 'strategy';

export interface StrategyLabState {
  pane: LeftPane;
  strategies: SavedStrategy[];
  loaded: boolean;
  /** Name of the strategy open in the editor. */
  selected: string | null;
  /** Editor text of the selected strategy (saved after a short pause). */
  draft: string;
  jump: { line: number; column: number; nonce: number } | null;
  /** A run failure located in a user strategy: shown above its editor. */
  failure: { strategy: string; line: number; message: string } | null;
  message: string | null;
  /** The built-in whose template "New from template" uses (kept while the pane is closed). */
  template: string;
  patch(p: Partial<StrategyLabState>): void;
}

export const useStrategyLab = create<StrategyLabState>()((set) => ({
  pane: 'config',
  strategies: [],
  loaded: false,
  selected: null,
  draft: '',
  jump: null,
  failure: null,
  message: null,
  template: 'ma_crossover',
  patch: (p) => set(p),
}));
