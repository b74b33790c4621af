// A single run (BacktestPool.runOne) that failed in its worker: the error keeps the
// failed outcome, so the UI can show the parameters, the message and whether it timed out.
import type { PointFailure } from './pool-protocol';

export class BacktestFailedError extends Error {
  override readonly name = 'BacktestFailedError';
  constructor(readonly outcome: PointFailure) {
    super(outcome.timedOut ? `Backtest timed out: ${outcome.error.message}` : `Backtest failed: ${outcome.error.name}: ${outcome.error.message}`);
  }
}
