// Retention policies by name: what each keeps, and the one place where the
// names users write ('all', 'Trade_Complete', ' full ') become a RetentionPolicy.
import { RETENTION_POLICIES } from './trace-settings';
import type { RetentionPolicy } from './trace-settings';

/** What each policy keeps in the tracer's memory (contract §3), for help texts and errors. */
export const RetentionPolicyDescriptions: Readonly<Record<RetentionPolicy, string>> = Object.freeze({
  trade_complete:
    "a trade's events while it is open; its POSITION_CLOSE prunes the whole correlation (memory bounded by open trades)",
  sliding_window: 'the last max_events events; older ones are dropped and counted',
  minimal: 'only the POSITION_OPEN of each open position',
  full: 'every traced event (development/debugging)',
  none: 'nothing',
});

/** Accepted spellings besides the canonical names. */
const SYNONYMS: Readonly<Record<string, RetentionPolicy>> = Object.freeze({ all: 'full' });

export function isRetentionPolicy(value: unknown): value is RetentionPolicy {
  return typeof value === 'string' && (RETENTION_POLICIES as readonly string[]).includes(value);
}

/**
 * The canonical policy for a user-written name (case and surrounding blanks
 * ignored, 'all' → 'full'). `where` names the key in the error, e.g. 'retention_policy'.
 */
export function normalizeRetentionPolicy(name: unknown, where = 'retention_policy'): RetentionPolicy {
  if (typeof name !== 'string') {
    throw new TypeError(`${where} must be a string, one of ${RETENTION_POLICIES.join(', ')} (or 'all'); got ${describe(name)}.`);
  }
  const key = name.trim().toLowerCase();
  if (isRetentionPolicy(key)) return key;
  const synonym = SYNONYMS[key];
  if (synonym !== undefined) return synonym;
  throw new RangeError(
    `Unknown ${where} '${name}'. Use one of: ${RETENTION_POLICIES.join(', ')} ('all' is a synonym of 'full').`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/**
 * `mode` (the seed's container-block name) and `retention_policy` written side by side name the
 * same setting, so they must agree — with the one pair the seed itself writes (examples 00 and
 * 03): `mode: minimal` beside `retention_policy: trade_complete`. The seed's "minimal mode" is
 * trade_complete retention ("only tracks open positions, automatically pruning closed trades";
 * after the run only metrics remain), so that pair means trade_complete. Any other disagreement
 * is an error for the mode key: which one was meant cannot be guessed.
 */
export function combineModeAndRetention(
  mode: RetentionPolicy | undefined,
  policy: RetentionPolicy | undefined,
): { policy: RetentionPolicy | undefined; error?: string } {
  if (mode === undefined || policy === undefined || mode === policy) return { policy: policy ?? mode };
  if (mode === 'minimal' && policy === 'trade_complete') return { policy };
  return {
    policy,
    error:
      `mode: ${mode} contradicts retention_policy: ${policy} beside it (mode is the seed's name for the same setting). ` +
      `Keep one of them; the only pair that agrees is the seed's "mode: minimal" with "retention_policy: trade_complete".`,
  };
}
