// optimization.constraint: a condition over the swept parameters (the dynamic-rules condition
// grammar, parsed by the same hand-written parser, never evaluated as JavaScript) that drops
// combinations before they run — `fast < slow` keeps only the points a crossover can use.
// A name is a swept parameter's full path (strategy_ma_1.params.fast) or, when no other swept
// parameter ends the same way, its last segment (fast). Booleans count as 1/0; text-valued
// parameters cannot be compared. A point that lacks a named parameter (phase 1, before a
// later phase sweeps it) is not judged by the constraint.
import { evaluateCondition, parseCondition, type ConditionNode } from './condition-expression';
import type { SweepParameter } from './studio-config';

type SweepValue = number | string | boolean;

export interface SweepConstraint {
  readonly text: string;
  /** Whether the point may run (true also when it lacks a parameter the constraint names). */
  allows(params: Readonly<Record<string, SweepValue>>): boolean;
}

export type SweepConstraintResult = { ok: true; constraint: SweepConstraint } | { ok: false; message: string };

/**
 * Compiles `text` against every parameter the sweep varies (all phases): a syntax error (with
 * its character position), a name that is no swept parameter (or is ambiguous), or a parameter
 * with text values is refused with a message for optimization.constraint.
 */
export function compileSweepConstraint(text: string, parameters: readonly SweepParameter[]): SweepConstraintResult {
  try {
    return { ok: true, constraint: compile(text, parameters) };
  } catch (error) {
    if (error instanceof ConstraintError) return { ok: false, message: error.message };
    throw error;
  }
}

class ConstraintError extends Error {}

function compile(text: string, parameters: readonly SweepParameter[]): SweepConstraint {
  const parsed = parseCondition(text);
  if (!parsed.ok) throw new ConstraintError(`${parsed.error.message} (at character ${parsed.error.offset + 1} of "${text}")`);
  const byPath = new Map<string, SweepParameter>();
  for (const p of parameters) byPath.set(p.path, p);
  const byLast = new Map<string, string[]>();
  for (const path of byPath.keys()) {
    const last = path.slice(path.lastIndexOf('.') + 1);
    byLast.set(last, [...(byLast.get(last) ?? []), path]);
  }
  // Condition name → the parameter path it reads.
  const resolved = new Map<string, string>();
  for (const name of parsed.names) {
    let path: string | undefined = byPath.has(name) ? name : undefined;
    if (path === undefined) {
      const candidates = byLast.get(name) ?? [];
      if (candidates.length > 1) throw new ConstraintError(`'${name}' could be ${candidates.join(' or ')}: write the full path`);
      path = candidates[0];
    }
    if (path === undefined) {
      const swept = [...byPath.keys()];
      throw new ConstraintError(`'${name}' is not a swept parameter (swept: ${swept.join(', ') || 'none'}); a constraint compares swept parameters, e.g. fast < slow`);
    }
    const textValue = byPath.get(path)!.values.find((v) => typeof v === 'string');
    if (textValue !== undefined) throw new ConstraintError(`'${name}' takes text values ('${String(textValue)}'); a constraint compares numbers (true/false count as 1/0)`);
    resolved.set(name, path);
  }
  const node: ConditionNode = parsed.node;
  return {
    text,
    allows(params) {
      const values: Record<string, number> = {};
      for (const [name, path] of resolved) {
        const v = params[path];
        if (v === undefined) return true;
        values[name] = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
      }
      return evaluateCondition(node, values).value;
    },
  };
}
