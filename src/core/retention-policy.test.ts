import { describe, expect, it } from 'vitest';
import { RetentionPolicyDescriptions, isRetentionPolicy, normalizeRetentionPolicy } from './retention-policy';
import { RETENTION_POLICIES } from './trace-settings';

describe('normalizeRetentionPolicy', () => {
  it('accepts every canonical name, any case and surrounding blanks', () => {
    for (const p of RETENTION_POLICIES) {
      expect(normalizeRetentionPolicy(p)).toBe(p);
      expect(normalizeRetentionPolicy(` ${p.toUpperCase()} `)).toBe(p);
      expect(RetentionPolicyDescriptions[p].length).toBeGreaterThan(0);
    }
  });

  it("maps the synonym 'all' to 'full'", () => {
    expect(normalizeRetentionPolicy('all')).toBe('full');
    expect(normalizeRetentionPolicy('ALL')).toBe('full');
  });

  it('rejects unknown names with an error naming the key and the valid names', () => {
    expect(() => normalizeRetentionPolicy('trade-complete')).toThrow(/Unknown retention_policy 'trade-complete'.*trade_complete, sliding_window, minimal, full, none/);
    expect(() => normalizeRetentionPolicy('keep', 'mode')).toThrow(/Unknown mode 'keep'/);
    expect(() => normalizeRetentionPolicy(3)).toThrow(/retention_policy must be a string.*number 3/);
  });

  it('isRetentionPolicy only accepts canonical names', () => {
    expect(isRetentionPolicy('minimal')).toBe(true);
    expect(isRetentionPolicy('all')).toBe(false);
    expect(isRetentionPolicy(undefined)).toBe(false);
  });
});
