// Market data as plain arrays of plain objects: the engine walks them in
// (timestamp, symbol) order, so a bar is a flat record with its own time.
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

/** Bars of one symbol and timeframe, strictly increasing in timestamp. */
export interface BarSeries {
  symbol: string;
  timeframe: string;
  bars: Bar[];
}

/** What a backtest runs on: one or more series, identified for run history and share links. */
export interface Dataset {
  id: string;
  name: string;
  /** Human-readable origin, e.g. 'vega-datasets data/sp500-2000.csv'. */
  source: string;
  series: BarSeries[];
}
