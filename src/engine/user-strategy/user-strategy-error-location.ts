// Where a failed run's user-strategy error points, read back from its message: errors
// cross the worker boundary as {name, message} (PointFailure.error), and the editor
// needs the strategy and line to mark. Both UserStrategyError and StrategyTimeoutError
// messages — also wrapped, e.g. in a BacktestHandlerError — name them the same way.

export interface UserStrategyErrorLocation {
  /** 'user:<name>'. */
  strategy: string;
  line: number;
}

const PATTERN = /Strategy '(user:[^']+)' (?:failed in \w+ at line (\d+)|ran past its per-(?:bar|run) time limit of [\d.]+ ms at line (\d+))/;

/** The strategy and 1-based line a run error message names, or undefined when it is not a located user-strategy error. */
export function userStrategyErrorLocation(message: string): UserStrategyErrorLocation | undefined {
  const m = PATTERN.exec(message);
  if (m === null) return undefined;
  return { strategy: m[1]!, line: Number(m[2] ?? m[3]) };
}
