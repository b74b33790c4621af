// A Dataset as one buffer for crossing to workers: every series' six columns laid end to
// end in a single ArrayBuffer (transferred, so a worker's copy costs no clone of objects)
// or SharedArrayBuffer (Node worker threads, a cross-origin-isolated page: one copy for
// every worker). The receiving side reads the columns as views on that buffer.
import type { BarSeries, Dataset } from '../bar';

export interface PackedSeriesInfo {
  symbol: string;
  timeframe: string;
  length: number;
}

export interface PackedDataset {
  id: string;
  name: string;
  source: string;
  series: PackedSeriesInfo[];
  /** 6 × Σ length float64s: per series time, open, high, low, close, volume. */
  buffer: ArrayBuffer | SharedArrayBuffer;
}

const FIELDS = 6;

/** Copies a dataset's columns into one buffer (shared when `shared` and the runtime has SharedArrayBuffer). */
export function packDataset(dataset: Dataset, shared = false): PackedDataset {
  let total = 0;
  for (const s of dataset.series) total += s.time.length;
  const bytes = total * FIELDS * 8;
  const buffer = shared && typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const all = new Float64Array(buffer);
  let at = 0;
  for (const s of dataset.series) {
    for (const column of [s.time, s.open, s.high, s.low, s.close, s.volume]) {
      all.set(column, at);
      at += column.length;
    }
  }
  return { id: dataset.id, name: dataset.name, source: dataset.source, series: dataset.series.map((s) => ({ symbol: s.symbol, timeframe: s.timeframe, length: s.time.length })), buffer };
}

/** The dataset over a packed buffer: columns are views, nothing is copied. */
export function unpackDataset(packed: PackedDataset): Dataset {
  let at = 0;
  const view = (n: number): Float64Array => {
    const a = new Float64Array(packed.buffer, at * 8, n);
    at += n;
    return a;
  };
  const series: BarSeries[] = packed.series.map((s) => ({
    symbol: s.symbol,
    timeframe: s.timeframe,
    time: view(s.length),
    open: view(s.length),
    high: view(s.length),
    low: view(s.length),
    close: view(s.length),
    volume: view(s.length),
  }));
  return { id: packed.id, name: packed.name, source: packed.source, series };
}

/** One shared pack per dataset: every worker of a pool reads the same SharedArrayBuffer. */
const sharedPacks = new WeakMap<Dataset, PackedDataset>();

/**
 * What a shell sends a worker for a dataset source: a 'dataset' becomes 'packed' — over a
 * SharedArrayBuffer when `shared` (one pack for all workers, nothing to transfer), else over
 * a fresh ArrayBuffer listed in `transfer` (moved, not cloned, into that one worker).
 * Other sources go as they are.
 */
export function wireDatasetSource<S extends { kind: string }>(
  source: S | { kind: 'dataset'; dataset: Dataset },
  shared: boolean,
): { source: S | { kind: 'packed'; id: string; packed: PackedDataset }; transfer: ArrayBuffer[] } {
  if (source.kind !== 'dataset' || !('dataset' in source)) return { source: source as S, transfer: [] };
  const dataset = source.dataset;
  if (shared && typeof SharedArrayBuffer === 'function') {
    let packed = sharedPacks.get(dataset);
    if (packed === undefined) sharedPacks.set(dataset, (packed = packDataset(dataset, true)));
    return { source: { kind: 'packed', id: dataset.id, packed }, transfer: [] };
  }
  const packed = packDataset(dataset, false);
  return { source: { kind: 'packed', id: dataset.id, packed }, transfer: [packed.buffer as ArrayBuffer] };
}
