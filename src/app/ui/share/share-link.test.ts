import { describe, expect, it } from 'vitest';
import { decodeShareHash, encodeShareHash } from './share-link';

describe('share link', () => {
  it('round-trips a config with unicode and the dataset id', () => {
    const configText = 'name: "Crossover — test ✓"\n' + 'containers: []\n'.repeat(200);
    const hash = encodeShareHash({ configText, datasetId: 'csv:my file' });
    expect(hash).toMatch(/^#cfg=[A-Za-z0-9_-]+&ds=/);
    // Deflate makes a repetitive config much shorter than its text.
    expect(hash.length).toBeLessThan(configText.length / 4);
    expect(decodeShareHash(hash)).toEqual({ configText, datasetId: 'csv:my file' });
  });
  it('returns null without a config and an error for a damaged one', () => {
    expect(decodeShareHash('')).toBeNull();
    expect(decodeShareHash('#tab=trades')).toBeNull();
    const bad = decodeShareHash('#cfg=AAAA&ds=x');
    expect(bad && 'error' in bad ? bad.error : '').toMatch(/damaged/);
  });
});
