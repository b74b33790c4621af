// What the engine checks before a run, checked as the user types: each strategy container's
// name (with a did-you-mean) and each of its params (type, range, allowed values, unknown
// keys), each swept value of a strategy param, all through the strategy definitions the
// engine itself validates with, so the editor and the engine cannot disagree. Every error
// points at the offending YAML line: a param at its own key, a swept value at that value.
import type { ConfigError, StudioConfig } from '../../../core/config/studio-config';
import { formatPath, YamlSource } from '../../../core/config/yaml-source';
import { ConfigBuilder } from '../../../core/config/build-studio-config';
import { studioConfigSchema } from '../../../core/config/config-schema';
import { StrategyParamError } from '../../../engine/strategies/strategy-param-error';
import { parseStrategyParams } from '../../../engine/strategies/parse-strategy-params';
import type { ParamSpec } from '../../../engine/strategy';

/** How a strategy validates its params (a built-in's or a user strategy's definition). */
export interface StrategyParamsCheck {
  kind: string;
  /** The params the strategy defines (types, ranges, allowed values). */
  params: readonly ParamSpec[];
  /** Throws (StrategyParamError naming the param, ideally) when the params cannot run. */
  parseParams(raw: Record<string, unknown>): unknown;
}

/** A strategy name's definition, or why it has none (unknown name, does not compile); null: cannot tell yet. */
export type StrategyLookup = (kind: string) => StrategyParamsCheck | { error: string } | null;

type Path = readonly (string | number)[];

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function paramOf(e: unknown): string | null {
  return e instanceof StrategyParamError && e.param !== '(params)' ? e.param : null;
}

/**
 * The containers of a text the config parser refused because of its sweep (a swept path that
 * cannot hold the base value, `lookback: abc` under a numeric sweep): built again without the
 * optimization block, so the param's own line can be named. Null when the rest is invalid too.
 */
function configWithoutSweep(source: YamlSource, value: unknown): StudioConfig | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const rest: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  delete rest.optimization;
  const shaped = studioConfigSchema.safeParse(rest);
  return shaped.success ? new ConfigBuilder(source).build(shaped.data).config : null;
}

/**
 * Errors the engine would raise for the strategies of `config` (null: the parser refused the
 * text, and the containers are read again without the sweep), each at its line in `text`.
 */
export function strategyConfigErrors(text: string, parsedConfig: StudioConfig | null, lookup: StrategyLookup): ConfigError[] {
  const parsed = YamlSource.parse(text);
  if (!parsed.ok) return [];
  const source = parsed.source;
  const config = parsedConfig ?? configWithoutSweep(source, parsed.value);
  if (!config) return [];
  const errors: ConfigError[] = [];
  const at = (path: Path, message: string, key = false) => {
    const p = source.position(path, { key });
    errors.push({ message, line: p.line, column: p.column, path: formatPath(path) });
  };
  const defs = new Map<string, StrategyParamsCheck>();
  config.containers.forEach((c, i) => {
    if (c.type !== 'strategy') return;
    const base: Path = ['containers', i];
    const def = lookup(c.strategy);
    if (def === null) return;
    if ('error' in def) {
      at([...base, 'strategy'], def.error);
      return;
    }
    defs.set(c.id, def);
    const raw = c.params;
    // One key at a time against its own spec, so every bad param is reported at its own line.
    let bad = false;
    for (const key of Object.keys(raw)) {
      try {
        parseStrategyParams(def.kind, def.params, { [key]: raw[key] });
      } catch (e) {
        bad = true;
        at([...base, 'params', key], messageOf(e), paramOf(e) === null || !def.params.some((p) => p.name === paramOf(e)));
      }
    }
    if (bad) return;
    // Then together: constraints between params (ma_crossover's fast < slow).
    try {
      def.parseParams(raw);
    } catch (e) {
      const named = paramOf(e);
      const key = named && Object.keys(raw).find((k) => k === named);
      at(key ? [...base, 'params', key] : [...base, Object.keys(raw).length ? 'params' : 'strategy'], messageOf(e), !key);
    }
  });
  const opt = config.optimization;
  if (!opt) return errors;
  const sweeps: { path: Path; params: readonly { path: string; values: readonly unknown[] }[] }[] = [
    { path: ['optimization', 'parameters'], params: opt.parameters },
    ...(opt.phases ?? []).map((ph, k) => ({ path: ['optimization', 'phases', k, 'parameters'] as Path, params: ph.parameters ?? [] })),
  ];
  for (const sweep of sweeps) {
    for (const p of sweep.params) {
      const [id, section, key, ...rest] = p.path.split('.');
      const container = config.containers.find((c) => c.id === id);
      const def = id !== undefined ? defs.get(id) : undefined;
      if (!def || container?.type !== 'strategy' || section !== 'params' || key === undefined || rest.length) continue;
      const written = source.position([...sweep.path, p.path]);
      // Each value against the param's spec alone: combinations that break a rule between params
      // (fast >= slow) are skipped by the sweep with their reason, not refused up front.
      p.values.forEach((v, j) => {
        try {
          parseStrategyParams(def.kind, def.params, { [key]: v });
        } catch (e) {
          // A list's own item; a {from, to, step} range has no item to point at: its key.
          const item = source.position([...sweep.path, p.path, j]);
          const path = [...sweep.path, p.path, ...(item.line === written.line && item.column === written.column ? [] : [j])];
          at(path, `swept value ${JSON.stringify(v)}: ${messageOf(e)}`);
        }
      });
    }
  }
  return errors;
}
