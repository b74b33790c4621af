// Renders docs/config.md from the JSON Schema, so the reference cannot drift from what
// the parser accepts (a unit test compares the file with this output). Pure: the
// script scripts/gen-config-docs.ts only writes the string to disk.
import { stringify } from 'yaml';
import type { JsonSchemaNode } from './studio-config-json-schema';
import { CONDITION_GRAMMAR } from './condition-expression';
import { TRACE_LEVEL_DESCRIPTIONS, TRACE_LEVELS } from '../trace-level';

interface Entry {
  /** Display path, e.g. containers[].sizing.percent */
  path: string;
  /** Segments for the example: string key, '[]' for a list item, or {key} for a map key. */
  segments: (string | { mapKey: string })[];
  schema: JsonSchemaNode;
  required: boolean;
  branch?: string;
}

function refName(ref: string): string {
  return ref.replace('#/$defs/', '');
}

function anchor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

function typeOf(s: JsonSchemaNode): string {
  if (s.$ref) return `[${refName(s.$ref)}](#${anchor(refName(s.$ref))})`;
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map(typeOf).join(' \\| ');
  const t = Array.isArray(s.type) ? s.type.join(' \\| ') : s.type;
  if (t === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (t === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `map of ${typeOf(s.additionalProperties)}`;
  }
  const tag = s.properties?.type?.const;
  if (t === 'object' && typeof tag === 'string') return `\`{type: ${tag}, …}\``;
  if (t === 'object') return 'mapping';
  return t ?? 'any';
}

function constraints(s: JsonSchemaNode): string {
  const c: string[] = [];
  if (s.minimum !== undefined) c.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) c.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < 1e15) c.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) c.push(`< ${s.exclusiveMaximum}`);
  if (s.minItems !== undefined) c.push(`at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}`);
  if (s.pattern) c.push(`pattern \`${s.pattern}\``);
  return c.join(', ');
}

function exampleOf(s: JsonSchemaNode): unknown {
  if (s.examples && s.examples.length > 0) return s.examples[0];
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const alts = s.anyOf ?? s.oneOf;
  if (alts && alts[0]) return exampleOf(alts[0]);
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return 'text';
  }
}

function exampleYaml(segments: Entry['segments'], value: unknown): string {
  let v: unknown = value;
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    if (seg === '[]') v = [v];
    else if (typeof seg === 'string') v = { [seg]: v };
    else v = { [seg.mapKey]: v };
  }
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

/** Collect every key under `s` (following object properties, list items, maps and unions, not $refs). */
function collect(s: JsonSchemaNode, path: string, segments: Entry['segments'], out: Entry[], branch?: string): void {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    for (const alt of alts) {
      const typeConst = alt.properties?.type?.const;
      collect(alt, path, segments, out, typeof typeConst === 'string' ? `type: ${typeConst}` : branch);
    }
    return;
  }
  if (s.type === 'array' && s.items && !s.items.$ref) {
    collect(s.items, `${path}[]`, [...segments, '[]'], out, branch);
    return;
  }
  if (s.properties) {
    for (const [key, child] of Object.entries(s.properties)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      // Keys every container type shares are documented once, without a branch label.
      const shared = branch !== undefined && (key === 'id' || key === 'event_tracing');
      if (shared && out.some((e) => e.path === childPath)) continue;
      const label = shared ? undefined : branch;
      out.push({ path: childPath, segments: [...segments, key], schema: child, required: (s.required ?? []).includes(key), ...(label ? { branch: label } : {}) });
      if (!child.$ref) collect(child, childPath, [...segments, key], out);
    }
    return;
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    const example = exampleOf(s);
    const key = example && typeof example === 'object' && !Array.isArray(example) ? (Object.keys(example)[0] ?? 'name') : 'name';
    const child = s.additionalProperties;
    if (!child.$ref && (child.properties || child.anyOf || child.type === 'array')) collect(child, `${path}.<key>`, [...segments, { mapKey: key }], out, branch);
  }
}

/** Where each distinct key schema was first documented, so repeats (overrides[], actions) point back instead of repeating. */
type Seen = Map<string, { path: string; section: string }>;

function renderEntry(e: Entry, section: string, seen: Seen): string {
  const s = e.schema;
  const lines = [`### \`${e.path}\`${e.branch ? ` (${e.branch})` : ''}`, ''];
  const leaf = !s.properties && !(s.type === 'array' && s.items?.properties);
  const fingerprint = JSON.stringify(s);
  const first = seen.get(fingerprint);
  if (leaf && first) {
    lines.push(`Same as \`${first.path}\` in [${first.section}](#${anchor(first.section)}).`, '');
    return lines.join('\n');
  }
  if (leaf && !first) seen.set(fingerprint, { path: e.path, section });
  if (s.description) lines.push(s.description, '');
  const facts = [`**Type:** ${typeOf(s)}`];
  facts.push(e.required ? '**Required**' : s.default !== undefined ? `**Default:** \`${JSON.stringify(s.default)}\`` : '**Optional**');
  const c = constraints(s);
  if (c) facts.push(`**Constraints:** ${c}`);
  lines.push(facts.join(' · '), '');
  lines.push('```yaml', exampleYaml(e.segments, exampleOf(s)), '```', '');
  return lines.join('\n');
}

/** The whole reference as Markdown. */
export function renderConfigDocs(schema: JsonSchemaNode): string {
  const parts: string[] = [
    '# Event Studio config reference',
    '',
    '<!-- GENERATED by `npx tsx scripts/gen-config-docs.ts` from src/core/config/config-schema.ts — do not edit by hand; a unit test fails when this file is out of date. -->',
    '',
    schema.description ?? '',
    '',
    'A document is YAML. Every key below is checked: an unknown key is an error with a "did you mean …?" suggestion, and',
    'every error names its line, column and key path. Trace settings cascade like CSS: built-in defaults < `trace_settings.default`',
    '< global `trace_settings` keys < `portfolio_settings` < matching patterns (less specific first: more `*`, then fewer literal',
    'characters; a later entry wins a tie) < the selected environment block < the container\'s own `event_tracing` < `dynamic_rules`.',
    '',
    '## Trace levels',
    '',
    'A level name can stand wherever a settings block is (`"portfolio_*": metrics`, `event_tracing: debug`) or be written as `level:` beside other keys, which then win over it. A level decides what is traced and kept, never where it is stored.',
    '',
    '| level | meaning |',
    '|---|---|',
    ...TRACE_LEVELS.map((l) => `| \`${l}\` | ${TRACE_LEVEL_DESCRIPTIONS[l]} |`),
    '',
    '## Dynamic rule conditions',
    '',
    ...CONDITION_GRAMMAR.map((line) => `- ${line}`),
    '',
    '## Contents',
    '',
    '- [Document](#document)',
    ...Object.keys(schema.$defs ?? {}).map((name) => `- [${name}](#${anchor(name)})`),
    '',
    '## Document',
    '',
  ];
  const seen: Seen = new Map();
  const top: Entry[] = [];
  collect(schema, '', [], top);
  parts.push(...top.map((e) => renderEntry(e, 'Document', seen)));
  for (const [name, def] of Object.entries(schema.$defs ?? {})) {
    parts.push(`## ${name}`, '', def.description ?? '', '');
    const entries: Entry[] = [];
    collect(def, '', [], entries);
    if (entries.length === 0) {
      parts.push(`**Type:** ${typeOf(def)}`, '', '```yaml', exampleYaml([], exampleOf(def)), '```', '');
    } else {
      parts.push(...entries.map((e) => renderEntry(e, name, seen)));
    }
  }
  return `${parts.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
