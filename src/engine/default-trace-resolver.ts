// The trace settings a run uses per container: the config resolver's cascade
// (patterns, defaults, environments, the container's own event_tracing).
import type { TraceSettingsResolver } from './backtest-run';
import { ownSettingsResolver } from './backtest-run';

export const defaultTraceResolver: TraceSettingsResolver = ownSettingsResolver;
