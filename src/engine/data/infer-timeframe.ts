// Guesses a series' timeframe from its bar spacing: the most common gap wins, so
// weekends, holidays, overnight gaps and missing minutes do not fool it. Gaps of
// about a month or more are read on the calendar ('1mo', '3mo'), not in days.

const SECOND = 1000;
const DAY = 86_400_000;
const FIXED_UNITS: readonly [number, string][] = [
  [7 * DAY, 'w'],
  [DAY, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [SECOND, 's'],
];

/**
 * The timeframe text ('1m', '5m', '1h', '1d', '1w', '1mo' …) of strictly increasing
 * timestamps, or undefined when it cannot be told (fewer than two bars, or spacing
 * that is not a whole number of seconds).
 */
export function inferTimeframe(timestamps: ArrayLike<number>): string | undefined {
  if (timestamps.length < 2) return undefined;
  const gap = modeOf(timestamps.length - 1, (i) => timestamps[i + 1]! - timestamps[i]!);
  if (gap <= 0) return undefined;
  if (gap >= 28 * DAY) {
    const months = modeOf(timestamps.length - 1, (i) => monthIndex(timestamps[i + 1]!) - monthIndex(timestamps[i]!));
    if (months >= 1 && gap >= 28 * DAY * months && gap <= 31 * DAY * months + DAY) return `${months}mo`;
  }
  for (const [ms, unit] of FIXED_UNITS) {
    if (gap % ms === 0) return `${gap / ms}${unit}`;
  }
  return undefined;
}

function monthIndex(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Most frequent value of f(0..n-1); ties go to the smallest value (the finer timeframe). */
function modeOf(n: number, f: (i: number) => number): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = f(i);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [v, c] of counts) {
    if (c > bestCount || (c === bestCount && v < best)) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}
