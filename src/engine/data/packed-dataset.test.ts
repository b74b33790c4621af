import { describe, expect, it } from 'vitest';
import { barsOf } from '../bar-series';
import { generateSyntheticBars } from './synthetic-bars';
import { packDataset, unpackDataset, wireDatasetSource } from './packed-dataset';

const DATA = generateSyntheticBars({ seed: 3, symbols: ['A', 'B'], days: 2, timeframes: ['1m', '1h'] });

describe('packDataset / wireDatasetSource', () => {
  it('unpacks to the same bars, every column a view on the one buffer', () => {
    const packed = packDataset(DATA);
    const back = unpackDataset(packed);
    expect(back.series.map((s) => [s.symbol, s.timeframe])).toEqual(DATA.series.map((s) => [s.symbol, s.timeframe]));
    back.series.forEach((s, i) => {
      expect(barsOf(s)).toEqual(barsOf(DATA.series[i]!));
      expect(s.close.buffer).toBe(packed.buffer);
    });
    expect(packed.buffer.byteLength).toBe(DATA.series.reduce((n, s) => n + s.time.length, 0) * 48);
  });

  it('shares one SharedArrayBuffer across workers, or moves a fresh ArrayBuffer per worker', () => {
    const source = { kind: 'dataset' as const, dataset: DATA };
    const a = wireDatasetSource(source, true);
    const b = wireDatasetSource(source, true);
    expect(a.transfer).toEqual([]);
    expect(a.source.kind === 'packed' && b.source.kind === 'packed' && a.source.packed.buffer === b.source.packed.buffer).toBe(true);
    const c = wireDatasetSource(source, false);
    const d = wireDatasetSource(source, false);
    expect(c.transfer).toHaveLength(1);
    expect(c.transfer[0]).not.toBe(d.transfer[0]);
    // Other sources pass through untouched.
    const bundled = { kind: 'bundled', id: 'sp500' };
    expect(wireDatasetSource(bundled, false).source).toBe(bundled);
  });
});
