// A strategy job on its way to the strategy worker: the dataset's columns are copied into
// one fresh ArrayBuffer that is transferred (moved) with the message, never structured-cloned.
// The pool worker keeps its own columns for the jobs that follow, so the strategy worker
// gets a copy either way; structured clone makes that copy twice over (a serialized copy in
// the sender, then the receiver's columns, both alive at once for the largest dataset), while
// packing makes one copy, in one buffer, that the receiver then owns without copying again.
// Never a SharedArrayBuffer, even on a cross-origin-isolated page where the pool's own
// workers share one (wireDatasetSource's shared mode): memory shared with the worker that
// runs hostile code could be written to change the bars that later jobs read, and would hand
// it a high-resolution timer. Each job's copy is private and dies with its worker.
import { unpackDataset, wireDatasetSource } from '../../engine/data/packed-dataset';
import type { StrategyJobMessage, StrategyJobWire } from './strategy-worker-protocol';

/** The message to post and its transfer list (one ArrayBuffer: the job's own copy of the bars). */
export function packStrategyJob(message: StrategyJobMessage): { wire: StrategyJobWire; transfer: ArrayBuffer[] } {
  const wired = wireDatasetSource({ kind: 'dataset', dataset: message.dataset }, false);
  if (wired.source.kind !== 'packed') throw new Error('A strategy job needs its bars as a dataset.');
  const { dataset: _dataset, ...rest } = message;
  return { wire: { ...rest, packed: wired.source.packed } as StrategyJobWire, transfer: wired.transfer };
}

/** The job the strategy worker runs: its columns are views on the received buffer (no copy). */
export function unpackStrategyJob(wire: StrategyJobWire): StrategyJobMessage {
  const { packed, ...rest } = wire;
  return { ...rest, dataset: unpackDataset(packed) } as StrategyJobMessage;
}
