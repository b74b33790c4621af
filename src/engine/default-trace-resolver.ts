// The trace settings a run uses per container: the config resolver's cascade
// (defaults, patterns, environments, the container's own event_tracing).
import { resolveTraceSettings } from '../core/config/resolve-trace-settings';
import type { TraceSettingsResolver } from './backtest-run';

export const defaultTraceResolver: TraceSettingsResolver = (config, containerId, environment) =>
  resolveTraceSettings(config, containerId, environment === undefined ? {} : { environment });
