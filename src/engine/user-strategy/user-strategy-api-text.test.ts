// The editor's API declarations are the truth users see: every template type-checks
// against them under strict TypeScript (so completion and hover describe what runs),
// a wrong call does not, and every member the runtime provides is declared.
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createUserIndicators } from './user-indicators';
import { USER_INDICATOR_NAMES, USER_STRATEGY_EXPORTS } from './user-strategy-api';
import { USER_STRATEGY_API_TEXT } from './user-strategy-api-text';
import { USER_STRATEGY_TEMPLATES } from './user-strategy-templates';

const OPTIONS: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], noUnusedLocals: true };

/** Parsed lib files, shared by every program of this file (parsing lib.es2022 is most of the cost). */
const libs = new Map<string, ts.SourceFile | undefined>();

function typeErrors(source: string): string[] {
  const files: Record<string, string> = { '/lab/api.d.ts': USER_STRATEGY_API_TEXT, '/lab/strategy.ts': source };
  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) =>
    name in files
      ? ts.createSourceFile(name, files[name]!, version)
      : libs.get(name) ?? libs.set(name, getSourceFile(name, version, onError, create)).get(name);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  const program = ts.createProgram(Object.keys(files), OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('USER_STRATEGY_API_TEXT', () => {
  it.each(USER_STRATEGY_TEMPLATES.map((t) => [t.builtin, t.source] as const))('the %s template type-checks against it (strict)', (_builtin, source) => {
    expect(typeErrors(source)).toEqual([]);
  });

  it('catches a misuse the runtime would reject', () => {
    const errors = typeErrors(`export const params = { n: { default: 3 } };
export function onBar(bar: Bar, ctx: BarContext<typeof params>): void {
  const s: string = ctx.params.n;
  ctx.emitSignal(bar.symbol, 'buy');
}`);
    expect(errors.some((e) => e.includes('strategy.ts:3') && /not assignable to type 'string'/.test(e))).toBe(true);
    expect(errors.some((e) => e.includes('strategy.ts:4') && /"buy"/.test(e))).toBe(true);
  });

  it('declares every indicator factory, every context member and names every export', () => {
    const api = USER_STRATEGY_API_TEXT;
    for (const name of Object.keys(createUserIndicators(() => true))) expect(api).toMatch(new RegExp(`\\n  ${name}\\(`));
    for (const name of USER_INDICATOR_NAMES) expect(api).toContain(`declare const ${name}: Indicators['${name}'];`);
    for (const member of ['id', 'symbols', 'params', 'state', 'indicators']) expect(api).toMatch(new RegExp(`readonly ${member}: `));
    for (const method of ['perSymbol<T>(', 'emitSignal(', 'position(']) expect(api).toContain(method);
    for (const name of USER_STRATEGY_EXPORTS) expect(api).toContain(name);
  });
});
