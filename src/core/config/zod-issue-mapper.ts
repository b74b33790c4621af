// Turns zod issues into ConfigErrors a person can act on: the source line/column of the
// offending key or value, a plain-words message naming what was expected and what was
// written, "did you mean …?" for unknown keys and enum values, and union errors reduced
// to the branch the user evidently meant (by the shape of what they wrote).
import type { z } from 'zod';
import { suggestionSuffix } from './did-you-mean';
import type { ConfigError } from './studio-config';
import type { YamlSource } from './yaml-source';
import { formatPath } from './yaml-source';

type Issue = z.core.$ZodIssue;

interface LooseDef {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  valueType?: unknown;
  options?: readonly unknown[];
  innerType?: unknown;
  in?: unknown;
}

function defOf(schema: unknown): LooseDef | undefined {
  if (schema && typeof schema === 'object' && '_zod' in schema) {
    const z = (schema as { _zod: { def: LooseDef } })._zod;
    return z.def;
  }
  return undefined;
}

/** The schema with wrappers removed and unions flattened into their options. */
function unwrap(schema: unknown, depth = 0): unknown[] {
  const d = defOf(schema);
  if (!d || depth > 20) return [];
  switch (d.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return unwrap(d.innerType, depth + 1);
    case 'pipe':
      return unwrap(d.in, depth + 1);
    case 'union':
      return (d.options ?? []).flatMap((o) => unwrap(o, depth + 1));
    default:
      return [schema];
  }
}

function childSchemas(schema: unknown, seg: PropertyKey): unknown[] {
  const d = defOf(schema);
  if (!d) return [];
  if (d.type === 'object' && d.shape && typeof seg === 'string' && seg in d.shape) return [d.shape[seg]];
  if (d.type === 'array' && typeof seg === 'number') return [d.element];
  if (d.type === 'record' && typeof seg === 'string') return [d.valueType];
  return [];
}

/** Keys the schema allows for the object at `path` (all union options merged). */
export function allowedKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown[] = unwrap(root);
  for (const seg of path) current = current.flatMap((s) => childSchemas(s, seg)).flatMap((s) => unwrap(s));
  const keys = new Set<string>();
  for (const s of current) {
    const d = defOf(s);
    if (d?.type === 'object' && d.shape) for (const k of Object.keys(d.shape)) keys.add(k);
  }
  return [...keys];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'a list';
  return 'a mapping';
}

const KIND_WORDS: Record<string, string> = {
  object: 'a mapping (key: value lines)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'a mapping',
};

function expectedWords(issue: Issue): string {
  if (issue.code === 'invalid_type') return KIND_WORDS[issue.expected] ?? issue.expected;
  if (issue.code === 'invalid_value') {
    const vals = issue.values.map((v) => (typeof v === 'string' ? v : String(v)));
    return vals.length === 1 ? `"${vals[0]}"` : `one of ${vals.join(', ')}`;
  }
  return issue.message;
}

function isRootMismatch(issues: readonly Issue[]): boolean {
  return issues.length > 0 && issues.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value'));
}

function lastKey(path: readonly PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return undefined;
}

function withKey(path: readonly PropertyKey[], message: string): string {
  const k = lastKey(path);
  return k === undefined ? message : `${k}: ${message}`;
}

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
    case 'set':
      return small ? `needs at least ${bound} item${bound === 1 ? '' : 's'}` : `holds at most ${bound} items`;
    case 'string':
      return small ? (bound === 1 ? 'must not be empty' : `needs at least ${bound} characters`) : `is longer than ${bound} characters`;
    default:
      if (small) return inclusive ? `must be ≥ ${bound}` : `must be > ${bound}`;
      return inclusive ? `must be ≤ ${bound}` : `must be < ${bound}`;
  }
}

/** Map zod issues (paths relative to `base`) to ConfigErrors. */
export function mapZodIssues(
  issues: readonly Issue[],
  root: z.ZodType,
  source: YamlSource,
  data: unknown,
  base: readonly PropertyKey[] = [],
): ConfigError[] {
  const out: ConfigError[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const value = valueAt(data, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(root, path);
        for (const key of issue.keys) {
          const kp = [...path, key];
          let msg = `unknown key "${key}"${suggestionSuffix(key, allowed)}`;
          if (path.length === 0 && key === 'event_tracing') {
            msg =
              'unknown key "event_tracing" at the top level — event_tracing is a container\'s own block: put it under a container in containers: (- id: … type: … event_tracing: …), use trace_settings: for the whole study, or parse this block with parseEventTracingBlock';
          } else if (allowed.length > 0 && !msg.includes('did you mean')) {
            msg += ` (allowed here: ${allowed.join(', ')})`;
          }
          out.push(source.error(kp, msg, { key: true }));
        }
        break;
      }
      case 'invalid_type': {
        if (value === undefined) {
          const k = lastKey(path) ?? 'value';
          const parent = path.slice(0, -1);
          const pos = source.position(parent, { key: true });
          out.push({ message: `missing required key "${k}" (${KIND_WORDS[issue.expected] ?? issue.expected})`, line: pos.line, column: pos.column, path: formatPath(path) });
        } else {
          let msg = `expected ${expectedWords(issue)}, got ${describeValue(value)}`;
          if (value === null) msg += ' — write a value after the colon, or remove the key';
          if (issue.expected === 'boolean' && typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)) msg += ' — YAML 1.2 reads this as text: write true or false';
          if (issue.expected === 'number' && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) msg += ' — remove the quotes to make it a number';
          out.push(source.error(path, withKey(path, msg)));
        }
        break;
      }
      case 'invalid_value': {
        const vals = issue.values.map((v) => String(v));
        const hint = typeof value === 'string' ? suggestionSuffix(value, vals) : '';
        out.push(source.error(path, withKey(path, `expected ${expectedWords(issue)}, got ${describeValue(value)}${hint}`)));
        break;
      }
      case 'too_small':
      case 'too_big':
        out.push(source.error(path, withKey(path, `${sizeMessage(issue)}, got ${describeValue(value)}`)));
        break;
      case 'invalid_union': {
        const disc = issue as Issue & { note?: string; discriminator?: string; options?: readonly unknown[] };
        if (disc.note === 'No matching discriminator') {
          const opts = (disc.options ?? []).map(String);
          const dpath = disc.discriminator && lastKey(path) !== disc.discriminator ? [...path, disc.discriminator] : path;
          const dval = valueAt(data, dpath);
          if (dval === undefined) {
            const pos = source.position(dpath.slice(0, -1), { key: true });
            out.push({ message: `missing required key "${lastKey(dpath)}": one of ${opts.join(', ')}`, line: pos.line, column: pos.column, path: formatPath(dpath) });
          } else {
            const hint = typeof dval === 'string' ? suggestionSuffix(dval, opts) : '';
            out.push(source.error(dpath, withKey(dpath, `expected one of ${opts.join(', ')}, got ${describeValue(dval)}${hint}`)));
          }
          break;
        }
        const branches = issue.errors.filter((b) => !isRootMismatch(b));
        if (branches.length > 0) {
          const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
          out.push(...mapZodIssues(best, root, source, data, path));
        } else {
          const alts = [...new Set(issue.errors.flatMap((b) => b.map(expectedWords)))];
          const enumVals = issue.errors.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_value' ? i.values.map(String) : [])));
          const hint = typeof value === 'string' ? suggestionSuffix(value, enumVals) : '';
          out.push(source.error(path, withKey(path, `expected ${alts.join(' or ')}, got ${describeValue(value)}${hint}`)));
        }
        break;
      }
      default:
        out.push(source.error(path, withKey(path, issue.message)));
    }
  }
  return out;
}
