// The bars of a dataset inside a time range, as a new Dataset (input untouched):
// how walk-forward hands a training or test slice to a backtest. Its id names the
// slice so run history and caches never confuse it with the whole dataset.
import type { Dataset } from '../bar';
import { sliceSeriesByTime } from '../bar-series';

/** Bars with startTime ≤ timestamp < endTime of every series; series left empty are dropped. */
export function sliceDataset(dataset: Dataset, startTime: number, endTime: number, label = `${startTime}-${endTime}`): Dataset {
  const series = [];
  for (const s of dataset.series) {
    // Views on the same column buffers: a window costs no copy of its bars.
    const slice = sliceSeriesByTime(s, startTime, endTime);
    if (slice.time.length > 0) series.push(slice);
  }
  return { id: `${dataset.id}#${label}`, name: `${dataset.name} [${label}]`, source: dataset.source, series };
}
