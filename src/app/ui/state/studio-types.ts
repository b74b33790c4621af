// The shapes the studio UI consumes from the worker pool and storage, written
// structurally so the views depend on what they draw, not on a module's internals.
import type { MetricsSnapshot } from '../../../core/metrics-snapshot';

export interface PoolProgress {
  done: number;
  total: number;
  failed: number;
  eventsPerSecond: number;
  etaMs: number;
}

export type SweepParamValue = number | string | boolean;

export interface SweepPointView {
  index: number;
  params: Record<string, SweepParamValue>;
  metrics?: MetricsSnapshot;
  error?: string;
  /** The YAML of this grid point, when the pool reports it. */
  configText?: string;
}

export interface SweepView {
  objective: string;
  direction: 'maximize' | 'minimize';
  parameterPaths: string[];
  points: SweepPointView[];
  total: number;
  cancelled: boolean;
}

export type TabId = 'overview' | 'trades' | 'chain' | 'events' | 'containers' | 'sweep' | 'runs';

export const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'trades', label: 'Trades' },
  { id: 'chain', label: 'Chain' },
  { id: 'events', label: 'Events' },
  { id: 'containers', label: 'Containers' },
  { id: 'sweep', label: 'Sweep' },
  { id: 'runs', label: 'Runs' },
];
