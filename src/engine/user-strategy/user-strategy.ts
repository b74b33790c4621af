// The engine-side container of one user strategy instance: it evaluates the compiled
// module through the sandbox (a fresh module scope per instance, so closure state is
// per strategy), runs init/onBar under the time budget, hands user code frozen bar
// copies, and publishes the bar's signals only after onBar returned — engine code
// never runs inside user time, and a bar that throws emits nothing.
import type { Direction } from '../../core/events';
import type { Bar } from '../bar';
import { TimeframeGate } from '../strategies/timeframe-gate';
import type { Strategy, StrategyContext } from '../strategy';
import { GuardBudget } from './guard-budget';
import { StrategyTimeoutError } from './strategy-timeout-error';
import { createUserIndicators } from './user-indicators';
import type { CompiledUserStrategy, UserBarContext, UserIndicators, UserParamValues, UserStrategyModule } from './user-strategy-api';
import { UserStrategyError, type UserStrategyPhase } from './user-strategy-error';

/** What the sandbox passes to the evaluated module besides the blocked globals. */
export interface UserModuleEnv {
  guard: (line: number) => void;
  indicators: UserIndicators;
  /** Seed for the module's deterministic Math.random (the strategy id). */
  seed: string;
}

/** The sandbox as the runtime needs it (implemented in src/app/strategy-lab, the only place that evaluates code). */
export interface UserStrategySandbox {
  /** Evaluates the compiled module once more (a fresh scope) with `env` in scope. */
  load(env: UserModuleEnv): UserStrategyModule;
  /**
   * Called around every call into user code with what is running (a watchdog outside the
   * strategy's worker reports the phase and bar when a call never returns).
   */
  enter(phase: UserStrategyPhase, bar?: Bar): void;
  exit(): void;
  /** The user's line/column where `error` was thrown, from its stack, if found. */
  locate(error: unknown): { line: number; column?: number } | undefined;
}

export interface UserStrategyLimits {
  /** Monotonic clock in ms (performance.now in the browser). */
  now: () => number;
  /** Longest a single init or onBar call may loop or recurse (default 500 ms, TradingView Pine's loop limit). */
  perBarMs?: number;
  /** Longest all calls of one run may take together (default 60 000 ms). */
  perRunMs?: number;
}

// A loop limit that a GC pause or a busy machine does not reach by accident (Pine's is 500 ms too).
export const DEFAULT_PER_BAR_MS = 500;
export const DEFAULT_PER_RUN_MS = 60_000;

const DIRECTIONS: ReadonlySet<string> = new Set(['long', 'short', 'flat']);

interface PendingSignal {
  symbol: string;
  direction: Direction;
  strength: number;
}

export class UserStrategy implements Strategy {
  readonly kind: string;
  readonly symbols: readonly string[];
  private readonly budget: GuardBudget;
  private readonly sandbox: UserStrategySandbox;
  private readonly module: UserStrategyModule;
  private readonly self: UserBarContext;
  private readonly gates = new Map<string, TimeframeGate>();
  private readonly pending: PendingSignal[] = [];
  private engineCtx: StrategyContext | undefined;
  private initialising = true;

  constructor(
    readonly id: string,
    symbols: readonly string[],
    params: UserParamValues,
    compiled: CompiledUserStrategy,
    sandbox: UserStrategySandbox,
    limits: UserStrategyLimits,
  ) {
    this.kind = compiled.kind;
    this.symbols = Object.freeze([...symbols]);
    this.sandbox = sandbox;
    this.budget = new GuardBudget({
      strategy: compiled.kind,
      now: limits.now,
      perBarMs: limits.perBarMs ?? DEFAULT_PER_BAR_MS,
      perRunMs: limits.perRunMs ?? DEFAULT_PER_RUN_MS,
    });
    const timeframe = typeof params.timeframe === 'string' ? params.timeframe : '';
    for (const s of this.symbols) this.gates.set(s, new TimeframeGate(timeframe));
    const indicators = createUserIndicators(() => this.initialising);
    const known = new Set(this.symbols);
    // One context object for the whole run; it is also `this` inside init and onBar.
    this.self = Object.freeze({
      id,
      symbols: this.symbols,
      params: Object.freeze({ ...params }),
      state: {},
      indicators,
      perSymbol: <T>(make: (symbol: string) => T): Record<string, T> => {
        const out: Record<string, T> = Object.create(null) as Record<string, T>;
        for (const s of this.symbols) out[s] = make(s);
        return out;
      },
      emitSignal: (symbol: string, direction: Direction, strength = 1): void => {
        if (this.engineCtx === undefined) throw new Error('emitSignal belongs in onBar: a signal needs the bar it is emitted on.');
        if (!known.has(symbol)) throw new Error(`emitSignal: '${String(symbol)}' is not one of this strategy's symbols (${this.symbols.join(', ')}).`);
        if (!DIRECTIONS.has(direction)) throw new Error(`emitSignal: direction must be 'long', 'short' or 'flat', got ${JSON.stringify(direction)}.`);
        if (typeof strength !== 'number' || !(strength >= 0 && strength <= 1)) throw new Error(`emitSignal: strength must be a number in [0, 1], got ${JSON.stringify(strength)}.`);
        this.pending.push({ symbol, direction, strength });
      },
      position: (symbol: string): Direction => {
        if (this.engineCtx === undefined) throw new Error('position() belongs in onBar.');
        return this.engineCtx.position(symbol);
      },
    });
    const env: UserModuleEnv = { guard: this.budget.guard, indicators, seed: id };
    this.module = this.call('load', () => sandbox.load(env));
    if (typeof this.module.onBar !== 'function') throw new UserStrategyError(this.kind, 'load', undefined, undefined, 'onBar is not a function.');
    const init = this.module.init;
    if (init !== undefined) {
      if (typeof init !== 'function') throw new UserStrategyError(this.kind, 'load', undefined, undefined, 'init is not a function.');
      this.call('init', () => init.call(this.self, this.self));
    }
    this.initialising = false;
  }

  /** Time spent in this strategy's code so far (ms). */
  get userTimeMs(): number {
    return this.budget.usedTotalMs;
  }

  onBar(bar: Bar, ctx: StrategyContext): void {
    const gate = this.gates.get(bar.symbol);
    if (gate === undefined || !gate.accepts(bar)) return;
    // A literal copy, then frozen: ~30 ns (freezing a spread copy costs ~30x that in V8).
    const copy: Bar = Object.freeze({
      timestamp: bar.timestamp,
      symbol: bar.symbol,
      timeframe: bar.timeframe,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
    });
    this.engineCtx = ctx;
    this.pending.length = 0;
    try {
      this.call('onBar', () => this.module.onBar.call(this.self, copy, this.self), copy);
    } finally {
      this.engineCtx = undefined;
    }
    for (const s of this.pending) ctx.emitSignal(s.symbol, s.direction, s.strength);
    this.pending.length = 0;
  }

  /** Runs user code under the budget, announced to the sandbox; every failure leaves as a located error. */
  private call<T>(phase: UserStrategyPhase, fn: () => T, bar?: Bar): T {
    let failed = false;
    let error: unknown;
    let result: T | undefined;
    this.budget.begin();
    this.sandbox.enter(phase, bar);
    try {
      result = fn();
    } catch (e) {
      failed = true;
      error = e;
    } finally {
      this.sandbox.exit();
    }
    try {
      this.budget.end(this.budget.lastLine);
    } catch (e) {
      if (!failed) {
        failed = true;
        error = e;
      }
    }
    // A timeout wins even when user code caught it and went on (or failed otherwise afterwards).
    if (this.budget.tripped !== undefined) throw this.budget.tripped;
    if (failed) throw this.located(phase, error);
    return result as T;
  }

  private located(phase: UserStrategyPhase, error: unknown): Error {
    if (error instanceof StrategyTimeoutError || error instanceof UserStrategyError) return error;
    let where: { line: number; column?: number } | undefined;
    let detail: string;
    // A thrown Proxy or an object with throwing getters must not hide the failure itself.
    try {
      where = this.sandbox.locate(error);
      detail = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : `threw ${safeString(error)}`;
    } catch {
      detail = 'threw a value that cannot be inspected';
    }
    const line = where?.line ?? (this.budget.lastLine > 0 ? this.budget.lastLine : undefined);
    return new UserStrategyError(this.kind, phase, line, where?.column, detail, { cause: error });
  }
}

function safeString(value: unknown): string {
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return 'a value that cannot be shown';
  }
}
