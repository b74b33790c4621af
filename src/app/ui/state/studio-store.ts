// UI state of the studio (zustand): what is selected, shown and running. Heavy
// work (parsing aside) happens in workers; results land here only to be drawn.
import { create } from 'zustand';
import type { BacktestResult } from '../../../engine/backtest-result';
import type { ChartDataset } from '../../data/chart-bars';
import type { ConfigError } from '../../../core/config/studio-config';
import type { PoolProgress, SweepView, TabId, WalkForwardView } from './studio-types';

export type Theme = 'dark' | 'light';
export type RunStatus = 'idle' | 'running' | 'sweeping' | 'walking';
export type TraceStatus = 'idle' | 'loading' | 'ready' | 'error';

const THEME_KEY = 'event-studio.theme';
const WORKERS_KEY = 'event-studio.workers';

/** The worker count the user picked (null: the default, one per core but one). */
function initialPoolSize(): number | null {
  try {
    const saved = Number(localStorage.getItem(WORKERS_KEY));
    if (Number.isInteger(saved) && saved >= 1 && saved <= 64) return saved;
  } catch {
    // Unavailable storage: the default.
  }
  return null;
}

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'dark' || saved === 'light') return saved;
  } catch {
    // Storage may be unavailable (private mode): fall back to the OS preference.
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export interface StudioState {
  theme: Theme;
  /** Workers for runs and sweeps (null: the default); persisted. The pool is rebuilt when it changes. */
  poolSize: number | null;
  tab: TabId;
  datasetId: string;
  configText: string;
  parseErrors: ConfigError[];
  /** The last text that parsed: what Run uses when the editor holds errors. */
  lastValidText: string | null;
  status: RunStatus;
  progress: PoolProgress | null;
  runError: string | null;
  result: BacktestResult | null;
  /** The result's bars as the price chart draws them (a big dataset's series thinned to candles: see chart-bars.ts). */
  dataset: ChartDataset | null;
  /**
   * Why the shown result no longer matches what the user asked for (a run that failed, data
   * switched and not run yet); null while it is current. The results pane says so, with Run.
   */
  staleReason: string | null;
  /** Text the shown result was run with (share links, sweeps, history). */
  resultConfigText: string | null;
  /** Sweep-point parameters the shown result was run with, if any. */
  resultParams: Record<string, number | string | boolean> | null;
  /** When the page started loading → first metrics shown (time to first result). */
  firstResultMs: number | null;
  /** Which portfolio container the views show. */
  containerId: string | null;
  /** The same run re-executed with full tracing, for chains and the inspector. */
  fullTrace: BacktestResult | null;
  traceStatus: TraceStatus;
  selectedTradeId: string | null;
  selectedSequence: number | null;
  sweep: SweepView | null;
  heatmapX: string | null;
  heatmapY: string | null;
  /** The sweep's ranking as the user re-chose it (null: the config's objective and direction). */
  sweepRank: { objective: string; direction: 'maximize' | 'minimize' } | null;
  /** Extra metric columns (snapshot keys) shown in the ranked table. */
  sweepColumns: string[];
  /** The last walk-forward validation (in progress or done). */
  walkForward: WalkForwardView | null;
  /** Bumped when run history changes, so the Runs tab re-reads storage. */
  historyVersion: number;
  /** Runs ticked for the equity comparison (kept while switching tabs). */
  compareRunIds: string[];
  /** A request to move the editor's cursor (clicking an error); nonce makes repeats fire. */
  editorJump: { line: number; column: number; nonce: number } | null;
  /** Correlation id the event inspector opens filtered on (from a trade's chain). */
  eventsCorrelation: string | null;
  notice: string | null;

  setTheme(t: Theme): void;
  setPoolSize(size: number | null): void;
  setTab(t: TabId): void;
  setDatasetId(id: string): void;
  setConfigText(text: string): void;
  setParseResult(errors: ConfigError[], validText: string | null): void;
  patch(p: Partial<StudioState>): void;
  selectTrade(id: string | null, openChain?: boolean): void;
}

export const useStudioStore = create<StudioState>()((set) => ({
  theme: initialTheme(),
  poolSize: initialPoolSize(),
  tab: 'overview',
  datasetId: 'sp500',
  configText: '',
  parseErrors: [],
  lastValidText: null,
  status: 'idle',
  progress: null,
  runError: null,
  result: null,
  dataset: null,
  staleReason: null,
  resultConfigText: null,
  resultParams: null,
  firstResultMs: null,
  containerId: null,
  fullTrace: null,
  traceStatus: 'idle',
  selectedTradeId: null,
  selectedSequence: null,
  sweep: null,
  heatmapX: null,
  heatmapY: null,
  sweepRank: null,
  sweepColumns: [],
  walkForward: null,
  historyVersion: 0,
  compareRunIds: [],
  editorJump: null,
  eventsCorrelation: null,
  notice: null,

  setTheme: (theme) => {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // Not persisted, still applied.
    }
    set({ theme });
  },
  setPoolSize: (poolSize) => {
    try {
      if (poolSize === null) localStorage.removeItem(WORKERS_KEY);
      else localStorage.setItem(WORKERS_KEY, String(poolSize));
    } catch {
      // Not persisted, still applied.
    }
    set({ poolSize });
  },
  setTab: (tab) => set({ tab }),
  setDatasetId: (datasetId) => set({ datasetId }),
  setConfigText: (configText) => set({ configText }),
  setParseResult: (parseErrors, validText) =>
    set((s) => ({ parseErrors, lastValidText: validText ?? s.lastValidText })),
  patch: (p) => set(p),
  selectTrade: (id, openChain = false) =>
    set((s) => ({ selectedTradeId: id, tab: openChain && id ? 'chain' : s.tab })),
}));
