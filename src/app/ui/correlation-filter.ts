// The event inspector's correlation-id filter: a trade id matches exactly (t18 is not t180),
// and a trailing '*' asks for a prefix on purpose (t18* lists t18 and t180–t189).

/** Whether `correlationId` passes the filter as typed (empty: everything). */
export function matchesCorrelation(correlationId: string | undefined, filter: string): boolean {
  const f = filter.trim();
  if (f === '') return true;
  const id = correlationId ?? '';
  return f.endsWith('*') ? id.startsWith(f.slice(0, -1)) : id === f;
}
