// Writes bars as a CSV file the way market data arrives (one row per bar: "2020-01-02 09:30:00",
// prices to 4 decimals), streamed in ~1 MB chunks so a 10 M-bar file never sits in memory.
// The benches import these files through the same readers a user's data goes through.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { BarSeries } from '../src/engine/bar';

/** Writes `series` to `path` (no symbol column: the reader takes the symbol from the file name); returns bytes written. */
export function writeBarsCsv(path: string, series: BarSeries): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    let chunk = 'time,open,high,low,close,volume\n';
    const n = series.time.length;
    for (let i = 0; i < n; i++) {
      const t = new Date(series.time[i]!).toISOString();
      chunk += `${t.slice(0, 10)} ${t.slice(11, 19)},${series.open[i]!.toFixed(4)},${series.high[i]!.toFixed(4)},${series.low[i]!.toFixed(4)},${series.close[i]!.toFixed(4)},${Math.round(series.volume[i]!)}\n`;
      if (chunk.length >= 1 << 20) {
        bytes += writeSync(fd, chunk);
        chunk = '';
      }
    }
    bytes += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
