// The entry/exit state machine shared by mean_reversion and breakout: from flat an
// entry opens; from a position the opposite entry (shorts allowed) reverses, else
// its exit closes. Pure and branch-only, so it costs nothing per bar.
import type { Direction } from '../../core/events';

export function nextDirection(
  current: Direction,
  longEntry: boolean,
  longExit: boolean,
  shortEntry: boolean,
  shortExit: boolean,
  allowShort: boolean,
): Direction {
  switch (current) {
    case 'long':
      if (allowShort && shortEntry) return 'short';
      return longExit ? 'flat' : 'long';
    case 'short':
      if (longEntry) return 'long';
      return shortExit ? 'flat' : 'short';
    default:
      if (longEntry) return 'long';
      return allowShort && shortEntry ? 'short' : 'flat';
  }
}
