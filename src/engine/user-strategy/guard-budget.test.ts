// The budget behind the injected guards, on a hand-driven clock: the per-bar limit
// trips only in guards (where user code loops), the run total counts every call, a
// tripped budget keeps throwing, and a guard outside any call is refused.
import { describe, expect, it } from 'vitest';
import { GuardBudget } from './guard-budget';
import { StrategyTimeoutError } from './strategy-timeout-error';
import { UserStrategyError } from './user-strategy-error';

function budget(perBarMs: number, perRunMs: number) {
  const clock = { t: 0 };
  const b = new GuardBudget({ strategy: 'user:t', now: () => clock.t, perBarMs, perRunMs });
  return { b, clock };
}

/** Calls the guard until it has read the clock once more (it reads every 256 calls). */
function spin(b: GuardBudget, line: number): void {
  for (let i = 0; i < 256; i++) b.guard(line);
}

describe('GuardBudget', () => {
  it('trips the per-bar limit in a guard, with the guard’s line, and stays tripped', () => {
    const { b, clock } = budget(50, 10_000);
    b.begin();
    spin(b, 7);
    clock.t = 51;
    let caught: unknown;
    try {
      spin(b, 9);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StrategyTimeoutError);
    expect((caught as StrategyTimeoutError).line).toBe(9);
    expect((caught as StrategyTimeoutError).budget).toBe('bar');
    // Every later guard throws the same error, even in a new call.
    b.end(9);
    b.begin();
    expect(() => b.guard(3)).toThrow(caught as Error);
  });

  it('a pause in guard-free code does not trip the per-bar limit, but counts toward the run', () => {
    const { b, clock } = budget(50, 100);
    b.begin();
    b.guard(1);
    clock.t = 80; // e.g. a GC pause: longer than a bar may loop
    b.end(1);
    expect(b.usedTotalMs).toBe(80);
    b.begin();
    b.guard(1);
    clock.t = 130;
    expect(() => b.end(1)).toThrow(/per-run time limit of 100 ms at line 1/);
  });

  it('the run limit trips inside a guard once the total passes it', () => {
    const { b, clock } = budget(50, 100);
    for (let bar = 0; bar < 2; bar++) {
      b.begin();
      clock.t += 40;
      b.end(2);
    }
    b.begin();
    clock.t += 30; // 80 + 30 > 100, though this call alone (30) is within the per-bar 50
    expect(() => spin(b, 4)).toThrow(StrategyTimeoutError);
    expect((b.tripped as StrategyTimeoutError).budget).toBe('run');
  });

  it('a guard reached outside any call (a callback) is refused and ends the run', () => {
    const { b } = budget(50, 100);
    expect(() => b.guard(12)).toThrow(UserStrategyError);
    expect(b.tripped).toBeInstanceOf(UserStrategyError);
    expect((b.tripped as UserStrategyError).line).toBe(12);
  });
});
