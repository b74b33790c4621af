// Thrown when user strategy code runs past its time budget (per bar or per run).
// It names the user's source line of the loop or function that was running, because
// "your strategy timed out" alone does not tell anyone where the endless loop is.

export type StrategyBudgetKind = 'bar' | 'run';

export class StrategyTimeoutError extends Error {
  override readonly name = 'StrategyTimeoutError';

  constructor(
    readonly strategy: string,
    readonly budget: StrategyBudgetKind,
    readonly limitMs: number,
    /** 1-based line (user source) of the loop or function running when the budget ran out. */
    readonly line: number,
    /** The bar that was running ('bar 118 (AAA 2020-06-01T00:00:00.000Z)'), when known (the watchdog outside the worker says it). */
    readonly bar?: string,
    /** What stopped it, when not the guards inside user code ('stopped from outside: …'). */
    readonly how?: string,
  ) {
    super(
      `Strategy '${strategy}' ran past its ${budget === 'bar' ? 'per-bar' : 'per-run'} time limit of ${limitMs} ms at line ${line}` +
        ` (in the loop or function starting there)${bar === undefined ? '' : ` on ${bar}`}${how === undefined ? ' — an endless loop or recursion?' : ` — ${how}.`}` +
        (budget === 'bar' ? ' Make the work per bar smaller, or raise the per-bar limit.' : ' Raise the per-run limit for long datasets.'),
    );
  }
}
