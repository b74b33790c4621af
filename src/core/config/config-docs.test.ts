// docs/config.md is generated from the schema; this fails when someone changes the
// schema without running `npx tsx scripts/gen-config-docs.ts` (or edits the doc by hand).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from './config-docs';
import { studioConfigJsonSchema, type JsonSchemaNode } from './studio-config-json-schema';

describe('config reference and JSON Schema', () => {
  it('docs/config.md is up to date with the schema', () => {
    const onDisk = readFileSync(new URL('../../../docs/config.md', import.meta.url), 'utf8');
    const expected = renderConfigDocs(studioConfigJsonSchema());
    expect(onDisk === expected, 'docs/config.md is stale: run `npx tsx scripts/gen-config-docs.ts`').toBe(true);
  });

  it('every key in the JSON Schema has a description (editor hover docs)', () => {
    const schema = studioConfigJsonSchema();
    const missing: string[] = [];
    const visit = (s: JsonSchemaNode, path: string): void => {
      for (const [k, child] of Object.entries(s.properties ?? {})) {
        const p = `${path}.${k}`;
        const described = child.description !== undefined || child.$ref !== undefined;
        // Discriminator literals (type: strategy …) describe their branch.
        if (!described) missing.push(p);
        visit(child, p);
      }
      for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) visit(alt, path);
      if (s.items) visit(s.items, `${path}[]`);
      if (s.additionalProperties && typeof s.additionalProperties === 'object') visit(s.additionalProperties, `${path}.*`);
    };
    visit(schema, '');
    for (const [name, def] of Object.entries(schema.$defs ?? {})) visit(def, `$defs.${name}`);
    expect(missing).toEqual([]);
  });

  it('documents every key the parser accepts (spot checks across sections)', () => {
    const md = renderConfigDocs(studioConfigJsonSchema());
    for (const key of ['`data.source`', '`execution.slippage_bps`', '`sizing.percent`', '`barriers.timing.max_signals_per_minute`', '`container_settings`', '`overrides[].pattern`', '`dynamic_rules[].condition`', '`optimization.walk_forward.anchored`', '`portfolio_settings.sliding_window_size`']) {
      expect(md).toContain(key);
    }
    expect(md).toContain('```yaml\nexecution:\n  slippage_bps: 5\n```');
  });

  it('the JSON Schema is draft 2020-12 and closed (unknown keys are not allowed)', () => {
    const schema = studioConfigJsonSchema();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties ?? {})).toEqual([
      'name', 'environment', 'initial_capital', 'data', 'execution', 'containers', 'trace_settings', 'portfolio_settings', 'development', 'production', 'environments', 'optimization',
    ]);
  });
});
