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

describe('share links with user strategies', () => {
  it('carry the strategy sources and give them back unchanged', () => {
    const userStrategies = [{ name: 'my_ma', source: "export const params = {};\nexport function onBar(bar, ctx) { ctx.emitSignal(bar.symbol, 'long'); } // ünïcode" }];
    const hash = encodeShareHash({ configText: 'name: x\n', datasetId: 'aapl', userStrategies });
    expect(decodeShareHash(hash)).toEqual({ configText: 'name: x\n', datasetId: 'aapl', userStrategies });
    // Links without strategies stay as they were.
    expect(encodeShareHash({ configText: 'name: x\n', datasetId: 'aapl' })).not.toContain('&us=');
  });

  it('report damaged strategy data instead of throwing', () => {
    const hash = encodeShareHash({ configText: 'name: x\n', datasetId: 'aapl', userStrategies: [{ name: 'a', source: 'b' }] });
    const broken = hash.replace(/&us=.*/, '&us=AAAA');
    expect(decodeShareHash(broken)).toMatchObject({ error: expect.stringContaining('damaged') });
  });
});
