// The barrier protocol. Deciding (check) is split from learning (commit) so a
// composite can ask every barrier first and let each learn the composite's final
// outcome: a rate limiter must count a signal only if the signal really went through.
import type { TradingEvent } from '../events';

export type BarrierVerdict = { readonly proceed: true } | { readonly proceed: false; readonly reason: string };

/** The shared "go" verdict: proceeding allocates nothing. */
export const PROCEED: BarrierVerdict = Object.freeze({ proceed: true });

export function block(reason: string): BarrierVerdict {
  return { proceed: false, reason };
}

export interface Barrier {
  /** Short name used in composite reasons, e.g. 'TimingBarrier' (a composite says 'barriers[i]' without one). */
  readonly name?: string;
  /**
   * One-step use: check(event), then commit(event, verdict), returning the verdict.
   * Every event the caller sees should pass through here (ORDER and FILL too), because a
   * barrier learns only from the events it is given.
   */
  shouldProceed(event: TradingEvent): boolean;
  /**
   * Would `event` proceed? Changes no decision state (it only records lastReason), so a
   * composite may ask several barriers before any of them learns. Optional for custom
   * barriers: a composite then calls shouldProceed in the check phase.
   */
  check?(event: TradingEvent): BarrierVerdict;
  /**
   * Learn from `event`; `proceeded` is the final outcome (the composite's, not this barrier's).
   * Observed facts (a bar arrived, an order was placed or filled) are learned either way;
   * admission counts (signals let through) only when `proceeded` is true.
   */
  commit?(event: TradingEvent, proceeded: boolean): void;
  /** Back to the state of a fresh barrier. */
  reset?(): void;
  /** Configuration and current state in one line, for trace viewers and logs. */
  describe(): string;
  /** Why the last checked event was blocked; undefined when it proceeded. */
  readonly lastReason: string | undefined;
}

