// parseStudioConfig: YAML text → validated StudioConfig or errors with line/column/path.
// Three stages — YAML with limits (yaml-source), shape (zod schema), meaning
// (ConfigBuilder) — and a promise kept at the edge: user input never makes it throw.
import { ConfigBuilder } from './build-studio-config';
import { studioConfigSchema } from './config-schema';
import type { ConfigError, ParseResult } from './studio-config';
import { mapZodIssues } from './zod-issue-mapper';
import { YAML_LIMITS, YamlSource } from './yaml-source';

export function sortErrors(errors: readonly ConfigError[]): ConfigError[] {
  const seen = new Set<string>();
  const out = [...errors]
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .filter((e) => {
      const k = `${e.line}:${e.column}:${e.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  if (out.length <= YAML_LIMITS.maxErrors) return out;
  const rest = out.length - YAML_LIMITS.maxErrors;
  return [...out.slice(0, YAML_LIMITS.maxErrors), { message: `… and ${rest} more error${rest === 1 ? '' : 's'}`, line: 0, column: 0, path: '' }];
}

export function describeRootKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value.length > 30 ? `${value.slice(0, 30)}…` : value}"`;
  return `the value ${String(value)}`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Parse and validate a studio config. Never throws: every problem comes back as an error with a position. */
export function parseStudioConfig(yamlText: string): ParseResult {
  try {
    const parsed = YamlSource.parse(yamlText);
    if (!parsed.ok) return { ok: false, errors: sortErrors(parsed.errors) };
    const { source, value } = parsed;
    if (!isMapping(value)) {
      return {
        ok: false,
        errors: [{ message: `the document must be a mapping of keys (name:, data:, containers:, trace_settings: …), but it is ${describeRootKind(value)}`, line: 1, column: 1, path: '' }],
      };
    }
    const result = studioConfigSchema.safeParse(value);
    if (!result.success) return { ok: false, errors: sortErrors(mapZodIssues(result.error.issues, studioConfigSchema, source, value)) };
    const built = new ConfigBuilder(source).build(result.data);
    if (built.errors.length > 0) return { ok: false, errors: sortErrors(built.errors) };
    return built.warnings.length > 0 ? { ok: true, config: built.config, warnings: sortErrors(built.warnings) } : { ok: true, config: built.config };
  } catch (e) {
    // A bug of ours, not the user's: still a result, with enough to report it.
    return { ok: false, errors: [{ message: `internal error while reading the config (please report): ${e instanceof Error ? e.message : String(e)}`, line: 0, column: 0, path: '' }] };
  }
}
