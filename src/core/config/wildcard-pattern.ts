// Container-id wildcard patterns ('*' matches any run of characters, possibly empty)
// and their CSS-like specificity. Matching is a linear two-pointer scan: no RegExp
// is built from user text, so no pattern can blow up (ReDoS).

/** True when `id` matches `pattern` as a whole. */
export function matchesWildcard(pattern: string, id: string): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < id.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === id[s]) {
      p++;
      s++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starS = s;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

export interface WildcardSpecificity {
  wildcards: number;
  literals: number;
}

export function wildcardSpecificity(pattern: string): WildcardSpecificity {
  let wildcards = 0;
  for (const ch of pattern) if (ch === '*') wildcards++;
  return { wildcards, literals: pattern.length - wildcards };
}

/**
 * Negative when `a` is LESS specific than `b` (applies first, so `b` wins):
 * more wildcards is less specific; with equal wildcards, fewer literal characters is.
 */
export function compareWildcardSpecificity(a: string, b: string): number {
  const sa = wildcardSpecificity(a);
  const sb = wildcardSpecificity(b);
  if (sa.wildcards !== sb.wildcards) return sb.wildcards - sa.wildcards;
  return sa.literals - sb.literals;
}

/** Human wording of a pattern's specificity, for "why did this pattern win". */
export function describeSpecificity(pattern: string): string {
  const s = wildcardSpecificity(pattern);
  const w = s.wildcards === 0 ? 'exact id' : `${s.wildcards} wildcard${s.wildcards === 1 ? '' : 's'}`;
  return `${w}, ${s.literals} literal character${s.literals === 1 ? '' : 's'}`;
}
