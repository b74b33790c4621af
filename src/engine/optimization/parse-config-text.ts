// YAML text → StudioConfig for the pools (which promise a config, not a parse
// result): the parser never throws, this turns its errors into one InvalidConfigError.
import { parseStudioConfig } from '../../core/config/parse-studio-config';
import type { StudioConfig } from '../../core/config/studio-config';
import { InvalidConfigError } from './invalid-config-error';

export function parseConfigText(text: string): StudioConfig {
  const parsed = parseStudioConfig(text);
  if (!parsed.ok) throw new InvalidConfigError(parsed.errors);
  return parsed.config;
}
