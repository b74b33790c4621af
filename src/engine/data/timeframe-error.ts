// A bad timeframe string is user input (YAML, CLI, UI): its own error type lets
// callers turn it into a located config error instead of a crash.
export class TimeframeError extends Error {
  constructor(
    readonly timeframe: string,
    message: string,
  ) {
    super(message);
    this.name = 'TimeframeError';
  }
}
