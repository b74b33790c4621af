// JSON Schema of the YAML language, derived from the zod schema (the single source of
// truth) for the editor's completion/hover and docs/config.md. Input side: defaults are
// shown as `default`, keys with defaults are optional.
import { z } from 'zod';
import { studioConfigSchema } from './config-schema';

/** A JSON Schema node as z.toJSONSchema emits it (the subset the docs and editor read). */
export interface JsonSchemaNode {
  $schema?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
  id?: string;
  title?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  propertyNames?: JsonSchemaNode;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
}

/** The studio config's JSON Schema (draft 2020-12), with a description on every key. */
export function studioConfigJsonSchema(): JsonSchemaNode {
  return z.toJSONSchema(studioConfigSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchemaNode;
}
