import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_YAML } from '../../../core/config/default-config';
import { withDataSource } from './with-data-source';

describe('withDataSource', () => {
  const text = '# my study\nname: x\ndata:\n  source: sp500 # index\n  symbols: [SPX]\n  timeframes: ["1d"]\n\n# the rest\ncontainers: []\n';

  it('changes only data.source when the new data has the symbols and timeframe', () => {
    const out = withDataSource(text, 'csv:spx copy.csv', { symbols: ['SPX'], timeframe: '1d' });
    expect(out).toEqual({ text: text.replace('source: sp500 # index', 'source: csv:spx copy.csv # index'), removedSymbols: [] });
  });
  it('keeps data.symbols when nothing says the new data lacks them (a CSV not yet read)', () => {
    expect(withDataSource(text, 'csv:x.csv').text).toBe(text.replace('source: sp500', 'source: csv:x.csv'));
  });
  it('removes only the symbols the new data lacks, and says which', () => {
    const several = text.replace('symbols: [SPX]', 'symbols: [SPX, AAPL]');
    const out = withDataSource(several, 'aapl', { symbols: ['AAPL'], timeframe: '1d' });
    expect(out.text).toBe(several.replace('source: sp500', 'source: aapl').replace('symbols: [SPX, AAPL]', 'symbols: [AAPL]'));
    expect(out.removedSymbols).toEqual(['SPX']);
    const none = withDataSource(text, 'aapl', { symbols: ['AAPL'] });
    expect(none.text).toBe(text.replace('source: sp500', 'source: aapl').replace('  symbols: [SPX]\n', ''));
    expect(none.removedSymbols).toEqual(['SPX']);
  });
  it('sets the new data’s timeframe in place when it differs', () => {
    const out = withDataSource(text, 'stocks', { timeframe: '1mo', symbols: ['AAPL', 'MSFT'] });
    expect(out.text).toBe(text.replace('source: sp500', 'source: stocks').replace('  symbols: [SPX]\n', '').replace('timeframes: ["1d"]', 'timeframes: [1mo]'));
  });
  it('adds a data block when there is none and leaves broken YAML alone', () => {
    expect(withDataSource('name: x\n', 'stocks').text).toBe('name: x\ndata:\n  source: stocks\n');
    expect(withDataSource('a: [', 'stocks')).toMatchObject({ text: 'a: [', blocked: expect.stringMatching(/line/) });
    expect(withDataSource('data:\n  source: aapl\n', 'aapl').text).toBe('data:\n  source: aapl\n');
  });
  it('keeps the default study byte for byte outside the keys it changes', () => {
    const out = withDataSource(DEFAULT_CONFIG_YAML, 'aapl', { symbols: ['AAPL'], timeframe: '1d' }).text;
    expect(out).toBe(DEFAULT_CONFIG_YAML.replace('  source: sp500 ', '  source: aapl ').replace(/ {2}symbols: \[SPX\][^\n]*\n/, ''));
  });
});
