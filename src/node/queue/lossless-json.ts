// JSON that keeps Infinity, -Infinity and NaN (a profit factor without losses is Infinity):
// point results cross Redis as text, and plain JSON would turn those into null and make a
// distributed sweep's metrics differ from the same sweep run locally.
const TAG = '$nonFinite';

export function toLosslessJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v));
}

export function fromLosslessJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const tagged = (v as Record<string, unknown>)[TAG];
      if (typeof tagged === 'string' && Object.keys(v).length === 1) return Number(tagged);
    }
    return v;
  }) as T;
}
