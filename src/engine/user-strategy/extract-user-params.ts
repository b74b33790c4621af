// Reads a user strategy's `export const params = { … }` from its AST without running
// it (the editor and the sweep need defaults and ranges before any sandbox exists):
// every value must be a literal, and each problem is reported at its line.
import type { Expression, Node, ObjectExpression, Property, SpreadElement } from 'acorn';
import type { UserParamSpec, UserSourceError } from './user-strategy-api';

type Literal = number | string | boolean;

const FIELDS = ['default', 'min', 'max', 'step', 'description', 'type', 'options'] as const;
const TYPES = ['integer', 'number', 'boolean', 'string'] as const;

export interface ExtractedParams {
  specs: UserParamSpec[];
  errors: UserSourceError[];
}

function at(node: Node, message: string): UserSourceError {
  return { message, line: node.loc!.start.line, column: node.loc!.start.column + 1 };
}

/** The value of a literal expression (42, -1.5, 'x', true, `text`), or undefined. */
export function literalValue(node: Expression | SpreadElement): Literal | undefined {
  if (node.type === 'Literal') {
    const v = node.value;
    return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : undefined;
  }
  if (node.type === 'UnaryExpression' && (node.operator === '-' || node.operator === '+') && node.argument.type === 'Literal' && typeof node.argument.value === 'number') {
    return node.operator === '-' ? -node.argument.value : node.argument.value;
  }
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]!.value.cooked ?? undefined;
  return undefined;
}

/** A property's plain key ('fast' of `fast:` or `'fast':`), or undefined for computed keys. */
export function propertyKey(p: Property): string | undefined {
  if (p.computed) return undefined;
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'Literal' && typeof p.key.value === 'string') return p.key.value;
  return undefined;
}

const NOT_LITERAL = 'must be a literal (a number, string, true or false): params are read without running your code.';

export function extractUserParams(object: ObjectExpression): ExtractedParams {
  const specs: UserParamSpec[] = [];
  const errors: UserSourceError[] = [];
  const seen = new Set<string>();
  for (const prop of object.properties) {
    if (prop.type !== 'Property' || prop.kind !== 'init' || prop.method) {
      errors.push(at(prop, 'params: each entry must be `name: { default: …, min?, max?, step?, description? }`.'));
      continue;
    }
    const name = propertyKey(prop);
    if (name === undefined) {
      errors.push(at(prop, 'params: a param name must be a plain name, not a computed key.'));
      continue;
    }
    if (seen.has(name)) {
      errors.push(at(prop, `params.${name} is declared twice.`));
      continue;
    }
    seen.add(name);
    if (name === 'timeframe') {
      errors.push(at(prop, "params.timeframe is reserved: the studio adds it to every strategy (which timeframe's bars reach onBar). Use another name."));
      continue;
    }
    const spec = readSpec(name, prop.value, errors);
    if (spec !== undefined) specs.push(spec);
  }
  return { specs, errors };
}

function readSpec(name: string, value: Property['value'], errors: UserSourceError[]): UserParamSpec | undefined {
  const line = value.loc!.start.line;
  const fields = new Map<string, { value: Literal | readonly string[]; node: Node }>();
  if (value.type !== 'ObjectExpression') {
    // Shorthand `fast: 10` = `fast: { default: 10 }`.
    const v = literalValue(value);
    if (v === undefined) {
      errors.push(at(value, `params.${name} ${NOT_LITERAL}`));
      return undefined;
    }
    fields.set('default', { value: v, node: value });
  } else {
    for (const p of value.properties) {
      const key = p.type === 'Property' ? propertyKey(p) : undefined;
      if (p.type !== 'Property' || key === undefined || p.kind !== 'init' || p.method) {
        errors.push(at(p, `params.${name}: write plain fields (${FIELDS.join(', ')}).`));
        return undefined;
      }
      if (!(FIELDS as readonly string[]).includes(key)) {
        errors.push(at(p, `params.${name}.${key} is not a param field (fields: ${FIELDS.join(', ')}).`));
        return undefined;
      }
      if (key === 'options') {
        const list = p.value.type === 'ArrayExpression' ? p.value.elements.map((e) => (e === null ? undefined : literalValue(e))) : undefined;
        if (list === undefined || list.some((e) => typeof e !== 'string')) {
          errors.push(at(p.value, `params.${name}.options must be a list of strings, e.g. ['bollinger', 'rsi'].`));
          return undefined;
        }
        fields.set(key, { value: list as string[], node: p.value });
        continue;
      }
      const v = literalValue(p.value as Expression);
      if (v === undefined) {
        errors.push(at(p.value, `params.${name}.${key} ${NOT_LITERAL}`));
        return undefined;
      }
      fields.set(key, { value: v, node: p.value });
    }
  }
  const def = fields.get('default');
  if (def === undefined) {
    errors.push(at(value, `params.${name} needs a default, e.g. { default: 10, min: 1, max: 100 }.`));
    return undefined;
  }
  const bad = (field: string, message: string) => {
    errors.push(at(fields.get(field)?.node ?? value, `params.${name}${field === '' ? '' : `.${field}`} ${message}`));
    return undefined;
  };
  const num = (field: string): number | undefined | null => {
    const f = fields.get(field);
    if (f === undefined) return undefined;
    if (typeof f.value !== 'number' || !Number.isFinite(f.value)) return null;
    return f.value;
  };
  const min = num('min');
  const max = num('max');
  const step = num('step');
  if (min === null) return bad('min', 'must be a number.');
  if (max === null) return bad('max', 'must be a number.');
  if (step === null) return bad('step', 'must be a number.');
  const descField = fields.get('description');
  if (descField !== undefined && typeof descField.value !== 'string') return bad('description', 'must be a string.');
  const description = (descField?.value as string | undefined) ?? '';
  const typeField = fields.get('type');
  if (typeField !== undefined && !(TYPES as readonly unknown[]).includes(typeField.value)) return bad('type', `must be one of ${TYPES.map((t) => `'${t}'`).join(', ')}.`);
  const optionsField = fields.get('options');
  const d = def.value;
  let type: UserParamSpec['type'];
  if (typeField !== undefined) type = typeField.value as UserParamSpec['type'];
  else if (typeof d === 'boolean') type = 'boolean';
  else if (typeof d === 'string') type = 'string';
  // Integer when every number given is whole: `fast: {default: 10, min: 2, max: 100}`; write a fractional step or type 'number' otherwise.
  else type = [d, min, max, step].every((n) => n === undefined || Number.isInteger(n)) ? 'integer' : 'number';

  const spec: UserParamSpec = { name, type, default: d as Literal, description, line };
  if (type === 'integer' || type === 'number') {
    if (typeof d !== 'number' || !Number.isFinite(d)) return bad('default', `must be a number (the param is ${type === 'integer' ? 'an integer' : 'a number'}).`);
    if (type === 'integer' && !Number.isInteger(d)) return bad('default', "must be a whole number (the param is an integer; write type: 'number' for fractions).");
    if (min !== undefined && max !== undefined && min > max) return bad('min', `must not exceed max (${min} > ${max}).`);
    if (min !== undefined && d < min) return bad('default', `must be at least min (${d} < ${min}).`);
    if (max !== undefined && d > max) return bad('default', `must be at most max (${d} > ${max}).`);
    if (step !== undefined && !(step > 0)) return bad('step', 'must be greater than 0.');
    if (min !== undefined) spec.min = min;
    if (max !== undefined) spec.max = max;
    if (step !== undefined) spec.step = step;
    if (optionsField !== undefined) return bad('options', 'is only for string params.');
  } else {
    if (min !== undefined || max !== undefined || step !== undefined) return bad(min !== undefined ? 'min' : max !== undefined ? 'max' : 'step', `is only for numeric params (this one is ${type}).`);
    if (type === 'boolean' && typeof d !== 'boolean') return bad('default', 'must be true or false.');
    if (type === 'string') {
      if (typeof d !== 'string') return bad('default', 'must be a string.');
      if (optionsField !== undefined) {
        const options = optionsField.value as readonly string[];
        if (!options.includes(d)) return bad('default', `must be one of its options (${options.map((o) => `'${o}'`).join(', ')}).`);
        spec.options = options;
      }
    } else if (optionsField !== undefined) return bad('options', 'is only for string params.');
  }
  return spec;
}
