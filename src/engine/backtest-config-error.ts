// A config that parsed but cannot run (unknown strategy, bad params, a portfolio
// managing no strategy …): says which container and field, so runners report it
// as invalid input (exit code 2) rather than as a crash.
export class BacktestConfigError extends Error {
  /** Dotted path of the offending key, e.g. 'containers[1].params.fast'. */
  readonly path: string;
  readonly line: number | undefined;

  constructor(path: string, message: string, line?: number) {
    super(`${path}: ${message}`);
    this.name = 'BacktestConfigError';
    this.path = path;
    this.line = line;
  }
}
