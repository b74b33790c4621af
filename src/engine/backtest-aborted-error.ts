// Thrown (as a rejection) when a backtest's AbortSignal fires: named 'AbortError'
// like the DOM's, and saying how far the run got so the user knows what was lost.
export class BacktestAbortedError extends Error {
  readonly barsDone: number;
  readonly barsTotal: number;
  /** Market time of the last bar processed (NaN before the first). */
  readonly timestamp: number;
  override readonly cause: unknown;

  constructor(barsDone: number, barsTotal: number, timestamp: number, reason?: unknown) {
    const at = Number.isFinite(timestamp) ? ` (${new Date(timestamp).toISOString()})` : '';
    super(`Backtest aborted at bar ${barsDone} of ${barsTotal}${at}.`);
    this.name = 'AbortError';
    this.barsDone = barsDone;
    this.barsTotal = barsTotal;
    this.timestamp = timestamp;
    this.cause = reason;
  }
}
