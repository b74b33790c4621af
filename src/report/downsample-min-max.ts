// Keeps a line chart sharp and small: per pixel column only the first, lowest,
// highest and last point survive, so peaks and crashes are never smoothed away.

/** Indices of the points to draw (ascending), at most ~4 per bucket; all when there are few. */
export function downsampleMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, buckets: number): number[] {
  const n = xs.length;
  if (n <= buckets * 4 || n < 3) return Array.from({ length: n }, (_, i) => i);
  const x0 = xs[0]!;
  const span = xs[n - 1]! - x0 || 1;
  const out: number[] = [];
  let start = 0;
  while (start < n) {
    const bucket = Math.min(buckets - 1, Math.floor(((xs[start]! - x0) / span) * buckets));
    let end = start;
    let lo = start;
    let hi = start;
    while (end < n && Math.min(buckets - 1, Math.floor(((xs[end]! - x0) / span) * buckets)) === bucket) {
      if (ys[end]! < ys[lo]!) lo = end;
      if (ys[end]! > ys[hi]!) hi = end;
      end++;
    }
    for (const i of [...new Set([start, lo, hi, end - 1])].sort((a, b) => a - b)) out.push(i);
    start = end;
  }
  return out;
}
