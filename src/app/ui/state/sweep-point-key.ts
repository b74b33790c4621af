// A sweep point's identity across phases (a phase's indexes restart at 0), as SweepView.savedRuns keys it.
export function sweepPointKey(point: { phase: string | null; index: number }): string {
  return `${point.phase ?? ''}:${point.index}`;
}
