import { describe, expect, it } from 'vitest';
import { withDataSource } from './with-data-source';

describe('withDataSource', () => {
  it('switches data.source, drops the old symbols and keeps comments', () => {
    const text = '# my study\nname: x\ndata:\n  source: sp500 # index\n  symbols: [SPX]\n  timeframes: ["1d"]\n';
    const out = withDataSource(text, 'aapl');
    expect(out).toContain('# my study');
    expect(out).toMatch(/source: aapl/);
    expect(out).not.toContain('SPX');
    expect(out).toContain('timeframes');
  });
  it('sets the new data’s timeframe when it is known', () => {
    const out = withDataSource('data:\n  source: sp500\n  timeframes: ["1d"]\n', 'stocks', '1mo');
    expect(out).toMatch(/timeframes: \[ "?1mo"? \]/);
    expect(out).not.toContain('1d');
  });
  it('adds a data block when there is none and leaves broken YAML alone', () => {
    expect(withDataSource('name: x\n', 'stocks')).toContain('source: stocks');
    expect(withDataSource('a: [', 'stocks')).toBe('a: [');
    expect(withDataSource('data:\n  source: aapl\n', 'aapl')).toBe('data:\n  source: aapl\n');
  });
});
