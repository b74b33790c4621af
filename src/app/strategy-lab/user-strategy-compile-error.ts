// A job's user strategies do not compile (or a `user:` name has no source): every
// problem with its strategy and source position, so the UI can mark each line.
import type { UserSourceError } from '../../engine/user-strategy/user-strategy-api';

export interface UserStrategyProblem {
  /** 'user:<name>'. */
  strategy: string;
  /** line/column 0 when the problem is not in the source (a missing or duplicate name). */
  error: UserSourceError;
}

export class UserStrategyCompileError extends Error {
  override readonly name = 'UserStrategyCompileError';

  constructor(readonly problems: readonly UserStrategyProblem[]) {
    super(
      `User strategies do not compile:\n${problems.map((p) => `  ${p.strategy}${p.error.line > 0 ? ` line ${p.error.line}:${p.error.column}` : ''}: ${p.error.message}`).join('\n')}`,
    );
  }
}
