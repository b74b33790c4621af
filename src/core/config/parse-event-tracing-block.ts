// A container's `event_tracing` block on its own (seed files 00–02): either the whole
// document `event_tracing: {…}` or the block's keys at the top level. Same validation and
// positions as parseStudioConfig.
import { ConfigBuilder } from './build-studio-config';
import { eventTracingDocumentSchema, settingsBlockSchema } from './config-schema';
import { describeRootKind, sortErrors } from './parse-studio-config';
import type { ConfigError, PartialTraceSettings } from './studio-config';
import { mapZodIssues } from './zod-issue-mapper';
import { YamlSource } from './yaml-source';

export type EventTracingBlockResult =
  | { ok: true; settings: PartialTraceSettings; warnings?: ConfigError[] }
  | { ok: false; errors: ConfigError[] };

/** Parse a container's event_tracing block. Never throws. */
export function parseEventTracingBlock(yamlText: string): EventTracingBlockResult {
  try {
    const parsed = YamlSource.parse(yamlText);
    if (!parsed.ok) return { ok: false, errors: sortErrors(parsed.errors) };
    const { source, value } = parsed;
    const wrapped = value !== null && typeof value === 'object' && !Array.isArray(value) && 'event_tracing' in value;
    const schema = wrapped ? eventTracingDocumentSchema : settingsBlockSchema;
    if (!wrapped && (value === null || typeof value !== 'object' || Array.isArray(value)) && typeof value !== 'string') {
      return { ok: false, errors: [{ message: `an event_tracing block is a mapping of tracing keys or a trace level name, but this is ${describeRootKind(value)}`, line: 1, column: 1, path: '' }] };
    }
    const result = schema.safeParse(value);
    if (!result.success) return { ok: false, errors: sortErrors(mapZodIssues(result.error.issues, schema, source, value)) };
    const builder = new ConfigBuilder(source);
    const block = wrapped ? (result.data as { event_tracing: Parameters<ConfigBuilder['settings']>[0] }).event_tracing : (result.data as Parameters<ConfigBuilder['settings']>[0]);
    const settings = builder.settings(block, wrapped ? ['event_tracing'] : []);
    if (builder.errors.length > 0) return { ok: false, errors: sortErrors(builder.errors) };
    return builder.warnings.length > 0 ? { ok: true, settings, warnings: sortErrors(builder.warnings) } : { ok: true, settings };
  } catch (e) {
    return { ok: false, errors: [{ message: `internal error while reading the block (please report): ${e instanceof Error ? e.message : String(e)}`, line: 0, column: 0, path: '' }] };
  }
}
