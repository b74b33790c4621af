// Thrown by applySweepPoint for a dotted path the config does not have: a programming
// error in a sweep (paths are validated when the optimization section is parsed).
export class ConfigPathError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigPathError';
  }
}
