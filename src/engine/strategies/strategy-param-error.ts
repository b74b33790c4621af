// A strategy parameter that cannot be used: names the strategy kind and the param
// so the config layer can point at the offending YAML key, and says what is allowed.
export class StrategyParamError extends Error {
  constructor(
    /** Strategy kind, e.g. 'ma_crossover'. */
    readonly kind: string,
    /** The param at fault as written (or '(params)' when the whole block is wrong). */
    readonly param: string,
    /** What is wrong and what is allowed, without the kind/param prefix. */
    readonly reason: string,
  ) {
    super(`${kind}: param '${param}' ${reason}`);
    this.name = 'StrategyParamError';
  }
}
