// Where the cursor is in a YAML document, by indentation alone (the text may not
// parse while the user types): the key path above it and whether it sits on a key or a value.
export type PathSegment = string | { item: true };

export interface YamlCursorContext {
  /** Path of the mapping that holds the cursor (key context) or of the key whose value it is on. */
  path: PathSegment[];
  kind: 'key' | 'value';
  /** The key on the cursor's line (value context) or the partial key typed so far (key context). */
  word: string;
  /** Offset where the word being typed starts. */
  from: number;
}

interface Frame {
  indent: number;
  seg: PathSegment;
}

const KEY_RE = /^("([^"]*)"|'([^']*)'|[^\s:#'"][^:#]*?)\s*:(\s|$)/;

function stripItems(line: string, indent: number, stack: Frame[]): { content: string; indent: number } {
  let i = indent;
  let rest = line.slice(indent);
  while (rest.startsWith('- ') || rest === '-') {
    while (stack.length && stack[stack.length - 1]!.indent >= i + 1) stack.pop();
    stack.push({ indent: i + 1, seg: { item: true } });
    const after = rest.slice(1);
    const pad = after.length - after.trimStart().length;
    i += 1 + pad;
    rest = after.trimStart();
  }
  return { content: rest, indent: i };
}

function keyOf(content: string): { key: string; end: number } | null {
  const m = KEY_RE.exec(content);
  if (!m) return null;
  const key = m[2] ?? m[3] ?? m[1]!.trim();
  return { key, end: m[0].length - (m[4] ?? '').length };
}

function popTo(stack: Frame[], indent: number): void {
  while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
}

export function yamlPathAt(text: string, offset: number): YamlCursorContext {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  const current = lines.pop() ?? '';
  const stack: Frame[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\s+#.*$/, '');
    if (!line.trim() || line.trimStart().startsWith('#') || line.trimStart().startsWith('---')) continue;
    const indent = line.length - line.trimStart().length;
    popTo(stack, indent);
    const { content, indent: eff } = stripItems(line, indent, stack);
    const k = keyOf(content);
    if (k) {
      popTo(stack, eff);
      stack.push({ indent: eff, seg: k.key });
    }
  }
  const lineStart = offset - current.length;
  const indent = current.length - current.trimStart().length;
  popTo(stack, indent);
  const { content, indent: eff } = stripItems(current, indent, stack);
  popTo(stack, eff);
  const path = stack.map((f) => f.seg);
  const k = keyOf(content);
  if (k) {
    const valueText = content.slice(k.end);
    const lead = valueText.length - valueText.trimStart().length;
    return {
      path: [...path, k.key],
      kind: 'value',
      word: valueText.trim().replace(/^["']/, ''),
      from: lineStart + eff + k.end + lead + (/^["']/.test(valueText.trimStart()) ? 1 : 0),
    };
  }
  return { path, kind: 'key', word: content, from: lineStart + eff };
}
