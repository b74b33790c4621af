// Completions stay in step with what runs: every indicator factory, context member and
// export the runtime knows has an entry in its scope, and every entry is in the API text.
import { describe, expect, it } from 'vitest';
import { createUserIndicators } from './user-indicators';
import { USER_STRATEGY_EXPORTS } from './user-strategy-api';
import { USER_STRATEGY_API_TEXT } from './user-strategy-api-text';
import { USER_STRATEGY_COMPLETIONS, type CompletionScope } from './user-strategy-completions';

const labels = (scope: CompletionScope) => USER_STRATEGY_COMPLETIONS.filter((c) => c.scope === scope).map((c) => c.label).sort();

describe('USER_STRATEGY_COMPLETIONS', () => {
  it('cover the runtime: indicator factories, exports, context members, bar fields', () => {
    expect(labels('global')).toEqual(Object.keys(createUserIndicators(() => true)).sort());
    expect(labels('export')).toEqual([...USER_STRATEGY_EXPORTS].sort());
    expect(labels('ctx')).toEqual(['emitSignal', 'id', 'indicators', 'params', 'perSymbol', 'position', 'state', 'symbols']);
    expect(labels('bar')).toEqual(['close', 'high', 'low', 'open', 'symbol', 'timeframe', 'timestamp', 'volume']);
  });

  it('name only what the API text declares, once per scope', () => {
    for (const entry of USER_STRATEGY_COMPLETIONS) expect(USER_STRATEGY_API_TEXT, entry.label).toMatch(new RegExp(`\\b${entry.label}\\b`));
    const keys = USER_STRATEGY_COMPLETIONS.map((e) => `${e.scope}:${e.label}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
