// Time is injected: the engine drives a SimulatedClock from market data and
// never reads the wall clock. systemClock is the only wall-clock read in the
// core, used only when a caller builds an event without saying when.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to (backtests, tests). */
export class SimulatedClock implements Clock {
  private current: number;
  constructor(start = 0) {
    this.current = start;
  }
  now(): number {
    return this.current;
  }
  /** Moves to `timestamp`; time never runs backwards. */
  advanceTo(timestamp: number): void {
    if (timestamp < this.current) {
      throw new RangeError(`SimulatedClock cannot move back from ${this.current} to ${timestamp}`);
    }
    this.current = timestamp;
  }
}
