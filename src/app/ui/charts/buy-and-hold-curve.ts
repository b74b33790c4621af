// The benchmark line under the equity curve: the initial capital held in every symbol of
// the data from the first equity mark, equal weight (the engine's buyAndHoldReturn), marked
// at each equity timestamp with each symbol's last close so far (carried forward).

export interface CloseSeries {
  time: ArrayLike<number>;
  close: ArrayLike<number>;
}

/** [timestamp, value] at each of `times` (ascending); empty when no series has a bar by then. */
export function buyAndHoldCurve(series: readonly CloseSeries[], initialCapital: number, times: ArrayLike<number>): [number, number][] {
  if (!times.length || !series.length) return [];
  const start = times[0]!;
  // Each symbol's entry: its last close at or before the first mark (else its first bar after).
  const legs = series
    .map((s) => {
      let i = 0;
      while (i + 1 < s.time.length && s.time[i + 1]! <= start) i++;
      return { s, entry: s.close[i]!, cursor: i };
    })
    .filter((l) => l.s.time.length > 0 && l.entry > 0);
  if (!legs.length) return [];
  const share = initialCapital / legs.length;
  const out: [number, number][] = [];
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    let value = 0;
    for (const leg of legs) {
      while (leg.cursor + 1 < leg.s.time.length && leg.s.time[leg.cursor + 1]! <= t) leg.cursor++;
      value += (share * leg.s.close[leg.cursor]!) / leg.entry;
    }
    out.push([t, value]);
  }
  return out;
}
