// A YAML text parsed with source positions kept (yaml's Document + LineCounter), behind
// hard limits checked BEFORE/while parsing — size, nesting depth, alias expansion — so
// garbage, huge documents and "billion laughs" bombs come back as errors, quickly.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Pair } from 'yaml';
import type { ConfigError } from './studio-config';

export const YAML_LIMITS = Object.freeze({
  /** Characters; a studio config is a few KB, so 1 M is generous. */
  maxChars: 1_000_000,
  /** Nesting of mappings/sequences. */
  maxDepth: 64,
  /** yaml's alias-expansion budget (toJS maxAliasCount). */
  maxAliasCount: 100,
  /** Errors reported at most (the rest are counted). */
  maxErrors: 50,
});

export type PathSegment = string | number;

/** 'containers[1].sizing.type'; keys that are not identifiers are quoted: container_settings["portfolio_*"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out += out === '' ? s : `.${s}`;
      else out += `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

export interface SourcePosition {
  line: number;
  column: number;
}

function keyText(pair: Pair): string | undefined {
  const k = pair.key;
  if (isScalar(k)) return String(k.value);
  return undefined;
}

/** Approximate nesting depth from the text alone (block indentation + flow brackets), before yaml recurses. */
function scanDepth(text: string): { depth: number; line: number } {
  const indents: number[] = [];
  let flow = 0;
  let worst = { depth: 0, line: 0 };
  const lines = text.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li]!;
    let i = 0;
    while (i < raw.length && raw[i] === ' ') i++;
    if (flow === 0) {
      if (i >= raw.length || raw[i] === '#' || raw[i] === '\r') continue;
      let indent = i;
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // '- - - x' nests one sequence per dash.
      while (raw[i] === '-' && raw[i + 1] === ' ') {
        i += 2;
        while (raw[i] === ' ') i++;
        indent = i;
        indents.push(indent);
      }
    }
    let quote: string | null = null;
    for (let j = i; j < raw.length; j++) {
      const c = raw[j]!;
      if (quote) {
        if (c === quote) quote = null;
        continue;
      }
      if (c === '#' && (j === 0 || raw[j - 1] === ' ')) break;
      if ((c === '"' || c === "'") && (j === 0 || /[\s,[{:]/.test(raw[j - 1]!))) quote = c;
      else if (c === '[' || c === '{') flow++;
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      const d = indents.length + flow;
      if (d > worst.depth) worst = { depth: d, line: li + 1 };
    }
    if (indents.length + flow > worst.depth) worst = { depth: indents.length + flow, line: li + 1 };
  }
  return worst;
}

function firstLine(message: string): string {
  const m = message.split('\n')[0] ?? message;
  return m.replace(/ at line \d+, column \d+:?$/, '');
}

const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: ' — indent with spaces; YAML does not allow tabs for indentation',
  BAD_INDENT: ' — fix the indentation of this line: keys of one mapping start in the same column (spaces only)',
  DUPLICATE_KEY: ' — each key may appear once per mapping; remove or merge the duplicate',
  MISSING_CHAR: '',
  BLOCK_AS_IMPLICIT_KEY: ' — a key must fit on one line; is a ":" or an indentation missing above?',
};

export type YamlParseOutcome = { ok: true; source: YamlSource; value: unknown } | { ok: false; errors: ConfigError[] };

export class YamlSource {
  private constructor(
    readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
    private readonly text: string,
  ) {}

  /** Parse with limits. Never throws. */
  static parse(text: string): YamlParseOutcome {
    if (typeof text !== 'string') return { ok: false, errors: [{ message: 'the config must be text (a YAML document)', line: 0, column: 0, path: '' }] };
    if (text.length > YAML_LIMITS.maxChars) {
      return {
        ok: false,
        errors: [
          {
            message: `the document is ${(text.length / 1_000_000).toFixed(1)} M characters; a config may hold at most ${YAML_LIMITS.maxChars.toLocaleString('en-US')} — put data in a CSV, not in the config`,
            line: 0,
            column: 0,
            path: '',
          },
        ],
      };
    }
    const scanned = scanDepth(text);
    if (scanned.depth > YAML_LIMITS.maxDepth) {
      return {
        ok: false,
        errors: [{ message: `the document nests deeper than ${YAML_LIMITS.maxDepth} levels — a config never needs that many`, line: scanned.line, column: 1, path: '' }],
      };
    }
    const lineCounter = new LineCounter();
    let doc: Document.Parsed;
    try {
      doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: true, keepSourceTokens: false });
    } catch (e) {
      return { ok: false, errors: [{ message: `the YAML could not be read: ${e instanceof Error ? e.message : String(e)}`, line: 0, column: 0, path: '' }] };
    }
    const source = new YamlSource(doc, lineCounter, text);
    if (doc.errors.length > 0) {
      const errors = doc.errors.slice(0, YAML_LIMITS.maxErrors).map((e): ConfigError => {
        const pos = e.linePos?.[0];
        const offset = e.pos[0];
        let message = firstLine(e.message) + (YAML_HINTS[e.code] ?? '');
        if (e.code === 'MULTIPLE_DOCS') message = 'a config is a single YAML document — remove the "---" separator and merge the documents';
        if (e.code === 'DUPLICATE_KEY') {
          const dup = /^\s*"?([^":#\n]+?)"?\s*:/.exec(text.slice(offset, offset + 200));
          if (dup) message = `duplicate key "${dup[1]}"` + YAML_HINTS.DUPLICATE_KEY;
        }
        return { message, line: pos?.line ?? 0, column: pos?.col ?? 0, path: formatPath(source.pathAt(offset)) };
      });
      return { ok: false, errors };
    }
    if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
      return {
        ok: false,
        errors: [{ message: 'the document is empty — write at least one key, e.g. "name: my study" (see docs/config.md)', line: 1, column: 1, path: '' }],
      };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const bomb = /alias|resource exhaustion/i.test(msg);
      return {
        ok: false,
        errors: [
          {
            message: bomb
              ? `the document expands aliases (*name) too many times (more than ${YAML_LIMITS.maxAliasCount}) — this looks like an alias bomb; write the values out or reuse fewer anchors`
              : `the YAML could not be read: ${msg}`,
            line: 1,
            column: 1,
            path: '',
          },
        ],
      };
    }
    return { ok: true, source, value };
  }

  /** The node at `path` (following map keys / sequence indices), or the deepest existing ancestor. */
  private walk(path: readonly PropertyKey[]): { node: YamlNode | null; keyNode: YamlNode | null; complete: boolean } {
    let node: unknown = this.doc.contents;
    let keyNode: YamlNode | null = null;
    for (const seg of path) {
      if (isAlias(node)) return { node, keyNode, complete: false };
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p) === String(seg));
        if (!pair) return { node, keyNode, complete: false };
        keyNode = (pair.key as YamlNode | null) ?? null;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) return { node, keyNode, complete: false };
        keyNode = null;
        node = item;
      } else {
        return { node: (node as YamlNode | null) ?? null, keyNode, complete: false };
      }
    }
    return { node: (node as YamlNode | null) ?? null, keyNode, complete: true };
  }

  private positionOf(node: YamlNode | null): SourcePosition {
    const offset = node?.range?.[0];
    if (offset === undefined) return { line: 1, column: 1 };
    const p = this.lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  }

  /** Position of the value at `path` (or of its key with `key: true`); the nearest existing ancestor when absent. */
  position(path: readonly PropertyKey[], opts: { key?: boolean } = {}): SourcePosition {
    const w = this.walk(path);
    if (opts.key && w.complete && w.keyNode) return this.positionOf(w.keyNode);
    if (!w.complete && w.keyNode && !isMap(w.node) && !isSeq(w.node)) return this.positionOf(w.keyNode);
    return this.positionOf(w.node);
  }

  /** 1-based line of the key at `path` (or its value for sequence items). */
  line(path: readonly PropertyKey[]): number {
    return this.position(path, { key: true }).line;
  }

  /** Position of character `offset` inside the string scalar at `path` (for errors inside a condition). */
  positionInScalar(path: readonly PropertyKey[], offset: number): SourcePosition {
    const w = this.walk(path);
    const node = w.node;
    if (!w.complete || !isScalar(node) || !node.range) return this.position(path);
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const start = node.range[0] + (quoted ? 1 : 0);
    // Exact only when the source spells the value verbatim (no escapes, folds or block
    // indicators); otherwise point at the scalar itself rather than at a wrong column.
    const value = String(node.value);
    if (this.text.slice(start, start + value.length) !== value) return this.position(path);
    const p = this.lineCounter.linePos(start + offset);
    return { line: p.line, column: p.col };
  }

  /** The key path of the deepest node containing `offset` (for syntax errors). */
  pathAt(offset: number): PathSegment[] {
    const path: PathSegment[] = [];
    let node: unknown = this.doc.contents;
    for (let guard = 0; guard < YAML_LIMITS.maxDepth + 2; guard++) {
      if (isMap(node)) {
        // The nearest key at or before the offset: a syntax error inside or just after a
        // key's (possibly empty) value belongs to that key.
        let pair: Pair | undefined;
        for (const p of node.items) {
          const k = p.key as YamlNode | null;
          const v = p.value as YamlNode | null;
          const start = k?.range?.[0] ?? v?.range?.[0];
          if (start !== undefined && offset >= start) pair = p;
        }
        const k = pair ? keyText(pair) : undefined;
        if (!pair || k === undefined) break;
        path.push(k);
        node = pair.value;
      } else if (isSeq(node)) {
        let idx = -1;
        node.items.forEach((it, i) => {
          const r = (it as YamlNode | null)?.range;
          if (r != null && offset >= r[0]) idx = i;
        });
        if (idx < 0) break;
        path.push(idx);
        node = node.items[idx];
      } else break;
    }
    return path;
  }

  /** A ConfigError at `path`. */
  error(path: readonly PropertyKey[], message: string, opts: { key?: boolean } = {}): ConfigError {
    const p = this.position(path, opts);
    return { message, line: p.line, column: p.column, path: formatPath(path) };
  }
}
