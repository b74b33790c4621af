// Seed examples 00–02 are a container's bare `event_tracing` block, not a study. `npm run
// backtest` runs them anyway: the block is applied to every container of the default study
// (trace_settings.container_settings '*', which replaces the default's own trace settings; its
// sweep is dropped so one backtest runs), and the CLI prints a note showing that wrapping, so the
// user sees exactly what ran and how to pick containers instead. The wrapped YAML is what the
// results record (config.yaml, run.json), so the folder re-runs and imports as it ran.
import { isMap, parseDocument, stringify } from 'yaml';
import { DEFAULT_CONFIG_YAML } from '../core/config/default-config';
import { parseEventTracingBlock } from '../core/config/parse-event-tracing-block';
import { parseStudioConfig } from '../core/config/parse-studio-config';

export interface WrappedBlock {
  /** The default study with the block on every container (what runs, what the results record). */
  text: string;
  /** Printed before the run: what was done and how to wrap the block by hand. */
  note: string;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .trimEnd()
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

/**
 * When `text` is a document holding only `event_tracing:` (a valid block), the default study
 * with it on every container; null for anything else (the normal parser then reports on it).
 */
export function wrapBareEventTracing(text: string, fileName: string): WrappedBlock | null {
  let doc;
  try {
    doc = parseDocument(text);
  } catch {
    return null;
  }
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  const keys = doc.contents.items.map((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key));
  if (keys.length !== 1 || keys[0] !== 'event_tracing') return null;
  if (!parseEventTracingBlock(text).ok) return null;
  const block = doc.get('event_tracing', true);
  const study = parseDocument(DEFAULT_CONFIG_YAML);
  study.delete('optimization');
  study.set('trace_settings', study.createNode({ container_settings: { '*': block } }));
  study.commentBefore = ` ${fileName}: a container's event_tracing block, applied to every container of the default study by npm run backtest.`;
  const text2 = study.toString();
  const parsed = parseStudioConfig(text2);
  if (!parsed.ok) return null;
  const ids = parsed.config.containers.map((c) => c.id);
  const blockYaml = indent(stringify(doc.toJS({}).event_tracing), 8);
  const note =
    `note: ${fileName} is a container's bare event_tracing block, not a study: it was applied to every container of the ` +
    `default study (${parsed.config.name}: ${ids.join(', ')} and the data feed), as if written\n` +
    `  trace_settings:\n    container_settings:\n      "*":\n${blockYaml}\n` +
    `  To trace chosen containers, put the block under each of them in a study:\n` +
    `  containers:\n    - id: portfolio_1\n      type: portfolio\n      event_tracing:\n${blockYaml}\n`;
  return { text: text2, note };
}
