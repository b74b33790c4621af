import { describe, expect, it } from 'vitest';
import { mergeImportedStrategies, renameUserReferences } from './merge-imported-strategies';

describe('mergeImportedStrategies', () => {
  it('saves new names, reuses identical sources and keeps both when a name has a different source', () => {
    const saved = [
      { name: 'a', source: 'A1' },
      { name: 'b', source: 'B1' },
    ];
    const out = mergeImportedStrategies(saved, [
      { name: 'a', source: 'A1' },
      { name: 'b', source: 'B2' },
      { name: 'c', source: 'C1' },
    ]);
    expect(out.toSave).toEqual([
      { name: 'b-2', source: 'B2' },
      { name: 'c', source: 'C1' },
    ]);
    expect(out.renames).toEqual({ b: 'b-2' });
  });

  it('reuses an earlier renamed import of the same text and skips taken suffixes', () => {
    const saved = [
      { name: 'b', source: 'B1' },
      { name: 'b-2', source: 'B2' },
    ];
    expect(mergeImportedStrategies(saved, [{ name: 'b', source: 'B2' }])).toEqual({ toSave: [], renames: { b: 'b-2' } });
    expect(mergeImportedStrategies(saved, [{ name: 'b', source: 'B3' }])).toEqual({ toSave: [{ name: 'b-3', source: 'B3' }], renames: { b: 'b-3' } });
  });
});

describe('renameUserReferences', () => {
  it('rewrites only the renamed user: references', () => {
    const yaml = ['containers:', '  - id: s1', '    strategy: user:b', '  - id: s2', '    strategy: "user:bb"', '  - id: s3', '    strategy: momentum', '# strategy: user:b in a comment stays'].join('\n');
    const out = renameUserReferences(yaml, { b: 'b-2' });
    expect(out.split('\n')[2]).toBe('    strategy: user:b-2');
    expect(out.split('\n')[4]).toBe('    strategy: "user:bb"');
    expect(out.split('\n')[7]).toBe('# strategy: user:b in a comment stays');
  });
});
