import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeShareHash, encodeShareHash, MAX_SHARE_INFLATED_BYTES } from './share-link';

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('share link', () => {
  it('round-trips a config with unicode and the dataset id', () => {
    const configText = 'name: "Crossover — test ✓"\n' + 'containers: []\n'.repeat(200);
    const hash = encodeShareHash({ configText, datasetId: 'sp500' });
    expect(hash).toMatch(/^#cfg=[A-Za-z0-9_-]+&ds=/);
    // Deflate makes a repetitive config much shorter than its text.
    expect(hash.length).toBeLessThan(configText.length / 4);
    expect(decodeShareHash(hash)).toEqual({ configText, datasetId: 'sp500' });
  });
  it('returns null without a share part and an error for a damaged one', () => {
    expect(decodeShareHash('')).toBeNull();
    expect(decodeShareHash('#tab=trades')).toBeNull();
    const bad = decodeShareHash('#cfg=AAAA&ds=x');
    expect(bad).toMatchObject({ kind: 'damaged', error: expect.stringMatching(/damaged/) });
  });
  it('says a truncated link is damaged, whichever part was cut', () => {
    const csv = { name: 'mine.csv', text: 'Date,Open,High,Low,Close,Volume\n' + Array.from({ length: 300 }, (_, i) => `2020-01-${String((i % 28) + 1).padStart(2, '0')},${i},${i + 1},${i - 1},${i},${i * 10}`).join('\n') };
    const hash = encodeShareHash({ configText: 'name: x\ndata:\n  source: csv:mine.csv\n', datasetId: 'csv:mine.csv', csv });
    for (const cut of [hash.length - 5, Math.floor(hash.length / 2), hash.indexOf('&ds=') - 3, 12]) {
      const decoded = decodeShareHash(hash.slice(0, cut));
      expect(decoded, `cut at ${cut}`).toMatchObject({ kind: 'damaged' });
    }
    // A link whose config text is not UTF-8 is damaged, not opened as mojibake.
    expect(decodeShareHash(`#cfg=${b64url(deflateSync(new Uint8Array([0xff, 0xfe, 0x00])))}&ds=sp500`)).toMatchObject({ kind: 'damaged' });
  });
});

describe('share links with imported data', () => {
  it('carry the CSV text exactly and give it back under its file name', () => {
    const text = 'Date,Open,High,Low,Close,Volume\r\n2020-01-02,1.5,2.25,1,2.125,100\r\n2020-01-03,2,3,1.75,2.875,200\r\n';
    const hash = encodeShareHash({ configText: 'data:\n  source: csv:my file.csv\n', datasetId: 'csv:my file.csv', csv: { name: 'my file.csv', text } });
    expect(hash).toContain('&csv=');
    expect(decodeShareHash(hash)).toEqual({ configText: 'data:\n  source: csv:my file.csv\n', datasetId: 'csv:my file.csv', csv: { name: 'my file.csv', text } });
  });
  it('refuses a CSV part for a dataset that is not an imported file', () => {
    const hash = encodeShareHash({ configText: 'x: 1\n', datasetId: 'csv:a.csv', csv: { name: 'a.csv', text: 'a' } }).replace('ds=csv%3Aa.csv', 'ds=sp500');
    expect(decodeShareHash(hash)).toMatchObject({ kind: 'damaged', error: expect.stringContaining('not an imported file') });
  });
  it('refuses a part that inflates past the cap without holding its output', () => {
    // 64 MB of zeros deflate to ~64 kB: the kind of bomb a hostile link would carry.
    const bomb = b64url(deflateSync(new Uint8Array(64 * 1024 * 1024), { level: 9 }));
    const decoded = decodeShareHash(`#cfg=${b64url(deflateSync(new TextEncoder().encode('name: x\n')))}&ds=csv%3Ab.csv&csv=${bomb}`);
    expect(decoded).toMatchObject({ kind: 'too-large', error: expect.stringMatching(/refused.*32 MB/) });
    // The same cap counts every part together.
    const small = decodeShareHash(encodeShareHash({ configText: 'y'.repeat(5000), datasetId: 'sp500' }), 4000);
    expect(small).toMatchObject({ kind: 'too-large' });
    expect(MAX_SHARE_INFLATED_BYTES).toBe(32 * 1024 * 1024);
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
