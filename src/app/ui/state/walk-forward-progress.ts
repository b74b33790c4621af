// Walk-forward progress in the header's terms (the same bar as sweeps): backtests done
// of planned (windows × (grid + 1)), the ETA at the rate so far, the window being worked on.
import type { WalkForwardProgress } from '../../../engine/walk-forward/walk-forward-result';
import type { PoolProgress } from './studio-types';

/** Walk-forward progress in the header's terms: backtests done / planned, ETA at the rate so far. */
export function walkForwardProgress(p: WalkForwardProgress, elapsedMs: number): PoolProgress {
  const rate = p.runsDone > 0 ? elapsedMs / p.runsDone : null;
  return {
    done: p.runsDone,
    total: p.runsTotal,
    failed: 0,
    eventsPublished: 0,
    eventsPerSecond: 0,
    etaMs: rate === null ? null : rate * (p.runsTotal - p.runsDone),
    phase: `window ${p.window + 1}/${p.windowsTotal} ${p.phase}`,
  };
}
