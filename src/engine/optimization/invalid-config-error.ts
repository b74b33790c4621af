// A config passed as YAML text to a pool that does not parse: carries every
// located error (line, column, path) so a caller can show them all.
import type { ConfigError } from '../../core/config/studio-config';

export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
  constructor(readonly errors: readonly ConfigError[]) {
    const lines = errors.slice(0, 10).map((e) => `  line ${e.line}:${e.column}${e.path ? ` (${e.path})` : ''}: ${e.message}`);
    const more = errors.length > lines.length ? `\n  … and ${errors.length - lines.length} more` : '';
    super(`The config is invalid (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${lines.join('\n')}${more}`);
  }
}
