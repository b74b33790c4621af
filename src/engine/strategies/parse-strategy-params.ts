// Validates raw strategy params (as written in YAML, or strings from a CLI/UI) against
// their ParamSpecs: fills defaults, coerces numeric/boolean strings, checks ranges and
// allowed values, and rejects unknown keys with a "did you mean" — so a typo never
// silently runs with a default.
import type { ParamSpec } from '../strategy';
import { closestName } from './closest-name';
import { StrategyParamError } from './strategy-param-error';

export type ParamValue = number | boolean | string;

/** 'allowShort' and 'allow-short' find 'allow_short'. */
function normalize(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

export function parseStrategyParams(kind: string, specs: readonly ParamSpec[], raw: unknown): Record<string, ParamValue> {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new StrategyParamError(kind, '(params)', `must be a mapping of param names to values, got ${Array.isArray(raw) ? 'a list' : typeof raw}.`);
  }
  const byName = new Map(specs.map((s) => [normalize(s.name), s]));
  const given = new Map<string, unknown>();
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const spec = byName.get(normalize(key));
    if (!spec) {
      const hint = closestName(key, specs.map((s) => s.name));
      const known = specs.length > 0 ? `known params: ${specs.map((s) => s.name).join(', ')}` : 'it takes no params';
      throw new StrategyParamError(kind, key, `is unknown${hint ? ` — did you mean '${hint}'?` : ''} (${known}).`);
    }
    if (given.has(spec.name)) throw new StrategyParamError(kind, key, `is given twice (as '${key}' and another spelling of '${spec.name}').`);
    given.set(spec.name, value);
  }
  const out: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const value = given.get(spec.name);
    out[spec.name] = value === undefined || value === null ? spec.default : coerce(kind, spec, value);
  }
  return out;
}

function range(spec: ParamSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` in [${spec.min}, ${spec.max}]`;
  if (spec.min !== undefined) return ` ≥ ${spec.min}`;
  if (spec.max !== undefined) return ` ≤ ${spec.max}`;
  return '';
}

function coerce(kind: string, spec: ParamSpec, value: unknown): ParamValue {
  const got = `got ${JSON.stringify(value)}`;
  switch (spec.type) {
    case 'integer':
    case 'number': {
      let n = value;
      if (typeof n === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(n)) n = Number(n);
      const ok = typeof n === 'number' && Number.isFinite(n) && (spec.type === 'number' || Number.isInteger(n));
      if (!ok || (spec.min !== undefined && (n as number) < spec.min) || (spec.max !== undefined && (n as number) > spec.max)) {
        throw new StrategyParamError(kind, spec.name, `must be ${spec.type === 'integer' ? 'an integer' : 'a number'}${range(spec)}, ${got}.`);
      }
      return n as number;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      throw new StrategyParamError(kind, spec.name, `must be true or false, ${got}.`);
    case 'string': {
      if (typeof value !== 'string') throw new StrategyParamError(kind, spec.name, `must be a string, ${got}.`);
      if (spec.options && !spec.options.includes(value)) {
        const hint = closestName(value, spec.options);
        throw new StrategyParamError(kind, spec.name, `must be one of ${spec.options.map((o) => `'${o}'`).join(', ')}, ${got}${hint ? ` — did you mean '${hint}'?` : ''}.`);
      }
      return value;
    }
  }
}
