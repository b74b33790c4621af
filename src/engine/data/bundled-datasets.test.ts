import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_DATASETS, getBundledDataset, loadBundledDataset } from './bundled-datasets';
import { barsOf } from '../bar-series';

function csvOf(id: string): string {
  const d = getBundledDataset(id);
  return readFileSync(`node_modules/${d.package}/${d.path}`, 'utf8');
}

describe('bundled datasets', () => {
  it('each descriptor matches the file it points to (symbols, timeframe, dates, bar count)', () => {
    for (const d of BUNDLED_DATASETS) {
      const ds = loadBundledDataset(d.id, csvOf(d.id));
      expect(ds.id).toBe(d.id);
      expect(ds.source).toBe(d.source);
      expect(ds.series.map((s) => s.symbol).sort()).toEqual([...d.symbols].sort());
      expect(ds.series.every((s) => s.timeframe === d.timeframe)).toBe(true);
      const all = ds.series.flatMap((s) => barsOf(s).map((b) => b.timestamp));
      expect(all).toHaveLength(d.barCount);
      expect(new Date(Math.min(...all)).toISOString().slice(0, 10)).toBe(d.firstDate);
      expect(new Date(Math.max(...all)).toISOString().slice(0, 10)).toBe(d.lastDate);
    }
  });

  it('names the known ids on an unknown one and reports broken text', () => {
    expect(() => getBundledDataset('spx')).toThrow(/known datasets are sp500, stocks, aapl/);
    expect(() => loadBundledDataset('sp500', 'date,open,high,low,close\n2000-01-03,1,0.5,2,1\n')).toThrow(/sp500-2000.csv:2: High 0.5 is below low 2/);
  });
});
