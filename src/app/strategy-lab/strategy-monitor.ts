// What the sandbox tells the world outside the strategy's worker while user code runs:
// which strategy, phase and bar is running and at which guarded line. The strategy
// worker forwards it (throttled) as heartbeats to the watchdog in the pool worker,
// which terminates the strategy worker when one call runs past the per-bar limit —
// also inside native code (a catastrophic regular expression) that no guard can reach.
import type { Bar } from '../../engine/bar';
import type { UserStrategyPhase } from '../../engine/user-strategy/user-strategy-error';

export interface StrategyMonitor {
  /** User code of `strategy` is about to run (`bar` in onBar). */
  enter(strategy: string, phase: UserStrategyPhase, bar?: Bar): void;
  /** It returned (or threw). */
  exit(): void;
  /** Present only when every guarded line should be reported (a diagnostic replay): the guard's line. */
  line?: (line: number) => void;
}
