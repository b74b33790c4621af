// Deterministic ids: a run owns its generator, so the same run produces the
// same ids whether alone, in a worker, or beside 100 other runs.
export interface IdSource {
  next(): string;
}

export class IdGenerator implements IdSource {
  private n = 0;
  constructor(private readonly prefix: string) {}
  next(): string {
    this.n += 1;
    return `${this.prefix}-${this.n}`;
  }
  get issued(): number {
    return this.n;
  }
}

/**
 * Ids for events built without a run's generator: unique enough for ad-hoc use
 * (random prefix + counter) but not reproducible — runs always pass their own.
 */
export function adHocIdSource(): IdSource {
  const prefix = Math.random().toString(36).slice(2, 10);
  let n = 0;
  return { next: () => `${prefix}-${(n += 1)}` };
}
