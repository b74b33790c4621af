import { describe, expect, it } from 'vitest';
import { yamlPathAt } from './yaml-path-at';

const at = (doc: string) => {
  const offset = doc.indexOf('|');
  return yamlPathAt(doc.replace('|', ''), offset);
};

describe('yamlPathAt', () => {
  it('finds a top-level key being typed', () => {
    expect(at('name: x\ntra|')).toMatchObject({ path: [], kind: 'key', word: 'tra' });
  });
  it('finds nested keys by indentation', () => {
    const c = at('trace_settings:\n  default:\n    retention_policy: tr|');
    expect(c).toMatchObject({ path: ['trace_settings', 'default', 'retention_policy'], kind: 'value', word: 'tr' });
  });
  it('leaves a deeper block when the indent drops', () => {
    const c = at('a:\n  b:\n    c: 1\n  d|');
    expect(c).toMatchObject({ path: ['a'], kind: 'key', word: 'd' });
  });
  it('walks list items', () => {
    const c = at('containers:\n  - id: p1\n    type: portfolio\n    si|');
    expect(c.path).toEqual(['containers', { item: true }]);
    expect(c.kind).toBe('key');
    const d = at('containers:\n  - id: p1\n  - ty|');
    expect(d.path).toEqual(['containers', { item: true }]);
  });
  it('reads quoted pattern keys and ignores comments', () => {
    const c = at('trace_settings:\n  container_settings:\n    "portfolio_*":  # comment\n      enabled: |');
    expect(c.path).toEqual(['trace_settings', 'container_settings', 'portfolio_*', 'enabled']);
    expect(c.kind).toBe('value');
  });
  it('reports where the value word starts', () => {
    const doc = 'a:\n  b: hel|';
    const c = at(doc);
    expect(c.from).toBe(doc.indexOf('hel'));
  });
});
