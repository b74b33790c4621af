// CSV → BarSeries[] with every bad row reported by file and line (header = line 1):
// the file is read completely before anything is returned, so a run never starts
// on half-read data. papaparse splits fields (quotes, delimiters); we stream its
// rows and take each row's start offset to count lines, so quoted newlines and
// blank lines never shift the reported line numbers.
import Papa from 'papaparse';
import type { Bar, BarSeries } from '../bar';
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
}

export type ParseBarsCsvResult =
  | { ok: true; series: BarSeries[]; warnings: CsvBarError[] }
  | { ok: false; errors: CsvBarError[] };

/** Header names (lower-cased, spaces/underscores/dashes removed) → role. */
const DATE_NAMES = ['date', 'datetime', 'timestamp', 'time'];
const IGNORED = new Set(['adjclose', 'adjustedclose']);

interface Columns {
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
  bars: Bar[];
  lastTimestamp: number;
  lastLine: number;
}

/**
 * Parses bars from CSV text (CONTRACT §8). Columns are matched case-insensitively:
 * `date|datetime|timestamp|time`, `symbol` (optional), `open`, `high`, `low`, `close`
 * (or `price`), `volume` or `vol` (optional; an empty cell is 0), `adj close` (ignored).
 * A close-only file (`price` or `close` without open/high/low) loads with
 * open = high = low = close. Yahoo's all-`null` rows (non-trading days) are skipped
 * with a warning. Never throws on bad input: every problem comes back as an error.
 */
export function parseBarsCsv(text: string, options: ParseBarsCsvOptions): ParseBarsCsvResult {
  const file = options.fileName;
  const errors: CsvBarError[] = [];
  const warnings: CsvBarError[] = [];
  if (options.timeframe !== undefined) {
    try {
      parseTimeframe(options.timeframe);
    } catch (e) {
      return { ok: false, errors: [{ file, line: 0, message: (e as Error).message }] };
    }
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    return { ok: false, errors: [{ file, line: 1, message: 'The file is empty: expected a header row such as Date,Open,High,Low,Close,Volume.' }] };
  }

  let header: string[] | undefined;
  let cols: Columns | undefined;
  let headerFailed = false;
  const defaultSymbol = options.symbol ?? symbolFromFileName(file);
  const series = new Map<string, SeriesBuild>();
  let dataRows = 0;

  // Line counting: a row starts where the previous one ended (meta.cursor).
  let rowStart = 0;
  let scanned = 0;
  let line = 1;
  // Old Mac files end lines with a bare CR.
  const newline = body.includes('\n') ? 10 : 13;

  Papa.parse<string[]>(body, {
    skipEmptyLines: false,
    step: (results, parser) => {
      const cursor = results.meta.cursor;
      for (let i = scanned; i < rowStart; i++) if (body.charCodeAt(i) === newline) line++;
      scanned = rowStart;
      const rowLine = line;
      rowStart = cursor;
      for (const err of results.errors) {
        if (err.code === 'UndetectableDelimiter') continue;
        errors.push({ file, line: rowLine, message: `CSV syntax: ${err.message}.` });
      }
      const row = results.data;
      if (row[0]!.trim() === '' && row.every((cell) => cell.trim() === '')) return;
      if (!header) {
        header = row.map((h) => h.trim());
        cols = mapColumns(header, file, errors);
        if (!cols) {
          headerFailed = true;
          parser.abort();
        }
        return;
      }
      dataRows++;
      readRow(row, rowLine, header, cols!, defaultSymbol, file, series, errors, warnings);
    },
  });

  if (headerFailed) return { ok: false, errors };
  if (dataRows === 0 && errors.length === 0) {
    errors.push({ file, line: 1, message: 'The file has a header but no data rows.' });
  }
  if (errors.length > 0) return { ok: false, errors };

  const out: BarSeries[] = [];
  for (const s of series.values()) {
    let timeframe = options.timeframe === undefined ? undefined : parseTimeframe(options.timeframe).text;
    if (timeframe === undefined) {
      timeframe = inferTimeframe(s.bars.map((b) => b.timestamp));
      if (timeframe === undefined) {
        if (s.bars.length < 2) {
          timeframe = '1d';
          warnings.push({ file, line: 0, message: `${s.symbol} has a single bar, so its timeframe cannot be inferred: assumed '1d' (pass a timeframe to override).` });
        } else {
          errors.push({ file, line: 0, message: `Cannot infer the timeframe of ${s.symbol} from its bar spacing: pass a timeframe such as '1m' or '1d'.` });
          continue;
        }
      }
    }
    for (const b of s.bars) b.timeframe = timeframe;
    out.push({ symbol: s.symbol, timeframe, bars: s.bars });
  }
  if (out.length === 0) errors.push({ file, line: 0, message: 'The file holds no bars: every data row was skipped (empty or null prices).' });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, series: out, warnings };
}

function normalizeName(h: string): string {
  return h.toLowerCase().replace(/[\s_\-.]+/g, '');
}

function mapColumns(header: readonly string[], file: string, errors: CsvBarError[]): Columns | undefined {
  const index = new Map<string, number>();
  let ok = true;
  header.forEach((h, i) => {
    const name = normalizeName(h);
    if (name === '' || IGNORED.has(name)) return;
    const prev = index.get(name);
    if (prev !== undefined) {
      errors.push({ file, line: 1, column: h, message: `Column '${h}' appears twice (columns ${prev + 1} and ${i + 1}): keep one.` });
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
  // A 'time' column next to a 'date' column is the time of day of that date.
  if (date === find('date') && date >= 0 && find('time') >= 0) time = find('time');
  let close = find('close');
  if (close < 0) close = find('price');
  const open = find('open');
  const high = find('high');
  const low = find('low');
  const found = `found: ${header.join(', ')}`;
  if (date < 0) {
    errors.push({ file, line: 1, message: `Missing a date column (one of date, datetime, timestamp, time); ${found}.` });
    ok = false;
  }
  if (close < 0) {
    errors.push({ file, line: 1, message: `Missing a close column (close, or price for a close-only file); ${found}.` });
    ok = false;
  }
  const closeOnly = open < 0 && high < 0 && low < 0;
  if (!closeOnly) {
    const missing = [
      ['open', open],
      ['high', high],
      ['low', low],
    ].filter(([, i]) => (i as number) < 0);
    if (missing.length > 0) {
      errors.push({
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

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function cellOf(row: readonly string[], i: number): string {
  return i >= 0 && i < row.length ? row[i]!.trim() : '';
}

function isNullCell(row: readonly string[], i: number): boolean {
  const c = cellOf(row, i);
  return c === '' || c.toLowerCase() === 'null';
}

/** Reads one data row; per-row work is plain calls (no closures or arrays) since files can hold millions of rows. */
function readRow(
  row: readonly string[],
  line: number,
  header: readonly string[],
  cols: Columns,
  defaultSymbol: string,
  file: string,
  series: Map<string, SeriesBuild>,
  errors: CsvBarError[],
  warnings: CsvBarError[],
): void {
  // Yahoo's non-trading-day rows: every price cell empty or 'null' (checked only when close is not a number).
  if (!NUMBER.test(cellOf(row, cols.close)) && isNullCell(row, cols.close) && (cols.closeOnly || (isNullCell(row, cols.open) && isNullCell(row, cols.high) && isNullCell(row, cols.low)))) {
    warnings.push({ file, line, message: 'Row without prices (empty or null) skipped.' });
    return;
  }
  const before = errors.length;
  const dateText = cols.time >= 0 ? `${cellOf(row, cols.date)} ${cellOf(row, cols.time)}` : cellOf(row, cols.date);
  const timestamp = parseBarTime(dateText);
  if (timestamp === undefined) {
    errors.push({
      file,
      line,
      column: header[cols.date],
      message:
        dateText.trim() === ''
          ? 'Missing date.'
          : `Unparseable date '${dateText}': use an ISO date/datetime (2020-01-31, 2020-01-31T09:30:00Z), epoch seconds/milliseconds, or 'Jan 31 2020'.`,
    });
  }
  let symbol = defaultSymbol;
  if (cols.symbol >= 0) {
    symbol = cellOf(row, cols.symbol);
    if (symbol === '') errors.push({ file, line, column: header[cols.symbol], message: 'Missing symbol.' });
  }
  const close = numberCell(row, cols.close, line, header, file, errors);
  const open = cols.closeOnly ? close : numberCell(row, cols.open, line, header, file, errors);
  const high = cols.closeOnly ? close : numberCell(row, cols.high, line, header, file, errors);
  const low = cols.closeOnly ? close : numberCell(row, cols.low, line, header, file, errors);
  let volume = 0;
  if (cols.volume >= 0 && cellOf(row, cols.volume) !== '') {
    volume = numberCell(row, cols.volume, line, header, file, errors);
    if (volume < 0) errors.push({ file, line, column: header[cols.volume], message: `Negative volume ${volume}.` });
  }
  if (!Number.isNaN(open + high + low + close)) {
    if (high < low) {
      errors.push({ file, line, column: header[cols.high], message: `High ${high} is below low ${low}.` });
    } else {
      if (close < low || close > high) errors.push({ file, line, column: header[cols.close], message: `Close ${close} is outside the bar's range [low ${low}, high ${high}].` });
      if (open < low || open > high) errors.push({ file, line, column: header[cols.open], message: `Open ${open} is outside the bar's range [low ${low}, high ${high}].` });
    }
  }
  if (timestamp === undefined || symbol === '') return;
  let s = series.get(symbol);
  if (!s) {
    s = { symbol, bars: [], lastTimestamp: -Infinity, lastLine: 0 };
    series.set(symbol, s);
  }
  if (timestamp === s.lastTimestamp) {
    errors.push({ file, line, column: header[cols.date], message: `Duplicate timestamp ${iso(timestamp)} for ${symbol} (also at line ${s.lastLine}).` });
    return;
  }
  if (timestamp < s.lastTimestamp) {
    errors.push({
      file,
      line,
      column: header[cols.date],
      message: `Timestamp ${iso(timestamp)} for ${symbol} is earlier than ${iso(s.lastTimestamp)} at line ${s.lastLine}: rows of a symbol must be in ascending time order.`,
    });
    return;
  }
  s.lastTimestamp = timestamp;
  s.lastLine = line;
  if (errors.length > before) return;
  s.bars.push({ timestamp, symbol, timeframe: '', open, high, low, close, volume });
}

function numberCell(row: readonly string[], i: number, line: number, header: readonly string[], file: string, errors: CsvBarError[]): number {
  const text = cellOf(row, i);
  if (NUMBER.test(text)) return Number(text);
  errors.push({
    file,
    line,
    column: header[i],
    message: text === '' ? `Missing value in column '${header[i]}'.` : `Unparseable number '${text}' in column '${header[i]}'.`,
  });
  return NaN;
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
