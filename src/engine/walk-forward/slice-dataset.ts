// The bars of a dataset inside a time range, as a new Dataset (input untouched):
// how walk-forward hands a training or test slice to a backtest. Its id names the
// slice so run history and caches never confuse it with the whole dataset.
import type { Dataset } from '../bar';

/** Bars with startTime ≤ timestamp < endTime of every series; series left empty are dropped. */
export function sliceDataset(dataset: Dataset, startTime: number, endTime: number, label = `${startTime}-${endTime}`): Dataset {
  const series = [];
  for (const s of dataset.series) {
    const bars = s.bars.filter((b) => b.timestamp >= startTime && b.timestamp < endTime);
    if (bars.length > 0) series.push({ symbol: s.symbol, timeframe: s.timeframe, bars });
  }
  return { id: `${dataset.id}#${label}`, name: `${dataset.name} [${label}]`, source: dataset.source, series };
}
