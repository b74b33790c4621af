// A walk-forward block that cannot be planned on the data: names the YAML key and
// says what to change, like every config error of the studio.
export class WalkForwardPlanError extends Error {
  override readonly name = 'WalkForwardPlanError';
  /** Dotted config path, e.g. 'optimization.walk_forward.train'. */
  readonly path: string;
  constructor(message: string, path: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}
