// Compiles a user strategy in the browser without running it: sucrase strips the
// TypeScript (keeping every line where it was), acorn parses the result, the module's
// exports are checked and removed (`export ` becomes spaces, so columns stay too),
// params are read statically, and every loop/function gets a time guard. The output
// is plain data; only the sandbox evaluates it.
// Parse goal: the sandbox (an SES Compartment) evaluates `code` as a strict script, so
// `code` is parsed once more exactly as that before it is handed out; what a script and
// a module read differently (Annex B's `<!--` / `-->` HTML-like comments) is refused
// anywhere in the source, as SES itself refuses it, with its line.
import { parse, type Node, type ObjectExpression, type Program } from 'acorn';
import { full } from 'acorn-walk';
import { transform } from 'sucrase';
import { closestName } from '../strategies/closest-name';
import { extractUserParams, literalValue, propertyKey } from './extract-user-params';
import { applyEdits, guardInsertions, type CodeEdit } from './instrument-guards';
import { USER_SCOPE_NAMES } from './user-scope-names';
import {
  RESERVED_PREFIX,
  USER_STRATEGY_EXPORTS,
  type CompileUserStrategyResult,
  type UserParamSpec,
  type UserSourceError,
} from './user-strategy-api';

const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

function lineColumnAt(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

function errorAt(node: Node, message: string): UserSourceError {
  return { message, line: node.loc!.start.line, column: node.loc!.start.column + 1 };
}

/** Same length, newlines kept: removing text this way moves nothing else. */
function blank(code: string, start: number, end: number): CodeEdit {
  return { start, end, text: code.slice(start, end).replace(/[^\n\r\u2028\u2029]/g, ' ') };
}

/**
 * Text the evaluator refuses (SES rejects these by pattern, even inside strings and comments):
 * HTML-like comments, which scripts and modules parse differently, and `import(` / `eval(`
 * shapes. Reported at their line here, so a strategy never reaches the sandbox with them.
 */
const REFUSED_TEXT: readonly { pattern: RegExp; message: string }[] = [
  {
    pattern: /<!--|-->/g,
    message: "'<!--' and '-->' are not allowed anywhere in a strategy, not even in strings or comments: scripts and modules read them differently (an HTML-like comment in one, code in the other). Write '< !--' / '-- >' or build the string from parts.",
  },
  {
    pattern: /(^|[^.]|\.\.\.)\bimport(\s*(?:\(|\/[/*]))/g,
    message: "'import(' is not available in a strategy (not even in a string or comment): nothing can be loaded from the network.",
  },
  {
    pattern: /(^|[^.])\beval(\s*\()/g,
    message: "'eval(' is not available in a strategy (not even in a string or comment): code cannot be built from strings.",
  },
];

function refusedText(text: string): UserSourceError[] {
  const out: UserSourceError[] = [];
  for (const { pattern, message } of REFUSED_TEXT) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const at = m.index + (m[1]?.length ?? 0);
      out.push({ message, ...lineColumnAt(text, at) });
      if (m[0].length === 0) pattern.lastIndex++;
    }
  }
  return out;
}

function syntaxMessage(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s*\(\d+:\d+\)\s*$/, '');
}

/** Compiles `source` (TypeScript or JavaScript) as strategy `user:<name>`. Never throws on bad source. */
export function compileUserStrategy(source: string, name: string): CompileUserStrategyResult {
  if (!NAME.test(name)) {
    return { ok: false, errors: [{ message: `Strategy name '${name}' must start with a letter and hold only letters, digits, '_' and '-' (it is written as user:${name} in YAML).`, line: 1, column: 1 }] };
  }
  // HTML-like comments first: until they are gone, the parsers below may not even agree on what the code is.
  const refused = refusedText(source).filter((e) => e.message === REFUSED_TEXT[0]!.message);
  if (refused.length > 0) return { ok: false, errors: refused.sort((a, b) => a.line - b.line || a.column - b.column) };
  let js: string;
  try {
    js = transform(source, { transforms: ['typescript'], disableESTransforms: true, keepUnusedImports: true }).code;
  } catch (e) {
    const pos = (e as { pos?: unknown }).pos;
    const where = typeof pos === 'number' ? lineColumnAt(source, pos) : { line: 1, column: 1 };
    return { ok: false, errors: [{ message: `Syntax error: ${syntaxMessage(e)}.`, ...where }] };
  }
  let ast: Program;
  try {
    ast = parse(js, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    return { ok: false, errors: [{ message: `Syntax error: ${syntaxMessage(e)}.`, line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1 }] };
  }

  const errors: UserSourceError[] = [];
  // Forbidden syntax anywhere: imports (nothing to import in the sandbox) and the sandbox's reserved names.
  full(ast, (node) => {
    if (node.type === 'ImportExpression' || node.type === 'ImportDeclaration') {
      errors.push(errorAt(node, 'Imports are not available in a strategy: indicators are in scope (sma, ema, rsi, bollinger, highest, lowest, roc, zscore, stddev, regression) and everything else is plain JavaScript.'));
    } else if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') && node.async) {
      errors.push(errorAt(node, 'Async functions are not available: a strategy is synchronous (onBar returns before the next bar).'));
    } else if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) {
      errors.push(errorAt(node, "'await' is not available: a strategy is synchronous (onBar returns before the next bar)."));
    } else if (node.type === 'MetaProperty') {
      errors.push(errorAt(node, `'${node.meta.name}.${node.property.name}' is not available in a strategy.`));
    } else if (node.type === 'Identifier' && node.name.startsWith(RESERVED_PREFIX)) {
      errors.push(errorAt(node, `Names starting with '${RESERVED_PREFIX}' are reserved for the sandbox; rename '${node.name}'.`));
    }
  });

  const edits: CodeEdit[] = [];
  const exported = new Map<string, { local: string; node: Node }>();
  const declarators = new Map<string, { init: Node | null; kind: string; node: Node }>();
  const addExport = (exportedName: string, local: string, node: Node) => {
    if (!(USER_STRATEGY_EXPORTS as readonly string[]).includes(exportedName)) {
      const hint = closestName(exportedName, USER_STRATEGY_EXPORTS);
      errors.push(errorAt(node, `'${exportedName}' is not part of the strategy API${hint ? ` — did you mean '${hint}'?` : ''} (a strategy exports ${USER_STRATEGY_EXPORTS.join(', ')}; keep helpers unexported).`));
      return;
    }
    exported.set(exportedName, { local, node });
  };
  for (const stmt of ast.body) {
    if (stmt.type === 'VariableDeclaration' || (stmt.type === 'ExportNamedDeclaration' && stmt.declaration?.type === 'VariableDeclaration')) {
      const decl = stmt.type === 'VariableDeclaration' ? stmt : (stmt.declaration as typeof stmt & { type: 'VariableDeclaration' });
      const vd = decl.type === 'VariableDeclaration' ? decl : undefined;
      for (const d of vd?.declarations ?? []) if (d.id.type === 'Identifier') declarators.set(d.id.name, { init: d.init ?? null, kind: vd!.kind, node: d });
    }
    if (stmt.type === 'ExportDefaultDeclaration') {
      errors.push(errorAt(stmt, 'Use named exports: `export function onBar(bar, ctx) { … }` (and optionally init, params, description, symbolCount).'));
    } else if (stmt.type === 'ExportAllDeclaration' || (stmt.type === 'ExportNamedDeclaration' && stmt.source)) {
      errors.push(errorAt(stmt, 'Re-exports are not available in a strategy.'));
    } else if (stmt.type === 'ExportNamedDeclaration') {
      const decl = stmt.declaration;
      if (decl) {
        edits.push(blank(js, stmt.start, decl.start));
        if (decl.type === 'VariableDeclaration') {
          for (const d of decl.declarations) {
            if (d.id.type === 'Identifier') addExport(d.id.name, d.id.name, d);
            else errors.push(errorAt(d, 'Export plain names (`export const params = …`), not destructuring patterns.'));
          }
        } else if (decl.id) {
          addExport(decl.id.name, decl.id.name, decl);
        }
      } else {
        edits.push(blank(js, stmt.start, stmt.end));
        for (const s of stmt.specifiers) {
          const exportedName = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
          const local = s.local.type === 'Identifier' ? s.local.name : String(s.local.value);
          addExport(exportedName, local, s);
        }
      }
    }
  }

  const onBar = exported.get('onBar');
  if (onBar === undefined) errors.push({ message: 'A strategy must export onBar: `export function onBar(bar, ctx) { … }`.', line: 1, column: 1 });

  // Static parts: params, description, symbolCount must be literal `const`s.
  const literalExport = (key: string): { init: Node; node: Node } | undefined => {
    const ex = exported.get(key);
    if (ex === undefined) return undefined;
    const d = declarators.get(ex.local);
    if (d === undefined || d.init === null || d.kind !== 'const') {
      errors.push(errorAt(ex.node, `Declare ${key} as \`export const ${key} = …\` with a literal value, so the studio can read it without running your code.`));
      return undefined;
    }
    return { init: d.init, node: d.node };
  };
  let params: UserParamSpec[] = [];
  const paramsDecl = literalExport('params');
  if (paramsDecl) {
    if (paramsDecl.init.type !== 'ObjectExpression') errors.push(errorAt(paramsDecl.init, 'params must be an object literal: `{ fast: { default: 10, min: 2, max: 100, step: 1 } }`.'));
    else {
      const r = extractUserParams(paramsDecl.init as ObjectExpression);
      params = r.specs;
      errors.push(...r.errors);
    }
  }
  let description = '';
  const descDecl = literalExport('description');
  if (descDecl) {
    const v = literalValue(descDecl.init as never);
    if (typeof v === 'string') description = v;
    else errors.push(errorAt(descDecl.init, 'description must be a string literal.'));
  }
  const symbolCount: { min: number; max?: number } = { min: 1 };
  const countDecl = literalExport('symbolCount');
  if (countDecl) {
    const obj = countDecl.init;
    if (obj.type !== 'ObjectExpression') errors.push(errorAt(obj, 'symbolCount must be an object literal like `{ min: 2, max: 2 }`.'));
    else {
      for (const p of (obj as ObjectExpression).properties) {
        const key = p.type === 'Property' ? propertyKey(p) : undefined;
        const v = p.type === 'Property' ? literalValue(p.value as never) : undefined;
        if ((key !== 'min' && key !== 'max') || typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
          errors.push(errorAt(p, 'symbolCount takes min and max: whole numbers ≥ 1.'));
          continue;
        }
        symbolCount[key] = v;
      }
      if (symbolCount.max !== undefined && symbolCount.max < symbolCount.min) errors.push(errorAt(obj, 'symbolCount.max must be at least min.'));
    }
  }
  for (const key of ['init', 'onBar'] as const) {
    const ex = exported.get(key);
    const d = ex && declarators.get(ex.local);
    if (d && d.init !== null && !/Function|Arrow/.test(d.init.type)) errors.push(errorAt(ex!.node, `${key} must be a function.`));
  }

  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, errors };
  }
  const init = exported.get('init');
  const body = applyEdits(js, guardInsertions(ast), edits);
  // Appended after the last line: it moves no user line.
  // The module function: the first line of `code` is the user's first line (no line moves).
  const code = `(function (${USER_SCOPE_NAMES.join(', ')}) { 'use strict'; ${body}\n;return { init: ${init ? init.local : 'undefined'}, onBar: ${onBar!.local} }; })`;
  const goalErrors = [...refusedText(code), ...scriptGoalErrors(code)];
  if (goalErrors.length > 0) return { ok: false, errors: goalErrors };
  return { ok: true, name, kind: `user:${name}`, code, params, description, symbolCount, hasInit: init !== undefined };
}

/** `code` parsed with the evaluator's goal (a strict script holding one function expression). */
function scriptGoalErrors(code: string): UserSourceError[] {
  try {
    const program = parse(code, { ecmaVersion: 'latest', sourceType: 'script', locations: true, allowHashBang: false });
    const only = program.body.length === 1 ? program.body[0] : undefined;
    if (only?.type !== 'ExpressionStatement' || only.expression.type !== 'FunctionExpression') {
      return [{ message: 'The strategy does not read as one module function when evaluated as a script; remove code outside its functions that closes or reopens them.', line: 1, column: 1 }];
    }
    return [];
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    return [{ message: `Syntax error as the sandbox reads it (strict script): ${syntaxMessage(e)}.`, line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1 }];
  }
}
