// A sweep that cannot be planned (empty value list, duplicate path, grid too
// large, colliding container ids): thrown before any backtest runs, naming the field.
export class SweepPlanError extends Error {
  override readonly name = 'SweepPlanError';
  constructor(
    message: string,
    /** Dotted path in the config, e.g. 'optimization.parameters[1].values'. */
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
  }
}
