import { describe, expect, it } from 'vitest';
import { readRunArchive } from '../../storage/run-archive';
import { makeBacktestResult } from '../../storage/backtest-result-fixture';
import { dataCarriedBy, zipRunWithData } from './share-zip';

describe('run zip with its data', () => {
  it('is still a run archive and carries the CSV byte for byte', () => {
    const result = makeBacktestResult();
    const csv = { name: 'my bars.csv', text: 'Date,Open,High,Low,Close,Volume\r\n2020-01-02,1,2,0.5,1.5,10\r\n' };
    const bytes = zipRunWithData({ name: 'r', createdAt: Date.UTC(2024, 0, 1), datasetId: 'csv:my bars.csv', configText: 'name: r\n', result }, csv);
    const read = readRunArchive(bytes);
    expect(read.ok).toBe(true);
    expect(read.ok && read.archive.configText).toBe('name: r\n');
    expect(dataCarriedBy(bytes)).toEqual([csv]);
  });
  it('finds no data in a zip without any, or in bytes that are not a zip', () => {
    const result = makeBacktestResult();
    expect(dataCarriedBy(zipRunWithData({ name: 'r', createdAt: 0, datasetId: 'sp500', configText: 'x: 1\n', result }, null))).toEqual([]);
    expect(dataCarriedBy(new Uint8Array([1, 2, 3]))).toEqual([]);
  });
});
