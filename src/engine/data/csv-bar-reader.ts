// The CSV → columns state machine behind every bar import (a string in parseBarsCsv, a
// Node stream in readCsvColumns, a File in the studio's import worker): it takes one
// parsed row at a time with its line number and writes straight into growing columns,
// so no row object, no Bar object and no copy of the text is ever held. Every fault is
// collected (up to a cap, with the total counted) and nothing is returned on half-read
// data. Validation: positive finite prices, high ≥ low, open/close inside the range,
// non-negative volume, strictly increasing time per symbol; a single-bar spike of more
// than 50× the neighbouring bars is a warning with its line.
import type { BarSeries } from '../bar';
import { BarColumnsBuilder } from './bar-columns-builder';
import { inferTimeframe } from './infer-timeframe';
import { parseBarTime } from './parse-bar-time';
import { parseTimeframe } from './timeframe';

export interface CsvBarError {
  file: string;
  /** 1-based, the header row is line 1; 0 when the error concerns the whole file or the options. */
  line: number;
  /** The header name as written in the file, when one column is at fault. */
  column?: string;
  message: string;
}

export interface ParseBarsCsvOptions {
  /** Shown in every error; its base name is the symbol of a file without a symbol column (upper-cased). */
  fileName: string;
  /** Symbol of a file without a symbol column (wins over the file name). */
  symbol?: string;
  /** Timeframe of every series; inferred from the bar spacing when omitted. */
  timeframe?: string;
  /** Most errors (and warnings) kept in the lists; the rest are only counted. Default 1000. */
  maxMessages?: number;
  /** Expected data rows (a capacity hint for the columns: a file's size over its first rows' length). */
  expectedRows?: number;
}

export type ParseBarsCsvResult =
  | { ok: true; series: BarSeries[]; warnings: CsvBarError[]; warningCount: number; rows: number }
  | { ok: false; errors: CsvBarError[]; errorCount: number; warnings: CsvBarError[]; warningCount: number };

/** A price this many times above (or below) both neighbouring bars' closes is flagged. */
export const SPIKE_FACTOR = 50;
const DEFAULT_MAX_MESSAGES = 1000;

/** Header names (lower-cased, spaces/underscores/dashes/dots removed) → role. */
const DATE_NAMES = ['date', 'datetime', 'timestamp', 'time'];
const IGNORED = new Set(['adjclose', 'adjustedclose']);
/** Names pandas gives its index column: '' on export (`df.to_csv()`), 'Unnamed: 0' when read back. */
const INDEX_NAMES = new Set(['', 'unnamed:0', 'index']);

export interface Columns {
  date: number;
  /** A separate time-of-day column joined to `date` (e.g. MetaTrader 'Date,Time,…'). */
  time: number;
  symbol: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Only a close (or price) column: open = high = low = close. */
  closeOnly: boolean;
}

interface SeriesBuild {
  symbol: string;
  cols: BarColumnsBuilder;
  /** Source line of each of the last three bars (for spike warnings and order errors). */
  lines: [number, number, number];
  lastTimestamp: number;
  lastLine: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** '1234,56', '1.234,56', '-0,5': a decimal comma (with optional dot thousands) in a file not separated by commas. */
const DECIMAL_COMMA = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d+$/;

/** Where each field sits in a row (column indexes, −1 when absent), for the fast tokenizer. */
export interface CsvColumnLayout extends Columns {
  /** Cells in the header row. */
  fields: number;
  /** Numbers may carry decimal commas (the delimiter is not ','). */
  decimalComma: boolean;
}

export class CsvBarReader {
  readonly file: string;
  private readonly options: ParseBarsCsvOptions;
  private readonly maxMessages: number;
  private readonly errors: CsvBarError[] = [];
  private readonly warnings: CsvBarError[] = [];
  private errorCount = 0;
  private warningCount = 0;
  private header: string[] | undefined;
  private cols: Columns | undefined;
  private headerFailed = false;
  private readonly defaultSymbol: string;
  private readonly series = new Map<string, SeriesBuild>();
  private decimalComma = false;
  /** Data rows seen (blank lines excluded). */
  dataRows = 0;
  private optionsError: string | undefined;
  private expectedRows: number | undefined;
  /** The series of the previous row (most files hold one symbol, or runs of one). */
  private last: SeriesBuild | undefined;
  /** Scratch row values: time, open, high, low, close, volume. */
  private readonly values = new Float64Array(6);

  constructor(options: ParseBarsCsvOptions) {
    this.options = options;
    this.file = options.fileName;
    this.maxMessages = options.maxMessages ?? DEFAULT_MAX_MESSAGES;
    this.defaultSymbol = options.symbol ?? symbolFromFileName(options.fileName);
    this.expectedRows = options.expectedRows;
    if (options.timeframe !== undefined) {
      try {
        parseTimeframe(options.timeframe);
      } catch (e) {
        this.optionsError = (e as Error).message;
      }
    }
  }

  /** False once the header was refused or the options are bad: the caller may stop reading. */
  get accepting(): boolean {
    return !this.headerFailed && this.optionsError === undefined;
  }

  /** The symbol of rows in a file without a symbol column. */
  get defaultSymbolName(): string {
    return this.defaultSymbol;
  }

  /** Errors so far (all, counted past the kept list). */
  get errorTotal(): number {
    return this.errorCount;
  }

  /** Sizes the first series' columns for `rows` bars (a streaming reader's estimate after its first chunk). */
  expectRows(rows: number): void {
    if (this.series.size === 0 && Number.isFinite(rows) && rows > 0) this.expectedRows = Math.ceil(rows);
  }

  /** The field delimiter the parser found: anything but ',' lets numbers carry decimal commas. */
  setDelimiter(delimiter: string | undefined): void {
    this.decimalComma = delimiter !== undefined && delimiter !== ',';
  }

  /** A CSV syntax fault the tokenizer reported at `line`. */
  syntaxError(line: number, message: string): void {
    this.error({ file: this.file, line, message: `CSV syntax: ${message}.` });
  }

  /** One parsed row (cells as written) starting at `line`. */
  row(cells: readonly string[], line: number): void {
    if (!this.accepting) return;
    // Blank lines and all-empty rows (',,,,') are skipped; checked only when the first cell is empty.
    if (cells.length === 0 || (cells[0]!.trim() === '' && cells.every((c) => c.trim() === ''))) return;
    if (this.header === undefined) {
      this.header = cells.map((h) => h.trim());
      this.cols = this.mapColumns(this.header);
      if (this.cols === undefined) this.headerFailed = true;
      return;
    }
    this.dataRows++;
    this.readRow(cells, line);
  }

  /** Ends the file: infers timeframes, checks the last bars for spikes and answers. */
  finish(): ParseBarsCsvResult {
    const file = this.file;
    if (this.optionsError !== undefined) {
      return this.failed([{ file, line: 0, message: this.optionsError }]);
    }
    if (this.header === undefined) {
      return this.failed([{ file, line: 1, message: 'The file is empty: expected a header row such as Date,Open,High,Low,Close,Volume.' }]);
    }
    if (this.headerFailed) return this.failed([]);
    if (this.dataRows === 0 && this.errorCount === 0) {
      this.error({ file, line: 1, message: 'The file has a header but no data rows.' });
    }
    if (this.errorCount > 0) return this.failed([]);

    const out: BarSeries[] = [];
    let rows = 0;
    for (const s of this.series.values()) {
      const n = s.cols.length;
      if (n >= 2) this.checkSpike(s, n - 1, n - 2, -1, s.lines[(n - 1) % 3]!);
      let timeframe = this.options.timeframe === undefined ? undefined : parseTimeframe(this.options.timeframe).text;
      if (timeframe === undefined) {
        timeframe = inferTimeframe(s.cols.time.subarray(0, n));
        if (timeframe === undefined) {
          if (n < 2) {
            timeframe = '1d';
            this.warn({ file, line: 0, message: `${s.symbol} has a single bar, so its timeframe cannot be inferred: assumed '1d' (pass a timeframe to override).` });
          } else {
            this.error({ file, line: 0, message: `Cannot infer the timeframe of ${s.symbol} from its bar spacing: pass a timeframe such as '1m' or '1d'.` });
            continue;
          }
        }
      }
      rows += n;
      out.push(s.cols.finish(s.symbol, timeframe));
    }
    if (out.length === 0 && this.errorCount === 0) this.error({ file, line: 0, message: 'The file holds no bars: every data row was skipped (empty or null prices).' });
    if (this.errorCount > 0) return this.failed([]);
    return { ok: true, series: out, warnings: this.warnings, warningCount: this.warningCount, rows };
  }

  private failed(extra: CsvBarError[]): ParseBarsCsvResult {
    for (const e of extra) this.error(e);
    return { ok: false, errors: this.errors, errorCount: this.errorCount, warnings: this.warnings, warningCount: this.warningCount };
  }

  private error(e: CsvBarError): void {
    this.errorCount++;
    if (this.errors.length < this.maxMessages) this.errors.push(e);
  }

  private warn(e: CsvBarError): void {
    this.warningCount++;
    if (this.warnings.length < this.maxMessages) this.warnings.push(e);
  }

  private mapColumns(header: readonly string[]): Columns | undefined {
    const file = this.file;
    const index = new Map<string, number>();
    let ok = true;
    header.forEach((h, i) => {
      const name = normalizeName(h);
      if (name === '' || IGNORED.has(name)) return;
      const prev = index.get(name);
      if (prev !== undefined) {
        this.error({ file, line: 1, column: h, message: `Column '${h}' appears twice (columns ${prev + 1} and ${i + 1}): keep one.` });
        ok = false;
        return;
      }
      index.set(name, i);
    });
    const find = (name: string): number => index.get(name) ?? -1;
    let date = -1;
    let time = -1;
    for (const name of DATE_NAMES) {
      const i = find(name);
      if (i >= 0) {
        date = i;
        break;
      }
    }
    // pandas' default export (backtesting.py's GOOG.csv: ',Open,High,Low,Close,Volume'):
    // the unnamed first column is the index, which holds the date.
    if (date < 0 && header.length > 1 && INDEX_NAMES.has(normalizeName(header[0]!))) date = 0;
    // A 'time' column next to a 'date' column is the time of day of that date.
    if (date === find('date') && date >= 0 && find('time') >= 0) time = find('time');
    let close = find('close');
    if (close < 0) close = find('price');
    const open = find('open');
    const high = find('high');
    const low = find('low');
    const found = `found: ${header.join(', ')}`;
    if (date < 0) {
      this.error({ file, line: 1, message: `Missing a date column (one of date, datetime, timestamp, time, or pandas' unnamed index column first); ${found}.` });
      ok = false;
    }
    if (close < 0) {
      this.error({ file, line: 1, message: `Missing a close column (close, or price for a close-only file); ${found}.` });
      ok = false;
    }
    const closeOnly = open < 0 && high < 0 && low < 0;
    if (!closeOnly) {
      const missing = (
        [
          ['open', open],
          ['high', high],
          ['low', low],
        ] as const
      ).filter(([, i]) => i < 0);
      if (missing.length > 0) {
        this.error({
          file,
          line: 1,
          message: `Missing column${missing.length > 1 ? 's' : ''} ${missing.map(([n]) => n).join(', ')}: give open, high, low and close, or only a close/price column; ${found}.`,
        });
        ok = false;
      }
    }
    if (!ok) return undefined;
    const volume = find('volume') >= 0 ? find('volume') : find('vol');
    return { date, time, symbol: find('symbol'), open, high, low, close, volume, closeOnly };
  }

  /** Reads one data row; per-row work is plain calls (no closures or arrays) since files can hold millions of rows. */
  private readRow(row: readonly string[], line: number): void {
    const cols = this.cols!;
    const header = this.header!;
    const file = this.file;
    // Yahoo's non-trading-day rows: every price cell empty or 'null' (checked only when close is not a number).
    if (!NUMBER.test(cellOf(row, cols.close)) && isNullCell(row, cols.close) && (cols.closeOnly || (isNullCell(row, cols.open) && isNullCell(row, cols.high) && isNullCell(row, cols.low)))) {
      this.warn({ file, line, message: 'Row without prices (empty or null) skipped.' });
      return;
    }
    const before = this.errorCount;
    const dateText = cols.time >= 0 ? `${cellOf(row, cols.date)} ${cellOf(row, cols.time)}` : cellOf(row, cols.date);
    const timestamp = parseBarTime(dateText);
    if (timestamp === undefined) {
      this.error({
        file,
        line,
        column: header[cols.date],
        message:
          dateText.trim() === ''
            ? 'Missing date.'
            : `Unparseable date '${dateText}': use an ISO date/datetime (2020-01-31, 2020-01-31T09:30:00Z), epoch seconds/milliseconds, or 'Jan 31 2020'.`,
      });
    }
    let symbol = this.defaultSymbol;
    if (cols.symbol >= 0) {
      symbol = cellOf(row, cols.symbol);
      if (symbol === '') this.error({ file, line, column: header[cols.symbol], message: 'Missing symbol.' });
    }
    const close = this.price(row, cols.close, line);
    const open = cols.closeOnly ? close : this.price(row, cols.open, line);
    const high = cols.closeOnly ? close : this.price(row, cols.high, line);
    const low = cols.closeOnly ? close : this.price(row, cols.low, line);
    let volume = 0;
    if (cols.volume >= 0 && cellOf(row, cols.volume) !== '') {
      volume = this.numberCell(row, cols.volume, line);
      if (volume < 0) this.error({ file, line, column: header[cols.volume], message: `Negative volume ${volume}.` });
    }
    const v = this.values;
    v[0] = timestamp ?? NaN;
    v[1] = open;
    v[2] = high;
    v[3] = low;
    v[4] = close;
    v[5] = volume;
    this.place(line, before, timestamp !== undefined, symbol, v);
  }

  /**
   * The header's column layout once it is read (undefined before, or when it was refused):
   * what the fast tokenizer (csv-fast-reader.ts) needs to read cells in place.
   */
  get layout(): CsvColumnLayout | undefined {
    const c = this.cols;
    if (c === undefined || this.header === undefined || !this.accepting) return undefined;
    return { ...c, fields: this.header.length, decimalComma: this.decimalComma };
  }

  /**
   * A data row whose cells the fast tokenizer already read as clean values: a parsed time,
   * a non-empty symbol, finite prices above zero and a non-negative volume. Only the checks
   * between cells (range, order, spikes) are left, done by the same code as `row`'s.
   */
  bar(line: number, symbol: string, values: Float64Array): void {
    if (!this.accepting) return;
    this.dataRows++;
    this.place(line, this.errorCount, true, symbol, values);
  }

  /** The rest of readRow once the cells are values: cross-field checks, order, push, spikes. */
  private place(line: number, before: number, hasTime: boolean, symbol: string, values: Float64Array): void {
    // Values travel in a Float64Array: doubles passed as arguments would be boxed on every row.
    const timestamp = values[0]!;
    const open = values[1]!;
    const high = values[2]!;
    const low = values[3]!;
    const close = values[4]!;
    const volume = values[5]!;
    const cols = this.cols!;
    const header = this.header!;
    const file = this.file;
    if (!Number.isNaN(open + high + low + close)) {
      if (high < low) {
        this.error({ file, line, column: header[cols.high], message: `High ${high} is below low ${low}.` });
      } else {
        if (close < low || close > high) this.error({ file, line, column: header[cols.close], message: `Close ${close} is outside the bar's range [low ${low}, high ${high}].` });
        if (open < low || open > high) this.error({ file, line, column: header[cols.open], message: `Open ${open} is outside the bar's range [low ${low}, high ${high}].` });
      }
    }
    if (!hasTime || symbol === '') return;
    let s = this.last !== undefined && this.last.symbol === symbol ? this.last : this.series.get(symbol);
    if (!s) {
      // The capacity hint sizes the first series (most files hold one); later ones grow.
      const hint = this.series.size === 0 ? this.expectedRows : undefined;
      s = { symbol, cols: new BarColumnsBuilder(hint ?? 1024), lines: [0, 0, 0], lastTimestamp: -Infinity, lastLine: 0 };
      this.series.set(symbol, s);
    }
    this.last = s;
    if (timestamp === s.lastTimestamp) {
      this.error({ file, line, column: header[cols.date], message: `Duplicate timestamp ${iso(timestamp)} for ${symbol} (also at line ${s.lastLine}).` });
      return;
    }
    if (timestamp < s.lastTimestamp) {
      this.error({
        file,
        line,
        column: header[cols.date],
        message: `Timestamp ${iso(timestamp)} for ${symbol} is earlier than ${iso(s.lastTimestamp)} at line ${s.lastLine}: rows of a symbol must be in ascending time order.`,
      });
      return;
    }
    s.lastTimestamp = timestamp;
    s.lastLine = line;
    if (this.errorCount > before) return;
    const k = s.cols.length;
    s.cols.push(timestamp, open, high, low, close, volume);
    s.lines[k % 3] = line;
    // The bar before this one now has both neighbours (the first bar only its right one).
    if (k >= 1) this.checkSpike(s, k - 1, k >= 2 ? k - 2 : -1, k, s.lines[(k - 1) % 3]!);
  }

  /**
   * Warns when bar j's prices are more than SPIKE_FACTOR× above (or below 1/SPIKE_FACTOR of)
   * the closes of both its neighbours (-1: none on that side): a bad tick, a missing decimal
   * point or a unit change, which would otherwise drive the run silently.
   */
  private checkSpike(s: SeriesBuild, j: number, left: number, right: number, line: number): void {
    const c = s.cols;
    let hi = -Infinity;
    let lo = Infinity;
    if (left >= 0) {
      hi = Math.max(hi, c.close[left]!);
      lo = Math.min(lo, c.close[left]!);
    }
    if (right >= 0) {
      hi = Math.max(hi, c.close[right]!);
      lo = Math.min(lo, c.close[right]!);
    }
    if (hi === -Infinity) return;
    const header = this.header!;
    const cols = this.cols!;
    const high = c.high[j]!;
    const low = c.low[j]!;
    if (high <= hi * SPIKE_FACTOR && low * SPIKE_FACTOR >= lo) return;
    // Built only for a warning: this check runs on every bar.
    const neighbours = left >= 0 && right >= 0 ? `the neighbouring bars' closes (${c.close[left]} and ${c.close[right]})` : `the neighbouring bar's close (${hi})`;
    if (high > hi * SPIKE_FACTOR) {
      this.warn({ file: this.file, line, column: header[cols.closeOnly ? cols.close : cols.high], message: `${s.symbol}: ${high} is more than ${SPIKE_FACTOR}× ${neighbours}: a bad tick or a misplaced decimal point? Check the row.` });
    } else if (low * SPIKE_FACTOR < lo) {
      this.warn({ file: this.file, line, column: header[cols.closeOnly ? cols.close : cols.low], message: `${s.symbol}: ${low} is less than 1/${SPIKE_FACTOR} of ${neighbours}: a bad tick or a misplaced decimal point? Check the row.` });
    }
  }

  /** A price cell: a number, finite and above zero. */
  private price(row: readonly string[], i: number, line: number): number {
    const v = this.numberCell(row, i, line);
    if (Number.isNaN(v)) return v;
    const column = this.header![i];
    if (!Number.isFinite(v)) {
      this.error({ file: this.file, line, column, message: `Price '${cellOf(row, i)}' in column '${column}' is out of range (not a finite number).` });
      return NaN;
    }
    if (v <= 0) {
      this.error({ file: this.file, line, column, message: `Price ${v} in column '${column}' must be above zero: fix or remove the row.` });
      return NaN;
    }
    return v;
  }

  private numberCell(row: readonly string[], i: number, line: number): number {
    let text = cellOf(row, i);
    if (NUMBER.test(text)) return Number(text);
    if (this.decimalComma && DECIMAL_COMMA.test(text)) {
      text = text.replace(/\./g, '').replace(',', '.');
      return Number(text);
    }
    const column = this.header![i];
    const lower = text.toLowerCase();
    this.error({
      file: this.file,
      line,
      column,
      message:
        text === ''
          ? `Missing value in column '${column}'.`
          : lower === 'nan' || lower === 'inf' || lower === 'infinity' || lower === '-inf' || lower === '-infinity'
            ? `'${text}' in column '${column}' is not a usable number: fix or remove the row.`
            : `Unparseable number '${text}' in column '${column}'.`,
    });
    return NaN;
  }
}

function normalizeName(h: string): string {
  return h.toLowerCase().replace(/[\s_\-.]+/g, '');
}

function cellOf(row: readonly string[], i: number): string {
  if (i < 0 || i >= row.length) return '';
  const c = row[i]!;
  // Most cells have no padding: skip trim's work (the hot path of million-row files).
  return c.length > 0 && isVisibleAscii(c.charCodeAt(0)) && isVisibleAscii(c.charCodeAt(c.length - 1)) ? c : c.trim();
}

function isVisibleAscii(code: number): boolean {
  return code > 32 && code < 127;
}

function isNullCell(row: readonly string[], i: number): boolean {
  const c = cellOf(row, i);
  return c === '' || c.toLowerCase() === 'null';
}

function iso(t: number): string {
  const s = new Date(t).toISOString();
  return s.endsWith('T00:00:00.000Z') ? s.slice(0, 10) : s;
}

/** 'data/aapl.csv' → 'AAPL'. */
export function symbolFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.(csv|tsv|txt)(\.gz)?$/i, '');
  return (stem === '' ? 'DATA' : stem).toUpperCase();
}

/** Lines a row spans beyond its first: newlines inside quoted cells. */
export function extraLinesIn(cells: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    let at = c.indexOf('\n');
    if (at < 0) {
      // Old Mac files: bare CR line ends. A CR ending the row's last cell is the CR of a CRLF
      // line end in a file whose first line ended with LF alone (papaparse split on LF): no line.
      at = c.indexOf('\r');
      const last = i === cells.length - 1 ? c.length - 1 : -1;
      while (at >= 0 && at !== last) {
        n++;
        at = c.indexOf('\r', at + 1);
      }
      continue;
    }
    while (at >= 0) {
      n++;
      at = c.indexOf('\n', at + 1);
    }
  }
  return n;
}
