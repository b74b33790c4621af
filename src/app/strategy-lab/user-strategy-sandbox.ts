// The one place user strategy code is evaluated: a fresh SES Compartment per strategy
// instance (per run), in a realm frozen by lockdown() (strategy-realm.ts). The compiled
// code is one strict function expression (compile-user-strategy.ts parsed it with this
// very goal); the compartment evaluates it and the function receives the strategy API
// and the compartment's own intrinsics as parameters. The compartment's global object is
// not the worker's global: no DOM, no network, no timers, no messaging, no Intl, no
// performance — whatever the worker has. Math.random is seeded by the strategy id, Date
// has no wall clock, eval / Function / Compartment throw (code from strings would run
// without the loop guards). Error lines come from the stack via a //# sourceURL name.
import type { Bar } from '../../engine/bar';
import { USER_INDICATOR_NAMES, type CompiledUserStrategy, type UserStrategyModule } from '../../engine/user-strategy/user-strategy-api';
import type { UserModuleEnv, UserStrategySandbox } from '../../engine/user-strategy/user-strategy';
import type { UserStrategyPhase } from '../../engine/user-strategy/user-strategy-error';
import { USER_SCOPE_GLOBALS } from '../../engine/user-strategy/user-scope-names';
import type { StrategyMonitor } from './strategy-monitor';
import { assertStrategyRealm } from './strategy-realm';

const WALL_CLOCK = 'reads the wall clock, which would make backtests differ run to run: use bar.timestamp (new Date(bar.timestamp)).';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function frameLine(stack: string, sourceName: string): { line: number; column: number } | undefined {
  const m = new RegExp(`${escapeRegExp(sourceName)}:(\\d+):(\\d+)`).exec(stack);
  return m === null ? undefined : { line: Number(m[1]), column: Number(m[2]) };
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

interface RealmParts {
  /** %SharedMath%'s members (its random throws): the base of each strategy's Math. */
  math: readonly [string, unknown][];
  /** A Date whose every path to the wall clock throws with a clear message, built on the compartments' %SharedDate%. */
  date: DateConstructor;
  blocked: (what: string) => () => never;
}

let parts: RealmParts | undefined;

function realmParts(): RealmParts {
  if (parts !== undefined) return parts;
  const probe = new Compartment({ __options__: true }).globalThis as { Math: Math; Date: DateConstructor };
  const SharedDate = probe.Date;
  // Extending %SharedDate% (not the worker's Date): Object.getPrototypeOf(Date).now() still throws.
  class SandboxDate extends SharedDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) throw new Error(`new Date() ${WALL_CLOCK}`);
      super(...(args as [number]));
    }

    static override now(): number {
      throw new Error(`Date.now() ${WALL_CLOCK}`);
    }
  }
  const blocked = (what: string) =>
    harden(function blocked(): never {
      throw new Error(`${what} is not available in a strategy: code cannot be built from strings.`);
    });
  parts = {
    math: Object.getOwnPropertyNames(probe.Math).map((k) => [k, (probe.Math as unknown as Record<string, unknown>)[k]] as [string, unknown]),
    date: harden(SandboxDate) as unknown as DateConstructor,
    blocked,
  };
  return parts;
}

function sandboxMath(seed: string, base: RealmParts['math']): Math {
  const m: Record<string, unknown> = {};
  for (const [k, v] of base) m[k] = v;
  m.random = seededRandom(seed);
  return harden(m) as unknown as Math;
}

type ModuleFunction = (...args: unknown[]) => UserStrategyModule;

/**
 * A sandbox for one compiled strategy: each load() is a new Compartment (nothing a
 * strategy leaves in its global survives into another instance or run). `monitor`
 * (the strategy worker's heartbeat) hears every call into user code.
 */
export function createUserStrategySandbox(compiled: CompiledUserStrategy, monitor?: StrategyMonitor): UserStrategySandbox {
  const sourceName = `user-strategy/${compiled.name}.js`;
  const text = `${compiled.code}\n//# sourceURL=${sourceName}`;
  return {
    load(env: UserModuleEnv): UserStrategyModule {
      assertStrategyRealm();
      const realm = realmParts();
      const compartment = new Compartment({
        __options__: true,
        name: compiled.kind,
        globals: {
          eval: realm.blocked('eval'),
          Function: realm.blocked('The Function constructor'),
          Compartment: realm.blocked('Compartment'),
          Math: sandboxMath(env.seed, realm.math),
          Date: realm.date,
        },
      });
      const g = compartment.globalThis as Record<string, unknown>;
      const factory = compartment.evaluate(text) as ModuleFunction;
      const line = monitor?.line;
      const guard = line === undefined ? env.guard : (at: number) => {
        line(at);
        env.guard(at);
      };
      const globals = USER_SCOPE_GLOBALS.map((name) => (name === 'globalThis' ? g : g[name]));
      return factory(g.Math, g.Date, ...USER_INDICATOR_NAMES.map((n) => env.indicators[n]), guard, ...globals);
    },
    enter(phase: UserStrategyPhase, bar?: Bar) {
      monitor?.enter(compiled.kind, phase, bar);
    },
    exit() {
      monitor?.exit();
    },
    locate(error: unknown) {
      let stack: string;
      try {
        const s = (error as { stack?: unknown } | null)?.stack;
        if (typeof s !== 'string') return undefined;
        stack = s;
      } catch {
        return undefined;
      }
      const where = frameLine(stack, sourceName);
      return where === undefined || where.line < 1 ? undefined : { line: where.line };
    },
  };
}
