// dynamic_rules (CONTRACT §6) read a container's metrics (`metrics.total_pnl > 0`), which
// exist only once a run is over. So a run is judged afterwards: when a rule changes a
// container's tracing, the run — deterministic — is repeated with the changed settings,
// giving the same trades with the tracing the rule asked for (e.g. full events to disk).
import { resolveTraceSettings } from '../core/config/resolve-trace-settings';
import type { StudioConfig } from '../core/config/studio-config';
import type { MetricsSnapshot } from '../core/metrics-snapshot';
import type { TraceSettings } from '../core/trace-settings';
import type { BacktestResult, RunBacktestOptions } from './backtest-result';
import type { TraceSettingsResolver } from './backtest-run';

export interface DynamicRulePass {
  /** Resolves every container as before, plus the dynamic rules of `changed` against its final metrics. */
  resolve: TraceSettingsResolver;
  /** Containers whose tracing a rule changed. */
  changed: string[];
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sameSettings(a: TraceSettings, b: TraceSettings): boolean {
  return canonical(a) === canonical(b);
}

/** The second pass a finished run needs for its dynamic rules, or undefined when no rule changes anything. */
export function dynamicRulePass(config: StudioConfig, first: BacktestResult, options: RunBacktestOptions): DynamicRulePass | undefined {
  const environment = options.environment ?? config.environment;
  const env = environment === undefined ? {} : { environment };
  const metricsById = new Map<string, MetricsSnapshot>();
  for (const id of first.containerIds) {
    const c = first.containers[id];
    if (c.metrics === undefined) continue;
    const withRules: TraceSettings = { ...resolveTraceSettings(config, id, { ...env, metrics: c.metrics }), ...options.traceOverride };
    if (!sameSettings(withRules, c.traceSettings)) metricsById.set(id, c.metrics);
  }
  if (metricsById.size === 0) return undefined;
  return {
    changed: [...metricsById.keys()],
    resolve: (cfg, id, environmentName) => {
      const metrics = metricsById.get(id);
      return resolveTraceSettings(cfg, id, {
        ...(environmentName === undefined ? {} : { environment: environmentName }),
        ...(metrics === undefined ? {} : { metrics }),
      });
    },
  };
}

export function dynamicRuleNote(pass: DynamicRulePass): string {
  return `dynamic_rules changed the tracing of ${pass.changed.join(', ')} from the run's metrics; the run was repeated with those settings (same trades).`;
}
