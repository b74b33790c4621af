import { describe, expect, it } from 'vitest';
import { describeAt, keySuggestions, valueSuggestions, type JsonSchema } from './schema-walk';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'Run name' },
    trace_settings: { $ref: '#/$defs/traceSettings' },
    containers: { type: 'array', items: { oneOf: [{ $ref: '#/$defs/portfolio' }, { $ref: '#/$defs/strategy' }] } },
  },
  $defs: {
    block: {
      type: 'object',
      properties: {
        enabled: { type: 'boolean', description: 'Trace at all', default: true },
        retention_policy: { enum: ['trade_complete', 'full'], description: 'What to keep' },
      },
    },
    traceSettings: {
      type: 'object',
      properties: { default: { $ref: '#/$defs/block' }, container_settings: { type: 'object', additionalProperties: { $ref: '#/$defs/block' } } },
    },
    portfolio: { type: 'object', properties: { type: { const: 'portfolio' }, sizing: { type: 'object' } } },
    strategy: { type: 'object', properties: { type: { const: 'strategy' }, params: { type: 'object' } } },
  },
};

describe('schema walk', () => {
  it('offers top-level keys with their docs', () => {
    const keys = keySuggestions(schema, []);
    expect(keys.map((k) => k.key)).toEqual(['name', 'trace_settings', 'containers']);
    expect(keys[0]!.description).toBe('Run name');
  });
  it('follows $ref and additionalProperties (wildcard pattern keys)', () => {
    expect(keySuggestions(schema, ['trace_settings', 'container_settings', 'portfolio_*']).map((k) => k.key)).toEqual([
      'enabled',
      'retention_policy',
    ]);
  });
  it('unions oneOf branches of list items', () => {
    const keys = keySuggestions(schema, ['containers', { item: true }]).map((k) => k.key);
    expect(keys).toEqual(['type', 'sizing', 'params']);
    expect(valueSuggestions(schema, ['containers', { item: true }, 'type']).map((v) => v.value)).toEqual(['portfolio', 'strategy']);
  });
  it('offers enum values and describes a key', () => {
    const path = ['trace_settings', 'default', 'retention_policy'];
    expect(valueSuggestions(schema, path).map((v) => v.value)).toEqual(['trade_complete', 'full']);
    expect(describeAt(schema, ['trace_settings', 'default', 'enabled'])).toBe('Trace at all\ntype: boolean\ndefault: true');
    expect(describeAt(schema, ['nope'])).toBeNull();
  });
});
