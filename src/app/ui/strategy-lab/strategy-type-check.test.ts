import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { USER_STRATEGY_API_TEXT } from '../../../engine/user-strategy/user-strategy-api-text';
import { USER_STRATEGY_TEMPLATES } from '../../../engine/user-strategy/user-strategy-templates';
import { createStrategyTypeChecker, STRATEGY_LIB_FILES } from './strategy-type-check';

const libDir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.es5.d.ts'));
const libs = Object.fromEntries(STRATEGY_LIB_FILES.map((name) => [name, readFileSync(join(libDir, name), 'utf8')]));
const checker = createStrategyTypeChecker(ts, libs, USER_STRATEGY_API_TEXT);

describe('strategy type check', () => {
  it('finds nothing wrong in any template', () => {
    for (const t of USER_STRATEGY_TEMPLATES) expect(checker.check(t.source), t.builtin).toEqual([]);
  });

  it('reports a call to a function that does not exist, at its line and column', () => {
    const source = "export const params = {};\nexport function onBar(bar, ctx) {\n  const x = smoothed(bar.close);\n  ctx.emitSignal(bar.symbol, 'long');\n}\n";
    const d = checker.check(source);
    expect(d).toEqual([expect.objectContaining({ line: 3, column: 13, endLine: 3, endColumn: 21, severity: 'error', message: "Cannot find name 'smoothed'." })]);
  });

  it('reports a type error against the strategy API, and takes plain untyped JavaScript', () => {
    const typed = "export const params = { n: { default: 3 } };\nexport function onBar(bar: Bar, ctx: BarContext<typeof params>): void {\n  ctx.emitSignal(bar.symbol, 'buy');\n}\n";
    const d = checker.check(typed);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ line: 3, severity: 'error' });
    expect(d[0]!.message).toMatch(/"buy"/);
    expect(checker.check("export function onBar(bar, ctx) { if (bar.close > 1) ctx.emitSignal(bar.symbol, 'long'); }\n")).toEqual([]);
  });

  it('marks possibly-undefined values as warnings, not errors', () => {
    const source = "const s = sma(5);\nexport function onBar(bar: Bar, ctx: BarContext): void {\n  const v: number = s.update(bar.close) * 2;\n  void v; void ctx;\n}\n";
    const d = checker.check(source);
    expect(d.length).toBeGreaterThan(0);
    expect(d.every((x) => x.severity === 'warning')).toBe(true);
  });
});
