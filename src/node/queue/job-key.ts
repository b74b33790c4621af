// The identity of a sweep point's work: everything its result depends on — the config text,
// the dataset's content, the strategy sources, the engine version, the environment and the time
// limit. A worker caches parsed work under this key (never under the config alone: two sweeps
// with the same YAML on different data must never share a parsed context), and the key goes
// back with the result so the submitter can check the result answers the job it sent.
import type { UserStrategySource } from '../../engine/user-strategy/user-strategy-api';
import { sha256Hex } from './dataset-store';

export interface JobKeyParts {
  configHash: string;
  datasetHash: string;
  strategiesHash: string;
  engineVersion: string;
  environment?: string;
  perJobTimeoutMs?: number;
}

/** SHA-256 of the user strategy sources, by name (order-free); the empty list has a hash too. */
export function strategiesHash(sources: readonly UserStrategySource[] | undefined): string {
  const sorted = [...(sources ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((s) => [s.name, s.source]);
  return sha256Hex(JSON.stringify(sorted));
}

/** One hex key over every part (JSON of a fixed field order: no separator ambiguity). */
export function jobKey(parts: JobKeyParts): string {
  return sha256Hex(
    JSON.stringify([parts.configHash, parts.datasetHash, parts.strategiesHash, parts.engineVersion, parts.environment ?? null, parts.perJobTimeoutMs ?? null]),
  );
}
