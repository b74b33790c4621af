// The fast path of CSV import: a char-level tokenizer for the common file (no quotes, ',' or
// ';' separated, '\n' or '\r\n' line ends) that reads cells in place — dates with the
// ISO char-code parser, numbers from char codes — and hands CsvBarReader finished values
// (no row array, no cell strings). A row it cannot vouch for (empty or odd cells, another
// date shape, a bad price) goes through CsvBarReader.row with its cells split exactly as
// papaparse would split an unquoted line, so errors, warnings and line numbers are the
// papaparse path's. What the tokenizer cannot split the way papaparse does (a quote, a bare
// '\r', a delimiter or line end papaparse would not guess) makes it stop at the start of
// that line and hand the rest to papaparse (`handoff`), which continues with the same reader.
import Papa from 'papaparse';
import type { CsvBarReader, CsvColumnLayout } from './csv-bar-reader';
import { parseBarTime, parseIsoBarTimeAt } from './parse-bar-time';

/** The delimiter and line end are guessed (as papaparse does) once this many lines, or this many chars, are buffered. */
const GUESS_LINES = 11;
const GUESS_CHARS = 64 * 1024;
/** Up to 15 digits the mantissa is an exact integer (< 2^53) and m / 10^k is correctly rounded, i.e. equals Number(text). */
const MAX_DIGITS = 15;
const POW10 = Array.from({ length: MAX_DIGITS + 1 }, (_, k) => 10 ** k);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What papaparse continues from when the fast path stops. */
export interface CsvHandoff {
  /** The text from the first line the fast path did not read. */
  text: string;
  /** That line's number (header = 1). */
  line: number;
  /** The delimiter and line end guessed at the start (undefined: let papaparse guess, as on a whole file). */
  delimiter: string | undefined;
  newline: '\n' | '\r\n' | undefined;
}

export class CsvFastReader {
  private readonly reader: CsvBarReader;
  private started = false;
  private delimiter = 44;
  private crlf = false;
  /** Line number of the next line to read. */
  private line = 1;
  /** The partial last line of the previous chunk (or, before the guess, everything so far). */
  private carry = '';
  private layout: CsvColumnLayout | undefined;
  private ends = new Int32Array(64);
  private lastSymbol = '';
  /** The last date-format decision: the cells are ISO shapes the char-code parser reads. */
  private isoTimes = true;
  private stopped: CsvHandoff | undefined;
  /** The row's values for CsvBarReader.bar: time, open, high, low, close, volume. */
  private readonly values = new Float64Array(6);
  /** Rows read through the fast path (the rest went through CsvBarReader.row). */
  fastRows = 0;

  constructor(reader: CsvBarReader) {
    this.reader = reader;
  }

  /** Set once the fast path stopped: papaparse must read this text and every later chunk. */
  get handoff(): CsvHandoff | undefined {
    return this.stopped;
  }

  /** Reads a chunk; false once the fast path stopped (see `handoff`; later chunks go to papaparse). */
  push(chunk: string): boolean {
    if (this.stopped) return false;
    if (!this.started) {
      if (this.carry === '' && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      this.carry += chunk;
      if (this.carry.length < GUESS_CHARS && countNewlines(this.carry) < GUESS_LINES) return true;
      const text = this.carry;
      this.carry = '';
      if (!this.begin(text)) return false;
      chunk = text;
    }
    let pos = 0;
    if (this.carry !== '') {
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        this.carry += chunk;
        return true;
      }
      const joined = this.carry + chunk.slice(0, nl + 1);
      this.carry = '';
      const at = this.lines(joined, 0, joined.length);
      if (at >= 0) return this.stop(joined.slice(at) + chunk.slice(nl + 1));
      pos = nl + 1;
    }
    const last = chunk.lastIndexOf('\n');
    if (last < pos) {
      this.carry = chunk.slice(pos);
      return true;
    }
    const at = this.lines(chunk, pos, last + 1);
    if (at >= 0) return this.stop(chunk.slice(at));
    this.carry = last + 1 < chunk.length ? chunk.slice(last + 1) : '';
    return true;
  }

  /** Reads the last line (one without a line end); false when the fast path stopped (see `handoff`). */
  end(): boolean {
    if (this.stopped) return false;
    if (!this.started) {
      const text = this.carry;
      this.carry = '';
      if (text === '' || !this.begin(text)) return this.stopped === undefined;
      this.carry = text;
    }
    const text = this.carry;
    this.carry = '';
    if (text === '') return true;
    const ended = text + (this.crlf ? '\r\n' : '\n');
    const at = this.lines(ended, 0, ended.length);
    if (at >= 0) return this.stop(text.slice(at));
    return true;
  }

  /** Guesses delimiter and line end on the first text as papaparse would; false (stopped) when they are not ones the fast path reads. */
  private begin(text: string): boolean {
    this.started = true;
    // Papaparse guesses from the first ten rows (and the line end from the first MiB: here from
    // those rows, so the guess costs nothing on a big first chunk).
    let head = 0;
    for (let k = 0; k < GUESS_LINES && head >= 0; k++) head = text.indexOf('\n', head + (k === 0 ? 0 : 1));
    const guess = Papa.parse<string[]>(head < 0 ? text : text.slice(0, head + 1), { preview: GUESS_LINES - 1 });
    const d = guess.meta.delimiter;
    const nl = guess.meta.linebreak;
    if ((d !== ',' && d !== ';') || (nl !== '\n' && nl !== '\r\n') || guess.errors.some((e) => e.code === 'UndetectableDelimiter')) {
      this.stopped = { text, line: 1, delimiter: undefined, newline: undefined };
      return false;
    }
    this.delimiter = d.charCodeAt(0);
    this.crlf = nl === '\r\n';
    this.reader.setDelimiter(d);
    return true;
  }

  private stop(text: string): false {
    this.stopped = { text, line: this.line, delimiter: String.fromCharCode(this.delimiter), newline: this.crlf ? '\r\n' : '\n' };
    return false;
  }

  /**
   * Reads the whole lines of text[from, to) (`to` just past a '\n'); −1 when all were read,
   * else the index of the line the fast path cannot split as papaparse would (`line` is its number).
   */
  private lines(text: string, from: number, to: number): number {
    // A range without quotes (and, in an LF file, without CRs) is split with indexOf, which
    // searches natively; otherwise char by char, stopping where papaparse must take over.
    const quote = text.indexOf('"', from);
    const cr = this.crlf ? -1 : text.indexOf('\r', from);
    if ((quote < 0 || quote >= to) && (cr < 0 || cr >= to)) return this.plainLines(text, from, to);
    return this.scannedLines(text, from, to);
  }

  /** lines() for a range with no quote (and no CR in an LF file): every '\n' ends a line. */
  private plainLines(text: string, from: number, to: number): number {
    const reader = this.reader;
    const delim = String.fromCharCode(this.delimiter);
    let s = from;
    while (s < to) {
      const nl = text.indexOf('\n', s);
      let e = nl;
      if (this.crlf) {
        // A bare '\n' in a '\r\n' file is inside papaparse's cell.
        if (nl === s || text.charCodeAt(nl - 1) !== 13) return s;
        e = nl - 1;
      }
      const ends = this.ends;
      let count = 0;
      for (let p = s; ; ) {
        const d = text.indexOf(delim, p);
        if (d < 0 || d >= e) break;
        if (count < ends.length) ends[count] = d;
        count++;
        p = d + 1;
      }
      if (count < ends.length) ends[count] = e;
      count++;
      const line = this.line;
      if (e > s) {
        const layout = this.layout;
        if (layout === undefined || count !== layout.fields || !this.fastRow(text, s, layout, line)) {
          reader.row(this.cells(text, s, e, count), line);
          if (this.layout === undefined && reader.accepting) this.takeLayout();
        }
      }
      this.line = line + 1;
      s = nl + 1;
    }
    return -1;
  }

  /** lines() char by char: a quote or a stray '\r' stops the fast path at its line. */
  private scannedLines(text: string, from: number, to: number): number {
    const reader = this.reader;
    const delim = this.delimiter;
    let s = from;
    while (s < to) {
      // One pass finds the cells' ends and the line end; a quote or a stray '\r' stops the fast path.
      let count = 0;
      let i = s;
      let c = 0;
      const ends = this.ends;
      for (; i < to; i++) {
        c = text.charCodeAt(i);
        if (c === delim) {
          if (count < ends.length) ends[count] = i;
          count++;
        } else if (c === 10 || c === 13 || c === 34) break;
      }
      const e = i;
      if (c === 34) return s;
      if (c === 13) {
        if (text.charCodeAt(i + 1) !== 10) return s;
        i++;
      } else if (this.crlf && i < to) return s; // a bare '\n' in a '\r\n' file is inside papaparse's cell
      if (i >= to) return s; // no line end (cannot happen: `to` is past one)
      if (count < ends.length) ends[count] = e;
      count++;
      const line = this.line;
      if (e > s) {
        const layout = this.layout;
        if (layout === undefined || count !== layout.fields || !this.fastRow(text, s, layout, line)) {
          reader.row(this.cells(text, s, e, count), line);
          if (this.layout === undefined && reader.accepting) this.takeLayout();
        }
      }
      this.line = line + 1;
      s = i + 1;
    }
    return -1;
  }

  private takeLayout(): void {
    const layout = this.reader.layout;
    if (layout === undefined) return;
    this.layout = layout;
    if (this.ends.length < layout.fields) this.ends = new Int32Array(layout.fields);
  }

  /** The row's cells as papaparse splits an unquoted line. */
  private cells(text: string, s: number, e: number, count: number): string[] {
    if (count > this.ends.length) this.ends = new Int32Array(count * 2);
    // Re-scan for the ends when the row had more cells than there was room for.
    let k = 0;
    for (let i = s; i < e; i++) if (text.charCodeAt(i) === this.delimiter) this.ends[k++] = i;
    this.ends[k] = e;
    const out: string[] = new Array<string>(count);
    let start = s;
    for (let j = 0; j < count; j++) {
      const end = this.ends[j]!;
      out[j] = text.slice(start, end);
      start = end + 1;
    }
    return out;
  }

  /** A row read in place; false when a cell needs CsvBarReader.row's handling (and its messages). */
  private fastRow(text: string, s: number, L: CsvColumnLayout, line: number): boolean {
    if (L.time >= 0) return false;
    const ends = this.ends;
    // Date.
    const ds = cellStart(ends, s, L.date);
    const de = ends[L.date]!;
    const v = this.values;
    let t: number | undefined;
    if (this.isoTimes && de > ds && visible(text.charCodeAt(ds)) && visible(text.charCodeAt(de - 1))) t = parseIsoBarTimeAt(text, ds, de);
    if (t === undefined) {
      t = parseBarTime(text.slice(ds, de));
      if (t === undefined) return false;
      this.isoTimes = false;
    }
    // Symbol, reused while it repeats.
    let symbol = '';
    if (L.symbol >= 0) {
      const ss = cellStart(ends, s, L.symbol);
      const se = ends[L.symbol]!;
      if (se === ss || !visible(text.charCodeAt(ss)) || !visible(text.charCodeAt(se - 1))) return false;
      symbol = this.lastSymbol;
      if (!sameText(text, ss, se, symbol)) symbol = this.lastSymbol = text.slice(ss, se);
    }
    v[0] = t;
    const comma = L.decimalComma;
    // Prices must be finite and above zero, else the reader words the error.
    if (!this.number(text, cellStart(ends, s, L.close), ends[L.close]!, comma, 4) || !(v[4]! > 0 && v[4]! < Infinity)) return false;
    if (L.closeOnly) v[1] = v[2] = v[3] = v[4]!;
    else {
      if (!this.number(text, cellStart(ends, s, L.open), ends[L.open]!, comma, 1) || !(v[1]! > 0 && v[1]! < Infinity)) return false;
      if (!this.number(text, cellStart(ends, s, L.high), ends[L.high]!, comma, 2) || !(v[2]! > 0 && v[2]! < Infinity)) return false;
      if (!this.number(text, cellStart(ends, s, L.low), ends[L.low]!, comma, 3) || !(v[3]! > 0 && v[3]! < Infinity)) return false;
    }
    v[5] = 0;
    if (L.volume >= 0) {
      const vs = cellStart(ends, s, L.volume);
      const ve = ends[L.volume]!;
      if (ve > vs && (!this.number(text, vs, ve, comma, 5) || !(v[5]! >= 0))) return false;
    }
    this.fastRows++;
    this.reader.bar(line, L.symbol >= 0 ? symbol : this.reader.defaultSymbolName, v);
    return true;
  }

  /** A number cell into values[k]: char codes for plain decimals, Number() for exponents; false when only the reader may judge it. */
  private number(text: string, s: number, e: number, comma: boolean, k: number): boolean {
    if (readDecimal(text, s, e, comma, this.values, k)) return true;
    if (e === s) return false;
    const cell = text.slice(s, e);
    if (!NUMBER.test(cell)) return false;
    this.values[k] = Number(cell);
    return true;
  }
}

/**
 * `[+-]digits[.digits]` (or `,` as the decimal mark when `comma`, with a digit after it) of
 * at most 15 digits, read from char codes; NaN for anything else (exponents, padding, more
 * digits), which the caller reads with Number(). Equals Number(text) bit for bit: the
 * mantissa is an exact integer and one division by an exact power of ten rounds correctly.
 */
export function parseDecimalAt(text: string, s: number, e: number, comma: boolean): number {
  return readDecimal(text, s, e, comma, SCRATCH, 0) ? SCRATCH[0]! : NaN;
}

const SCRATCH = new Float64Array(1);

/** parseDecimalAt writing into out[k] (a double returned from a call would be boxed on every cell); false when it declines. */
function readDecimal(text: string, s: number, e: number, comma: boolean, out: Float64Array, k: number): boolean {
  let i = s;
  let neg = false;
  if (i < e) {
    const c = text.charCodeAt(i);
    if (c === 45) {
      neg = true;
      i++;
    } else if (c === 43) i++;
  }
  let m = 0;
  let digits = 0;
  let frac = 0;
  let sep = 0;
  for (; i < e; i++) {
    const c = text.charCodeAt(i);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      if (sep !== 0) frac++;
    } else if (sep === 0 && (c === 46 || (comma && c === 44))) sep = c;
    else return false;
  }
  if (digits === 0 || digits > MAX_DIGITS || (sep === 44 && frac === 0)) return false;
  const v = frac === 0 ? m : m / POW10[frac]!;
  out[k] = neg ? -v : v;
  return true;
}

/** Where cell j of the row starting at s begins (just past the delimiter ending cell j − 1). */
function cellStart(ends: Int32Array, s: number, j: number): number {
  return j === 0 ? s : ends[j - 1]! + 1;
}

function visible(code: number): boolean {
  return code > 32 && code < 127;
}

function sameText(text: string, s: number, e: number, other: string): boolean {
  if (other.length !== e - s) return false;
  for (let i = 0; i < other.length; i++) if (text.charCodeAt(s + i) !== other.charCodeAt(i)) return false;
  return true;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && n < GUESS_LINES; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
