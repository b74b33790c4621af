// The time budget behind the `__sandbox_guard(line)` calls injected into every loop
// body and function entry of user code. A guard call is a counter increment; the
// injected clock is read once per 256 calls. Once tripped it stays tripped (every later
// guard throws again), so user code that catches the timeout cannot keep running.
// A guard reached while no init/onBar call is running means user code was called back
// later (a Promise callback): that is refused, since nothing would time it.
import { StrategyTimeoutError } from './strategy-timeout-error';
import { UserStrategyError } from './user-strategy-error';

export interface GuardBudgetOptions {
  /** The strategy's name for messages ('user:x'). */
  strategy: string;
  /** Monotonic clock in ms (the sandbox passes performance.now). */
  now: () => number;
  perBarMs: number;
  perRunMs: number;
}

const CHECK_EVERY = 256;

export class GuardBudget {
  private readonly opts: GuardBudgetOptions;
  private calls = 0;
  private started = 0;
  private usedMs = 0;
  private active = false;
  /** Line of the latest guard call: where user code was when something went wrong. */
  lastLine = 0;
  tripped: StrategyTimeoutError | UserStrategyError | undefined;
  /** The function injected into user code as `__sandbox_guard`. */
  readonly guard: (line: number) => void;

  constructor(options: GuardBudgetOptions) {
    this.opts = options;
    this.guard = (line: number) => {
      this.lastLine = line;
      if (this.tripped !== undefined) throw this.tripped;
      if (!this.active) this.outside(line);
      if (++this.calls % CHECK_EVERY === 0) this.check(line);
    };
  }

  /** Total time spent in user code so far (ms). */
  get usedTotalMs(): number {
    return this.usedMs;
  }

  /** Starts timing one call into user code (a bar, init, or module load). */
  begin(): void {
    this.active = true;
    this.started = this.opts.now();
  }

  /**
   * Ends the call and adds its time to the run total; throws when that total passed the
   * per-run limit. The per-bar limit is enforced by guards only: a call without loops or
   * calls cannot spin, so a long pause there is the host's (GC, a busy machine), not the user's.
   */
  end(line: number): void {
    if (!this.active) return;
    this.active = false;
    this.usedMs += this.opts.now() - this.started;
    if (this.tripped === undefined && this.usedMs > this.opts.perRunMs) {
      this.tripped = new StrategyTimeoutError(this.opts.strategy, 'run', this.opts.perRunMs, line);
      throw this.tripped;
    }
  }

  private outside(line: number): never {
    this.tripped = new UserStrategyError(
      this.opts.strategy,
      'callback',
      line,
      undefined,
      'code ran outside init/onBar (a Promise callback or similar): strategies are synchronous, and the run stops here.',
    );
    throw this.tripped;
  }

  /** Trips (and throws) when the current call or the run is over budget. */
  check(line: number): void {
    if (!this.active) return;
    if (this.tripped !== undefined) throw this.tripped;
    const elapsed = this.opts.now() - this.started;
    if (elapsed > this.opts.perBarMs) this.tripped = new StrategyTimeoutError(this.opts.strategy, 'bar', this.opts.perBarMs, line);
    else if (this.usedMs + elapsed > this.opts.perRunMs) this.tripped = new StrategyTimeoutError(this.opts.strategy, 'run', this.opts.perRunMs, line);
    if (this.tripped !== undefined) {
      this.active = false;
      throw this.tripped;
    }
  }
}
