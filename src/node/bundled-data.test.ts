import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledDatasetPath, readBundledDataset } from './bundled-data';
import { barsOf } from '../engine/bar-series';

describe('readBundledDataset', () => {
  it('reads sp500 from node_modules: SPX daily bars 2000-01-03 … 2020-04-17, one per data line', () => {
    const path = bundledDatasetPath('sp500');
    expect(path.endsWith('vega-datasets/data/sp500-2000.csv')).toBe(true);
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const ds = readBundledDataset('sp500');
    expect(ds.series).toHaveLength(1);
    const s = ds.series[0]!;
    expect(s.symbol).toBe('SPX');
    expect(s.timeframe).toBe('1d');
    // The file holds 5,105 data rows (5,106 lines, no trailing newline — `wc -l` shows 5,105).
    expect(barsOf(s)).toHaveLength(lines.length - 1);
    expect(barsOf(s)).toHaveLength(5105);
    expect(new Date(barsOf(s)[0]!.timestamp).toISOString()).toBe('2000-01-03T00:00:00.000Z');
    expect(new Date(barsOf(s).at(-1)!.timestamp).toISOString()).toBe('2020-04-17T00:00:00.000Z');
    expect(barsOf(s)[0]!.open).toBe(1469.25);
    expect(barsOf(s).at(-1)!.close).toBe(2874.560059);
  });

  it('reads stocks and aapl, and names the ids on an unknown one', () => {
    expect(readBundledDataset('stocks').series).toHaveLength(5);
    expect(readBundledDataset('aapl').series[0]!.symbol).toBe('AAPL');
    expect(() => readBundledDataset('nope')).toThrow(/known datasets/);
  });
});
