// The one place user strategy code is evaluated (`new Function`), meant to run inside
// the backtest worker. The compiled code becomes the body of a strict function whose
// enclosing parameters shadow every blocked global with undefined and replace Math
// (seeded random) and Date (no wall clock), so results stay deterministic. Each load()
// is a fresh module scope. Error lines come from the stack via a //# sourceURL name,
// calibrated once per engine (V8, SpiderMonkey and JSC wrap Function bodies differently).
import { GUARD_NAME } from '../../engine/user-strategy/instrument-guards';
import { USER_INDICATOR_NAMES, type CompiledUserStrategy, type UserStrategyModule } from '../../engine/user-strategy/user-strategy-api';
import type { UserModuleEnv, UserStrategySandbox } from '../../engine/user-strategy/user-strategy';
import { lockFunctionConstructors, SANDBOX_BLOCKED_GLOBALS, unlockFunctionConstructors } from './sandbox-globals';

const PARAM_NAMES: readonly string[] = [...SANDBOX_BLOCKED_GLOBALS, 'Math', 'Date', ...USER_INDICATOR_NAMES, GUARD_NAME];
const BLOCKED_ARGS: readonly undefined[] = SANDBOX_BLOCKED_GLOBALS.map(() => undefined);
const PREFIX = 'return (function () { "use strict"; ';

type SandboxFactory = (...args: unknown[]) => UserStrategyModule;

function build(code: string, sourceName: string): SandboxFactory {
  // The sanctioned evaluation: compiled (type-stripped, guarded) user code, globals shadowed.
  return new Function(...PARAM_NAMES, `${PREFIX}${code}\n}).call(undefined);\n//# sourceURL=${sourceName}`) as SandboxFactory;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function frameLine(stack: string, sourceName: string): { line: number; column: number } | undefined {
  const m = new RegExp(`${escapeRegExp(sourceName)}:(\\d+):(\\d+)`).exec(stack);
  return m === null ? undefined : { line: Number(m[1]), column: Number(m[2]) };
}

let lineOffset: number | undefined | null = null;

/** How many lines the engine puts before the Function body (2 in V8): user line = stack line − offset. */
function calibrate(): number | undefined {
  if (lineOffset !== null) return lineOffset;
  const name = 'user-strategy/__calibration__.js';
  try {
    build('throw new Error("calibration");', name)();
    lineOffset = undefined;
  } catch (e) {
    const where = frameLine(String((e as Error).stack ?? ''), name);
    lineOffset = where === undefined ? undefined : where.line - 1;
  }
  return lineOffset;
}

/** Mulberry32 seeded by a string hash: Math.random in a strategy repeats run after run. */
function seededRandom(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sandboxMath(seed: string): Math {
  const m: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(Math)) m[key] = (Math as unknown as Record<string, unknown>)[key];
  m.random = seededRandom(seed);
  return Object.freeze(m) as unknown as Math;
}

const WALL_CLOCK = 'reads the wall clock, which would make backtests differ run to run: use bar.timestamp (new Date(bar.timestamp)).';

class SandboxDate extends Date {
  constructor(...args: ConstructorParameters<typeof Date> | []) {
    if (args.length === 0) throw new Error(`new Date() ${WALL_CLOCK}`);
    super(...(args as [number]));
  }

  static override now(): number {
    throw new Error(`Date.now() ${WALL_CLOCK}`);
  }
}

/** A sandbox for one compiled strategy; evaluation happens here and nowhere else. */
export function createUserStrategySandbox(compiled: CompiledUserStrategy): UserStrategySandbox {
  const sourceName = `user-strategy/${compiled.name}.js`;
  const factory = build(compiled.code, sourceName);
  return {
    load(env: UserModuleEnv): UserStrategyModule {
      const indicators = USER_INDICATOR_NAMES.map((n) => env.indicators[n]);
      return factory(...BLOCKED_ARGS, sandboxMath(env.seed), SandboxDate, ...indicators, env.guard);
    },
    enter: lockFunctionConstructors,
    exit: unlockFunctionConstructors,
    locate(error: unknown) {
      let stack: string;
      try {
        const s = (error as { stack?: unknown } | null)?.stack;
        if (typeof s !== 'string') return undefined;
        stack = s;
      } catch {
        return undefined;
      }
      const offset = calibrate();
      const where = offset === undefined ? undefined : frameLine(stack, sourceName);
      if (where === undefined) return undefined;
      const line = where.line - offset!;
      return line >= 1 ? { line } : undefined;
    },
  };
}
