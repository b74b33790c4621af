// Walks a JSON Schema by a YAML key path (from yamlPathAt) to offer completions
// and hover docs. Follows $ref, anyOf/oneOf/allOf, patternProperties and items.
import type { PathSegment } from './yaml-path-at';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: readonly unknown[];
  const?: unknown;
  default?: unknown;
  examples?: readonly unknown[];
  definitions?: Record<string, JsonSchema>;
  $defs?: Record<string, JsonSchema>;
}

export interface KeySuggestion {
  key: string;
  description?: string;
  type?: string;
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node && typeof node === 'object' && key in node) node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node as JsonSchema;
}

/** The schema and every branch it unions, with $refs followed (cycle-safe). */
function expand(root: JsonSchema, schema: JsonSchema, seen = new Set<JsonSchema>()): JsonSchema[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const out: JsonSchema[] = [schema];
  if (schema.$ref) {
    const r = resolveRef(root, schema.$ref);
    if (r) out.push(...expand(root, r, seen));
  }
  for (const group of [schema.anyOf, schema.oneOf, schema.allOf]) {
    for (const s of group ?? []) out.push(...expand(root, s, seen));
  }
  return out;
}

function child(root: JsonSchema, schema: JsonSchema, seg: PathSegment): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const s of expand(root, schema)) {
    if (typeof seg === 'string') {
      const p = s.properties?.[seg];
      if (p) out.push(p);
      for (const [pattern, ps] of Object.entries(s.patternProperties ?? {})) {
        try {
          if (new RegExp(pattern).test(seg)) out.push(ps);
        } catch {
          // A pattern JS cannot compile just offers nothing.
        }
      }
      if (!p && typeof s.additionalProperties === 'object') out.push(s.additionalProperties);
    } else if (s.items) {
      out.push(...(Array.isArray(s.items) ? s.items : [s.items]));
    }
  }
  return out;
}

/** Every schema the path can land on (a union when branches disagree). */
export function schemasAt(root: JsonSchema, path: readonly PathSegment[]): JsonSchema[] {
  let current: JsonSchema[] = [root];
  for (const seg of path) {
    current = current.flatMap((s) => child(root, s, seg));
    if (!current.length) break;
  }
  return current.flatMap((s) => expand(root, s));
}

function typeName(s: JsonSchema): string | undefined {
  return Array.isArray(s.type) ? s.type.join(' | ') : s.type;
}

export function keySuggestions(root: JsonSchema, path: readonly PathSegment[]): KeySuggestion[] {
  const byKey = new Map<string, KeySuggestion>();
  for (const s of schemasAt(root, path)) {
    for (const [key, ps] of Object.entries(s.properties ?? {})) {
      if (byKey.has(key)) continue;
      const info = expand(root, ps);
      const description = info.map((x) => x.description).find(Boolean);
      const type = info.map(typeName).find(Boolean);
      byKey.set(key, { key, description, type });
    }
  }
  return [...byKey.values()];
}

export function valueSuggestions(root: JsonSchema, path: readonly PathSegment[]): { value: string; description?: string }[] {
  const out = new Map<string, string | undefined>();
  for (const s of schemasAt(root, path)) {
    for (const v of s.enum ?? []) out.set(String(v), s.description);
    if (s.const !== undefined) out.set(String(s.const), s.description);
    const t = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    if (t.includes('boolean')) {
      out.set('true', s.description);
      out.set('false', s.description);
    }
    for (const v of s.examples ?? []) if (typeof v !== 'object') out.set(String(v), s.description);
  }
  return [...out].map(([value, description]) => ({ value, description }));
}

/** Hover text for the key at the end of path: description, type, allowed values, default. */
export function describeAt(root: JsonSchema, path: readonly PathSegment[]): string | null {
  const schemas = schemasAt(root, path);
  if (!schemas.length) return null;
  const description = schemas.map((s) => s.description).find(Boolean);
  const types = [...new Set(schemas.map(typeName).filter(Boolean))];
  const values = [...new Set(schemas.flatMap((s) => [...(s.enum ?? []), ...(s.const !== undefined ? [s.const] : [])]).map(String))];
  const def = schemas.find((s) => s.default !== undefined)?.default;
  const parts: string[] = [];
  if (description) parts.push(description);
  if (types.length) parts.push(`type: ${types.join(' | ')}`);
  if (values.length) parts.push(`one of: ${values.join(', ')}`);
  if (def !== undefined) parts.push(`default: ${JSON.stringify(def)}`);
  return parts.length ? parts.join('\n') : null;
}
