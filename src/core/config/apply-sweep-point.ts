// Applies one point of a parameter sweep — {'strategy_momentum_1.params.lookback': 30} —
// to a StudioConfig, returning a NEW config (inputs are never mutated; untouched parts
// are shared). Paths use the YAML's names: a container id, then snake_case keys, then
// the strategy's own param names under `params`.
import { didYouMean } from './did-you-mean';
import { camelToSnake, snakeToCamel } from './metric-names';
import { ConfigPathError } from './config-path-error';
import type { StudioConfig } from './studio-config';

export type SweepValue = number | string | boolean;

/** Top-level keys a sweep may address directly (e.g. execution.slippage_bps). */
const TOP_LEVEL_KEYS = ['initial_capital', 'execution', 'data'] as const;
/** Keys whose children are user-named (not converted to camelCase). */
const USER_RECORDS = new Set(['params', 'synthetic']);
const FROZEN_KEYS = new Set(['id', 'type']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function kind(v: unknown): string {
  return Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v;
}

function setIn(obj: Record<string, unknown>, segs: readonly string[], value: SweepValue, path: string, where: string, userRecord: boolean): Record<string, unknown> {
  const [seg, ...rest] = segs as [string, ...string[]];
  const key = userRecord ? seg : snakeToCamel(seg);
  if (!Object.prototype.hasOwnProperty.call(obj, key)) {
    const names = Object.keys(obj).map((k) => (userRecord ? k : camelToSnake(k)));
    const s = didYouMean(seg, names);
    throw new ConfigPathError(
      path,
      `sweep path "${path}": ${where} has no "${seg}"${s ? ` — did you mean "${s}"?` : ''}` +
        (userRecord ? ` (write ${seg} under ${where} in the config first, with its default value)` : ` (it has: ${names.join(', ') || 'nothing'})`),
    );
  }
  const current = obj[key];
  if (rest.length === 0) {
    if (FROZEN_KEYS.has(seg) && !userRecord) throw new ConfigPathError(path, `sweep path "${path}": a container's ${seg} cannot be swept`);
    if (kind(current) !== kind(value)) {
      throw new ConfigPathError(path, `sweep path "${path}" holds ${kind(current)} ${JSON.stringify(current)}, cannot set ${kind(value)} ${JSON.stringify(value)}`);
    }
    return { ...obj, [key]: value };
  }
  if (!isPlainObject(current)) throw new ConfigPathError(path, `sweep path "${path}": ${where}.${seg} is ${kind(current)}, not a mapping with keys`);
  return { ...obj, [key]: setIn(current, rest, value, path, `${where}.${seg}`, USER_RECORDS.has(seg) && !userRecord) };
}

function applyOne(config: StudioConfig, path: string, value: SweepValue): StudioConfig {
  const segs = path.split('.');
  if (segs.some((s) => s === '')) {
    throw new ConfigPathError(path, `sweep path "${path}" must be <container id>.<key>… (e.g. strategy_momentum_1.params.lookback) or a top-level key like execution.slippage_bps`);
  }
  const [first, ...rest] = segs as [string, ...string[]];
  const idx = config.containers.findIndex((c) => c.id === first);
  if (idx >= 0) {
    if (rest.length === 0) throw new ConfigPathError(path, `sweep path "${path}" names a whole container; add the key to set, e.g. ${first}.params.lookback`);
    const container = config.containers[idx]! as unknown as Record<string, unknown>;
    const updated = setIn(container, rest, value, path, `container "${first}"`, false) as unknown as StudioConfig['containers'][number];
    const containers = config.containers.slice();
    containers[idx] = updated;
    return { ...config, containers };
  }
  if ((TOP_LEVEL_KEYS as readonly string[]).includes(first)) {
    return setIn(config as unknown as Record<string, unknown>, segs, value, path, 'the config', false) as unknown as StudioConfig;
  }
  const s = didYouMean(first, [...config.containers.map((c) => c.id), ...TOP_LEVEL_KEYS]);
  throw new ConfigPathError(
    path,
    `sweep path "${path}": no container "${first}"${s ? ` — did you mean "${s}"?` : ''} (containers: ${config.containers.map((c) => c.id).join(', ') || 'none'}; top-level: ${TOP_LEVEL_KEYS.join(', ')})`,
  );
}

/**
 * A new StudioConfig with every `{dotted path: value}` applied. Throws ConfigPathError
 * naming the path when it does not exist or would change a value's type.
 */
export function applySweepPoint(config: StudioConfig, point: Readonly<Record<string, SweepValue>>): StudioConfig {
  let out = config;
  for (const [path, value] of Object.entries(point)) out = applyOne(out, path, value);
  return out;
}
