// Which containers of a result keep their full event record in an archive (IndexedDB).
import type { BacktestResult, EventArchiveRef } from '../../../engine/backtest-result';

/** The archive markers of a result, in container order. */
export function archiveRefs(result: BacktestResult | null | undefined): EventArchiveRef[] {
  if (!result) return [];
  return result.containerIds.map((id) => result.containers[id]?.archive).filter((a): a is EventArchiveRef => a !== undefined);
}
