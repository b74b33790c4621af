// equity.json bytes from equity-curve columns, block by block: the exact text writeEquityJson
// always wrote (a JSON array, one compact {"timestamp","equity","cash","drawdown"} object per
// line), written straight into a reused byte buffer — no object per point, no string of the
// whole curve. A number equal to the one before it in its column reuses that one's text: cash
// is flat between trades and equity while flat, and number → text is most of the cost.
import type { EquityBlock } from '../engine/backtest-result';

/** Longest line: 4 numbers of at most 24 characters, the keys and punctuation. */
const MAX_LINE_BYTES = 160;
/** Left padding of a timestamp's low 7 digits, by how many are missing. */
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000'];

export class EquityJsonEncoder {
  /** JSON path (`<index>/<key>`) → 'NaN' | 'Infinity' | '-Infinity' for numbers written as null (run.json's nonFinite map). */
  readonly nonFinite: Record<string, string> = {};
  /** Points encoded so far. */
  count = 0;
  private lastHigh = -1;
  private highText = '';
  private lastEquity = Number.NaN;
  private equityText = '';
  private lastCash = Number.NaN;
  private cashText = '';
  private lastDrawdown = Number.NaN;
  private drawdownText = '';

  /**
   * Encodes the block's points into `out` (ASCII), handing it to `flush(byteLength)` whenever
   * it is nearly full and once at the end; the array's opening bracket comes with the first point.
   */
  encode(block: EquityBlock, out: Buffer, flush: (bytes: number) => void): void {
    const n = block.timestamp.length;
    const room = out.length - MAX_LINE_BYTES;
    let o = 0;
    for (let i = 0; i < n; i++) {
      if (o > room) {
        flush(o);
        o = 0;
      }
      // Only finite numbers are remembered, so every non-finite one is recorded at its own path.
      const e = block.equity[i]!;
      if (e !== this.lastEquity) {
        if (Number.isFinite(e)) {
          this.lastEquity = e;
          this.equityText = String(e);
        } else this.equityText = this.null(e, 'equity');
      }
      const c = block.cash[i]!;
      if (c !== this.lastCash) {
        if (Number.isFinite(c)) {
          this.lastCash = c;
          this.cashText = String(c);
        } else this.cashText = this.null(c, 'cash');
      }
      const d = block.drawdown[i]!;
      if (d !== this.lastDrawdown) {
        if (Number.isFinite(d)) {
          this.lastDrawdown = d;
          this.drawdownText = String(d);
        } else this.drawdownText = this.null(d, 'drawdown');
      }
      const ts = this.timestampText(block.timestamp[i]!);
      // -0 equals 0 and reuses its text, which is right: JSON writes both as 0.
      o += out.write(`${this.count === 0 ? '[\n' : ',\n'}{"timestamp":${ts},"equity":${this.equityText},"cash":${this.cashText},"drawdown":${this.drawdownText}}`, o, 'latin1');
      this.count++;
    }
    if (o > 0) flush(o);
  }

  /** The closing text: `]` after the last point (an empty curve is `[]`). */
  end(): string {
    return this.count === 0 ? '[]\n' : '\n]\n';
  }

  /**
   * A millisecond timestamp (~1.7e12) is not a small integer to V8, so String() takes its slow
   * double path (~170 ns); its two halves around 1e7 are small integers (~25 ns together), and
   * consecutive bars share the high half. Exact: used only when the halves add back up to t.
   */
  private timestampText(t: number): string {
    if (t >= 1e7 && t < 9e15) {
      const hi = Math.floor(t / 1e7);
      const lo = t - hi * 1e7;
      if (lo >= 0 && lo < 1e7 && Number.isInteger(lo)) {
        if (hi !== this.lastHigh) {
          this.lastHigh = hi;
          this.highText = String(hi);
        }
        const low = String(lo);
        return this.highText + ZEROS[7 - low.length]! + low;
      }
    }
    return Number.isFinite(t) ? String(t) : this.null(t, 'timestamp');
  }

  private null(v: number, key: string): string {
    this.nonFinite[`${this.count}/${key}`] = String(v);
    return 'null';
  }
}

/** Columns of `points` (tests, and curves the engine kept in memory). */
export function equityBlockOf(points: readonly { timestamp: number; equity: number; cash: number; drawdown: number }[]): EquityBlock {
  const n = points.length;
  const block: EquityBlock = { timestamp: new Float64Array(n), equity: new Float64Array(n), cash: new Float64Array(n), drawdown: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    block.timestamp[i] = p.timestamp;
    block.equity[i] = p.equity;
    block.cash[i] = p.cash;
    block.drawdown[i] = p.drawdown;
  }
  return block;
}
