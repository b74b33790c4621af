// Market data held as columns: one Float64Array per field per series, so a bar held costs
// 48 bytes (no object, no symbol string per bar), series cross to workers as transferable
// buffers and sit in IndexedDB as they are. A Bar object exists only for the step that
// publishes it (strategies and events still see one flat record per bar).
export interface Bar {
  /** Bar open time, ms since epoch, UTC. */
  timestamp: number;
  symbol: string;
  /** '1m', '5m', '1h', '1d', '1mo' … */
  timeframe: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The six columns of a series; equal lengths, index i is one bar. */
export interface BarColumns {
  /** Bar open time, ms since epoch, UTC; strictly increasing. */
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Bars of one symbol and timeframe, strictly increasing in time, as columns (see bar-series.ts for helpers). */
export interface BarSeries extends BarColumns {
  symbol: string;
  timeframe: string;
}

/** What a backtest runs on: one or more series, identified for run history and share links. */
export interface Dataset {
  id: string;
  name: string;
  /** Human-readable origin, e.g. 'vega-datasets data/sp500-2000.csv'. */
  source: string;
  series: BarSeries[];
}
