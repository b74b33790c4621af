// Hover documentation for the strategy editor, read from USER_STRATEGY_API_TEXT (the
// API's declarations with their doc comments) — one source for completion, hover and
// the runtime's API test, so the editor cannot drift from what the sandbox provides.
import { USER_STRATEGY_API_TEXT } from '../../../engine/user-strategy/user-strategy-api-text';
import { USER_STRATEGY_COMPLETIONS } from '../../../engine/user-strategy/user-strategy-completions';

export interface ApiDoc {
  /** The declaration line (e.g. `emitSignal(symbol: string, direction: Direction, …): void;`). */
  signature: string;
  doc: string;
}

const DECLARATION = /^\s*(?:export\s+)?(?:declare\s+)?(?:function\s+|interface\s+|type\s+|const\s+|let\s+|readonly\s+)?([A-Za-z_$][\w$]*)\s*[(<:?=]/;

function buildIndex(): Map<string, ApiDoc[]> {
  const index = new Map<string, ApiDoc[]>();
  const lines = USER_STRATEGY_API_TEXT.split('\n');
  let doc: string[] | null = null;
  let pending = '';
  for (const line of lines) {
    const t = line.trim();
    if (t.startsWith('/**')) {
      doc = [];
      const one = /^\/\*\*(.*)\*\/$/.exec(t);
      if (one) {
        pending = one[1]!.trim();
        doc = null;
      }
      continue;
    }
    if (doc !== null) {
      if (t.startsWith('*/')) {
        pending = doc.join('\n').trim();
        doc = null;
      } else doc.push(t.replace(/^\* ?/, ''));
      continue;
    }
    const m = DECLARATION.exec(line) ?? /^\s*(?:interface|type)\s+([A-Za-z_$][\w$]*)/.exec(line);
    if (m) {
      const list = index.get(m[1]!) ?? [];
      list.push({ signature: t.replace(/\s*\{$/, ''), doc: pending });
      index.set(m[1]!, list);
    }
    pending = '';
  }
  return index;
}

let index: Map<string, ApiDoc[]> | null = null;

/** Every documented declaration of `word` in the API (a name may be a member of several interfaces). */
export function apiDocsFor(word: string): ApiDoc[] {
  index ??= buildIndex();
  const found = index.get(word) ?? [];
  if (found.length > 0) return found.slice(0, 3);
  const c = USER_STRATEGY_COMPLETIONS.find((x) => x.label === word);
  return c ? [{ signature: `${c.label} ${c.detail}`, doc: c.info }] : [];
}
