import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './did-you-mean';

describe('did you mean', () => {
  it('computes edit distance with transpositions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('nmae', 'name')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests close keys and nothing for unrelated ones', () => {
    const keys = ['retention_policy', 'events_to_trace', 'max_events', 'enabled'];
    expect(didYouMean('retension_policy', keys)).toBe('retention_policy');
    expect(didYouMean('event_to_trace', keys)).toBe('events_to_trace');
    expect(didYouMean('maxEvents', keys)).toBe('max_events');
    expect(didYouMean('banana', keys)).toBeUndefined();
  });
});
