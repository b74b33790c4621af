import { describe, expect, it } from 'vitest';
import { editYaml, YamlEditError } from './edit-yaml';

const STUDY = [
  '# my study — keep this',
  'name: x   # spaced comment',
  'data:',
  '  source: sp500 # index',
  '  symbols: [SPX]',
  '  timeframes: ["1d"]',
  '',
  'containers:',
  '  - id: s1',
  '    type: strategy',
  '    params:',
  '      lookback: 20 # bars',
  '      k: 2',
  '  - id: p',
  '    type: portfolio',
  'optimization:',
  '  parameters:',
  '    s1.params.lookback: [10, 20]',
  '',
].join('\n');

describe('editYaml', () => {
  it('replaces one scalar and leaves every other byte alone', () => {
    const out = editYaml(STUDY, [{ op: 'set', path: ['data', 'source'], value: 'aapl' }]);
    expect(out).toBe(STUDY.replace('source: sp500 # index', 'source: aapl # index'));
  });
  it('sets a key inside a list item and a flow list', () => {
    const out = editYaml(STUDY, [
      { op: 'set', path: ['containers', 0, 'params', 'lookback'], value: 35 },
      { op: 'set', path: ['data', 'timeframes'], value: ['1mo'] },
    ]);
    expect(out).toBe(STUDY.replace('lookback: 20 # bars', 'lookback: 35 # bars').replace('timeframes: ["1d"]', 'timeframes: [1mo]'));
  });
  it('adds a missing key at the end of its block, at the block’s indentation', () => {
    const out = editYaml(STUDY, [{ op: 'set', path: ['containers', 0, 'params', 'fast'], value: 5 }]);
    expect(out).toBe(STUDY.replace('      k: 2\n', '      k: 2\n      fast: 5\n'));
    const nested = editYaml('name: x\n', [{ op: 'set', path: ['data', 'source'], value: 'csv:my file.csv' }]);
    expect(nested).toBe('name: x\ndata:\n  source: csv:my file.csv\n');
  });
  it('deletes exactly one key’s lines', () => {
    const out = editYaml(STUDY, [{ op: 'delete', path: ['data', 'symbols'] }]);
    expect(out).toBe(STUDY.replace('  symbols: [SPX]\n', ''));
    expect(editYaml(STUDY, [{ op: 'delete', path: ['data', 'nothing'] }])).toBe(STUDY);
  });
  it('replaces a block map key by key, keeping the comments of the keys that stay', () => {
    const out = editYaml(STUDY, [{ op: 'set', path: ['containers', 0, 'params'], value: { lookback: 30, fast: 3 } }]);
    expect(out).toBe(STUDY.replace('      lookback: 20 # bars\n      k: 2\n', '      lookback: 30 # bars\n      fast: 3\n'));
  });
  it('quotes only strings that need it and keeps CRLF line endings', () => {
    const crlf = STUDY.replace(/\n/g, '\r\n');
    const out = editYaml(crlf, [{ op: 'set', path: ['name'], value: 'a: b' }, { op: 'set', path: ['data', 'extra'], value: true }]);
    expect(out).toContain('name: "a: b"   # spaced comment\r\n');
    expect(out).toContain('  timeframes: ["1d"]\r\n  extra: true\r\n\r\ncontainers:');
  });
  it('refuses YAML with syntax errors, saying where', () => {
    expect(() => editYaml('a: [\n', [{ op: 'set', path: ['a'], value: 1 }])).toThrow(YamlEditError);
    expect(() => editYaml('a: [\n', [{ op: 'set', path: ['a'], value: 1 }])).toThrow(/line \d/);
  });
});
