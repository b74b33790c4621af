// An error thrown by (or caused by) user strategy code, located in the user's
// source so the editor can mark the line; the original error stays as `cause`.

/** 'callback': user code called back outside init/onBar (e.g. a Promise callback). */
export type UserStrategyPhase = 'load' | 'init' | 'onBar' | 'callback';

export class UserStrategyError extends Error {
  override readonly name = 'UserStrategyError';

  constructor(
    readonly strategy: string,
    readonly phase: UserStrategyPhase,
    /** 1-based line in the user's source; undefined when it could not be located. */
    readonly line: number | undefined,
    /** 1-based column, when the engine's stack trace gave one. */
    readonly column: number | undefined,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Strategy '${strategy}' failed in ${phase}${line === undefined ? '' : ` at line ${line}${column === undefined ? '' : `:${column}`}`}: ${detail}`, options);
  }
}
