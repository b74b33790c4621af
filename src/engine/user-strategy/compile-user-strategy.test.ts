// Compiling user strategies: syntax and API errors point at the user's line and column,
// params come out with defaults, ranges and types without running anything, and the
// instrumented code keeps every source line where it was.
import { describe, expect, it } from 'vitest';
import { compileUserStrategy } from './compile-user-strategy';
import { GUARD_NAME } from './instrument-guards';
import type { CompiledUserStrategy, UserSourceError } from './user-strategy-api';

function ok(source: string, name = 'test'): CompiledUserStrategy {
  const r = compileUserStrategy(source, name);
  if (!r.ok) throw new Error(`expected success: ${JSON.stringify(r.errors)}`);
  return r;
}

function errors(source: string, name = 'test'): UserSourceError[] {
  const r = compileUserStrategy(source, name);
  if (r.ok) throw new Error('expected compile errors');
  return r.errors;
}

const ON_BAR = 'export function onBar(bar, ctx) {}\n';

describe('compile errors carry line and column', () => {
  it('a JavaScript syntax error', () => {
    const source = `${ON_BAR}const a = 1;\nconst b = (a + ;\n`;
    const [e] = errors(source);
    expect(e).toMatchObject({ line: 3, column: 16 });
    expect(e!.message).toMatch(/^Syntax error: Unexpected token/);
  });

  it('a TypeScript syntax error after type-only lines', () => {
    const source = `interface A {\n  x: number;\n}\ntype B = A | null;\n${ON_BAR}let x: = 2;\n`;
    expect(errors(source)[0]).toMatchObject({ line: 6, column: 8 });
  });

  it('an error only the JavaScript parser finds (a redeclared const) is on its source line', () => {
    const source = `const a: number = 1;\n${ON_BAR}\nconst a: number = 2;\n`;
    const [e] = errors(source);
    expect(e!.line).toBe(4);
    expect(e!.message).toMatch(/already been declared/);
  });

  it('imports, default exports, unknown exports and reserved names are refused where they are', () => {
    const source = [
      "import { x } from './x';", // 1
      ON_BAR.trim(), // 2
      'export function onbar() {}', // 3
      'export default 1;', // 4
      `const ${GUARD_NAME}_mine = 1;`, // 5
      "const m = import('https://example.com/m.js');", // 6
    ].join('\n');
    const es = errors(source);
    expect(es.map((e) => e.line)).toEqual([1, 3, 4, 5, 6]);
    expect(es[0]!.message).toMatch(/Imports are not available/);
    expect(es[1]!.message).toMatch(/'onbar' is not part of the strategy API — did you mean 'onBar'\?/);
    expect(es[2]!.message).toMatch(/named exports/);
    expect(es[3]!.message).toMatch(/reserved for the sandbox/);
    expect(es[4]).toMatchObject({ line: 6, column: 11 });
  });

  it('a strategy without onBar, or with a bad name, says what to write', () => {
    expect(errors('export function init() {}')[0]!.message).toMatch(/must export onBar/);
    expect(errors(ON_BAR, 'my strategy')[0]!.message).toMatch(/must start with a letter/);
  });

  it('params must be a literal const object', () => {
    expect(errors(`${ON_BAR}export let params = {};`)[0]).toMatchObject({ line: 2, message: expect.stringMatching(/export const params/) });
    expect(errors(`${ON_BAR}const n = 3;\nexport const params = {\n  fast: { default: n },\n};`)[0]).toMatchObject({ line: 4, column: 20, message: expect.stringMatching(/params.fast.default must be a literal/) });
  });
});

describe('params extraction', () => {
  const SOURCE = `${ON_BAR}export const params = {
  fast: { default: 10, min: 2, max: 100, step: 1, description: 'Fast SMA length' },
  threshold: { default: 0, min: -0.5, max: 0.5, step: 0.01 },
  ratio: { default: 1, type: 'number' },
  allow_short: { default: false, description: 'Go short too' },
  mode: { default: 'fast', options: ['fast', 'slow'] },
  plain: 7,
  'quoted-name': { default: \`text\` },
} as const;
export const description = 'Demo';
export const symbolCount = { min: 2, max: 3 };
`;

  it('gives names, inferred types, defaults, ranges, steps, options and lines', () => {
    const c = ok(SOURCE);
    expect(c.params).toEqual([
      { name: 'fast', type: 'integer', default: 10, min: 2, max: 100, step: 1, description: 'Fast SMA length', line: 3 },
      { name: 'threshold', type: 'number', default: 0, min: -0.5, max: 0.5, step: 0.01, description: '', line: 4 },
      { name: 'ratio', type: 'number', default: 1, description: '', line: 5 },
      { name: 'allow_short', type: 'boolean', default: false, description: 'Go short too', line: 6 },
      { name: 'mode', type: 'string', default: 'fast', options: ['fast', 'slow'], description: '', line: 7 },
      { name: 'plain', type: 'integer', default: 7, description: '', line: 8 },
      { name: 'quoted-name', type: 'string', default: 'text', description: '', line: 9 },
    ]);
    expect(c.description).toBe('Demo');
    expect(c.symbolCount).toEqual({ min: 2, max: 3 });
    expect(c.kind).toBe('user:test');
  });

  it.each([
    ['fast: { default: 1000, min: 2, max: 100 }', /params.fast.default must be at most max \(1000 > 100\)/],
    ['fast: { default: 1.5, type: "integer" }', /must be a whole number/],
    ['fast: { min: 2 }', /params.fast needs a default/],
    ['fast: { default: 3, step: 0 }', /step must be greater than 0/],
    ['fast: { default: 3, mn: 1 }', /params.fast.mn is not a param field/],
    ['on: { default: true, min: 0 }', /params.on.min is only for numeric params/],
    ['mode: { default: "x", options: ["a", "b"] }', /must be one of its options/],
    ['timeframe: { default: "1h" }', /params.timeframe is reserved/],
    ['fast: { default: Math.PI }', /must be a literal/],
  ])('%s is refused at its line', (decl, message) => {
    const es = errors(`${ON_BAR}export const params = {\n  ${decl},\n};`);
    expect(es[0]!.line).toBe(3);
    expect(es[0]!.message).toMatch(message);
  });

  it('the compiled strategy is plain data that survives a worker boundary', () => {
    const c = ok(SOURCE);
    expect(structuredClone(c)).toEqual(c);
  });
});

describe('line endings', () => {
  it('CRLF and lone CR sources keep their lines (an export list spanning lines included)', () => {
    for (const eol of ['\r\n', '\r']) {
      const source = ['function onBar(bar, ctx) {', '  for (;;) break;', '}', 'export {', '  onBar', '};'].join(eol);
      const c = ok(source);
      expect(c.code.split(/\r\n|\r|\n/).length).toBe(source.split(eol).length + 1);
      expect(c.code).toContain(`${GUARD_NAME}(2)`);
    }
  });
});

describe('guard instrumentation', () => {
  const SOURCE = `// header comment
interface S { n: number }
export const params = { k: { default: 3 } };
const helper = (x: number): number => x * 2;
export function onBar(bar: Bar, ctx: BarContext): void {
  for (let i = 0; i < 3; i++) helper(i);
  while (false) {}
  do {} while (false);
  for (const k in bar) {}
  for (const v of [1, 2]) {}
  const obj = { m() { return 1; }, get g() { return 2; } };
}
`;

  it('keeps every source line and puts a guard with that line into each loop and function', () => {
    const c = ok(SOURCE);
    const lines = c.code.split('\n');
    // One extra line at the end: the exports.
    expect(lines.length).toBe(SOURCE.split('\n').length + 1);
    const guardsOn = (line: number) => [...lines[line - 1]!.matchAll(new RegExp(`${GUARD_NAME}\\((\\d+)\\)`, 'g'))].map((m) => Number(m[1]));
    expect(guardsOn(4)).toEqual([4]); // arrow with an expression body
    expect(guardsOn(5)).toEqual([5]); // onBar
    expect(guardsOn(6)).toEqual([6]); // for without braces
    expect(guardsOn(7)).toEqual([7]);
    expect(guardsOn(8)).toEqual([8]);
    expect(guardsOn(9)).toEqual([9]);
    expect(guardsOn(10)).toEqual([10]);
    expect(guardsOn(11)).toEqual([11, 11]); // method and getter
    // Source text outside the insertions is untouched: 'export ' became spaces, columns kept.
    expect(lines[4]!.indexOf('function onBar')).toBe(SOURCE.split('\n')[4]!.indexOf('function onBar'));
    expect(c.hasInit).toBe(false);
  });
});
