// A short content digest of columnar series (FNV-1a over the time and close columns' bytes):
// the id of an imported dataset whose text is not held in memory.
import type { BarSeries } from '../../engine/bar';

export function seriesDigest(series: readonly BarSeries[]): string {
  let h = 0x811c9dc5;
  for (const s of series) {
    for (let i = 0; i < s.symbol.length; i++) h = Math.imul(h ^ s.symbol.charCodeAt(i), 0x01000193);
    for (const column of [s.time, s.open, s.close]) {
      const words = new Uint32Array(column.buffer, column.byteOffset, column.length * 2);
      for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193);
    }
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
