import { describe, expect, it } from 'vitest';
import { apiDocsFor } from './strategy-api-docs';

describe('apiDocsFor', () => {
  it('documents the API names a strategy uses, from the declarations text', () => {
    const emit = apiDocsFor('emitSignal');
    expect(emit.length).toBeGreaterThan(0);
    expect(emit[0]!.signature).toContain('emitSignal(');
    expect(apiDocsFor('close')[0]!.signature).toContain('close');
    expect(apiDocsFor('sma')[0]!.doc.length).toBeGreaterThan(0);
    expect(apiDocsFor('notAnApiName')).toEqual([]);
  });
});
