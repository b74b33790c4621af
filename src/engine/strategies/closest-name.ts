// "Did you mean …?" for typos in names (strategy kinds, params): the candidate at
// the smallest edit distance, if it is close enough to be a plausible typo.

/** The closest candidate to `input` (case-insensitive Levenshtein), or undefined when none is within a third of its length (at least 2). */
export function closestName(input: string, candidates: Iterable<string>): string | undefined {
  const a = input.toLowerCase();
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(a, c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(a.length, best.length) / 3));
  // A prefix of a candidate ('ma_cross' of 'ma_crossover') is a plausible typo too.
  return bestDist <= limit || best.toLowerCase().startsWith(a) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
