import { describe, expect, it } from 'vitest';
import { commentLineIndent } from './comment-line-indent';

describe('commentLineIndent', () => {
  it("keeps a comment line's indentation", () => {
    expect(commentLineIndent('    # bars to look back', 23)).toBe('    ');
    expect(commentLineIndent('# top', 5)).toBe('');
  });
  it('leaves other lines and a split comment to the default', () => {
    expect(commentLineIndent('  lookback: 20  # bars', 22)).toBeNull();
    expect(commentLineIndent('    # bars to look back', 8)).toBeNull();
  });
});
