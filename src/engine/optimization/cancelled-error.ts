// Rejection of every pending job when a pool is cancelled: callers tell a user's
// "Stop" apart from a failed backtest by `instanceof CancelledError` or its name.
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'The run was cancelled') {
    super(message);
  }
}

/** True for a CancelledError, also after it crossed a worker boundary (structured clone keeps only name/message). */
export function isCancelledError(error: unknown): boolean {
  return error instanceof CancelledError || (error instanceof Error && error.name === 'CancelledError');
}
