// Targeted edits of a YAML config: the `yaml` package's Document model locates the keys to
// change (parseDocument, node ranges) and only their text is replaced, so every other byte —
// comments, blank lines, quoting, flow spacing, key order, other blocks — stays as the user
// wrote it. (Document.toString() would re-serialize the whole file: `[SPX]` → `[ SPX ]`.)
import { Document, isCollection, isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';

export type YamlPath = readonly (string | number)[];
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };
export type YamlEdit = { op: 'set'; path: YamlPath; value: YamlValue } | { op: 'delete'; path: YamlPath };

/** A config whose YAML cannot be edited (syntax errors): says where. */
export class YamlEditError extends Error {}

type AnyNode = Node & { range?: [number, number, number] | null; flow?: boolean };

/** Applies the edits in order; throws YamlEditError when the text is not valid YAML. */
export function editYaml(text: string, edits: readonly YamlEdit[]): string {
  let out = text;
  for (const edit of edits) out = edit.op === 'set' ? setIn(out, edit.path, edit.value) : deleteIn(out, edit.path);
  return out;
}

function parse(text: string) {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new YamlEditError(`Fix the config's YAML first (line ${e.linePos?.[0]?.line ?? '?'}): ${e.message}`);
  }
  return doc;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Just past the end of the line holding `at - 1` (after its newline), or the text's end. */
function afterLine(text: string, at: number): number {
  if (at > 0 && text[at - 1] === '\n') return at;
  const nl = text.indexOf('\n', at);
  return nl < 0 ? text.length : nl + 1;
}

/** A scalar as YAML writes it on one line (quoted only when it must be). */
function scalarText(value: string | number | boolean | null): string {
  return new Document(value).toString({ lineWidth: 0 }).replace(/\r?\n$/, '');
}

/** A value on one line: scalars as they are, lists and maps in flow style (`[5, 10]`, `{ a: 1 }`). */
function inline(value: YamlValue): string {
  if (value === null || typeof value !== 'object') return scalarText(value);
  if (Array.isArray(value)) return `[${(value as readonly YamlValue[]).map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, YamlValue>);
  return entries.length ? `{ ${entries.map(([k, v]) => `${scalarText(k)}: ${inline(v)}`).join(', ')} }` : '{}';
}

/** `key: value` lines at `indent` (maps nest as blocks, lists stay in flow style). */
function blockEntry(key: string | number, value: YamlValue, indent: number, eol: string): string {
  const pad = ' '.repeat(indent);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, YamlValue>);
    if (entries.length > 0) return `${pad}${scalarText(String(key))}:${eol}${entries.map(([k, v]) => blockEntry(k, v, indent + 2, eol)).join('')}`;
  }
  return `${pad}${scalarText(String(key))}: ${inline(value)}${eol}`;
}

function nestedValue(rest: YamlPath, value: YamlValue): YamlValue {
  return rest.reduceRight<YamlValue>((v, k) => ({ [String(k)]: v }), value);
}

interface Located {
  /** The map or list holding the last key found. */
  parent: AnyNode;
  /** How many path keys exist. */
  depth: number;
  pair: Pair | null;
}

function locate(root: AnyNode | null, path: YamlPath): Located | null {
  let node: AnyNode | null = root;
  for (let i = 0; i < path.length; i++) {
    if (!node) return null;
    const key = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p) === key) ?? null;
      if (!pair) return { parent: node as AnyNode, depth: i, pair: null };
      if (i === path.length - 1) return { parent: node as AnyNode, depth: i + 1, pair };
      node = pair.value as AnyNode | null;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as AnyNode | undefined;
      if (!item || i === path.length - 1) return null;
      node = item;
    } else {
      return null;
    }
  }
  return null;
}

/** The text the whole document would get from the model (only for shapes a splice cannot reach). */
function viaModel(text: string, apply: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parse(text);
  apply(doc);
  return doc.toString();
}

function setIn(text: string, path: YamlPath, value: YamlValue): string {
  const doc = parse(text);
  const eol = eolOf(text);
  const found = locate(doc.contents as AnyNode | null, path);
  if (!found) return viaModel(text, (d) => d.setIn(path, d.createNode(value)));
  const { parent, depth, pair } = found;
  if (pair) {
    const v = pair.value as AnyNode | null;
    const keyRange = (pair.key as AnyNode).range!;
    // A map replacing a block map: key by key, so the comments of the keys that stay survive.
    if (v && isMap(v) && !v.flow && value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      const next = value as Record<string, YamlValue>;
      const gone = v.items.map(keyOf).filter((k) => typeof k === 'string' && !(k in next)) as string[];
      return editYaml(text, [
        ...Object.entries(next).map(([k, val]): YamlEdit => ({ op: 'set', path: [...path, k], value: val })),
        ...gone.map((k): YamlEdit => ({ op: 'delete', path: [...path, k] })),
      ]);
    }
    if (v && (isScalar(v) || v.flow) && v.range) {
      if (isScalar(v) && value !== null && typeof value !== 'object' && v.value === value) return text;
      return text.slice(0, v.range[0]) + inline(value) + text.slice(v.range[1]);
    }
    // No value yet (`key:`), or a block list/map becoming something else: rewrite after the colon.
    const colon = text.indexOf(':', keyRange[1]);
    const end = v?.range ? v.range[1] : colon + 1;
    return text.slice(0, colon + 1) + ' ' + inline(value) + text.slice(end);
  }
  const rest = path.slice(depth);
  if (parent.flow && parent.range) {
    const close = parent.range[1] - 1;
    const items = (parent as AnyNode & { items: unknown[] }).items;
    const entry = `${scalarText(String(rest[0]))}: ${inline(nestedValue(rest.slice(1), value))}`;
    return items.length ? `${text.slice(0, close).replace(/\s*$/, '')}, ${entry} ${text.slice(close)}` : `${text.slice(0, parent.range[0])}{ ${entry} }${text.slice(parent.range[1])}`;
  }
  const items = (parent as AnyNode & { items: Pair[] }).items;
  const first = items[0];
  const last = items[items.length - 1];
  if (!isCollection(parent) || !first || !last) return viaModel(text, (d) => d.setIn(path, d.createNode(value)));
  const firstKey = (first.key as AnyNode).range!;
  const indent = firstKey[0] - lineStart(text, firstKey[0]);
  const lastEnd = Math.max((last.key as AnyNode).range![2], (last.value as AnyNode | null)?.range?.[2] ?? 0);
  const at = afterLine(text, lastEnd);
  const lead = at > 0 && text[at - 1] !== '\n' ? eol : '';
  return text.slice(0, at) + lead + blockEntry(rest[0]!, nestedValue(rest.slice(1), value), indent, eol) + text.slice(at);
}

function deleteIn(text: string, path: YamlPath): string {
  const doc = parse(text);
  const found = locate(doc.contents as AnyNode | null, path);
  if (!found?.pair) return text;
  const { parent, pair } = found;
  const keyRange = (pair.key as AnyNode).range!;
  const start = lineStart(text, keyRange[0]);
  // A flow map, or a key sharing its line with a list dash (`- id: x`): the model edits it.
  if (parent.flow || text.slice(start, keyRange[0]).trim() !== '') return viaModel(text, (d) => d.deleteIn(path));
  const end = afterLine(text, Math.max(keyRange[2], (pair.value as AnyNode | null)?.range?.[2] ?? 0));
  return text.slice(0, start) + text.slice(end);
}
