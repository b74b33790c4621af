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
  private readonly equity = new RepeatedNumberText();
  private readonly cash = new RepeatedNumberText();
  private readonly drawdown = new RepeatedNumberText();

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
      const e = block.equity[i]!;
      const c = block.cash[i]!;
      const d = block.drawdown[i]!;
      const equity = this.equity.text(e) ?? this.null(e, 'equity');
      const cash = this.cash.text(c) ?? this.null(c, 'cash');
      const drawdown = this.drawdown.text(d) ?? this.null(d, 'drawdown');
      const ts = this.timestampText(block.timestamp[i]!);
      o += out.write(`${this.count === 0 ? '[\n' : ',\n'}{"timestamp":${ts},"equity":${equity},"cash":${cash},"drawdown":${drawdown}}`, o, 'latin1');
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

/** A column's number text, reused while the number repeats; undefined for a non-finite one (never remembered). */
class RepeatedNumberText {
  private last = Number.NaN;
  private lastText = '';

  text(v: number): string | undefined {
    if (v === this.last) return this.lastText;
    if (!Number.isFinite(v)) return undefined;
    // -0 equals 0 and reuses its text, which is right: JSON writes both as 0.
    this.last = v;
    this.lastText = String(v);
    return this.lastText;
  }
}
