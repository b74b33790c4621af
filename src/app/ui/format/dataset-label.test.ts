import { describe, expect, it } from 'vitest';
import { datasetLabel } from './dataset-label';

describe('datasetLabel', () => {
  it('reads the synthetic generator by its options, never as a raw key', () => {
    expect(datasetLabel('synthetic:{}')).toBe('Synthetic bars (default seed)');
    expect(datasetLabel('synthetic:{"seed":7,"days":20}')).toBe('Synthetic bars (seed 7, days 20)');
  });
  it('names bundled data and imported files as the YAML does', () => {
    expect(datasetLabel('sp500')).toBe('sp500');
    expect(datasetLabel('csv:GOOG.csv')).toBe('csv:GOOG.csv');
  });
});
