import { describe, expect, it } from 'vitest';
import { concatBytes } from './concat-bytes';

describe('concatBytes', () => {
  it('joins chunks in order, keeping every byte', () => {
    const out = concatBytes([Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3), Uint8Array.of(4, 5, 6)]);
    expect(Array.from(out)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('returns a lone chunk as it is and an empty list as no bytes', () => {
    const only = Uint8Array.of(9, 8);
    expect(concatBytes([only])).toBe(only);
    expect(concatBytes([]).length).toBe(0);
  });
});
