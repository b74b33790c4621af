import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, symbolFromFileName } from './csv-bars';
import { barsOf } from '../bar-series';

const AAPL_PATH = 'node_modules/@observablehq/sample-datasets/aapl.csv';
const STOCKS_PATH = 'node_modules/vega-datasets/data/stocks.csv';
const SP500_PATH = 'node_modules/vega-datasets/data/sp500-2000.csv';

/** Data lines of a CSV (non-empty lines after the header), split naively — these files have no quoting. */
function dataLines(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(','));
}

function errorsOf(text: string, fileName = 'bars.csv', extra: { symbol?: string; timeframe?: string } = {}) {
  const r = parseBarsCsv(text, { fileName, ...extra });
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('parseBarsCsv on real files', () => {
  it('loads the Yahoo Finance export (aapl.csv) as it is, ignoring Adj Close', () => {
    const r = parseBarsCsv(readFileSync(AAPL_PATH, 'utf8'), { fileName: 'aapl.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lines = dataLines(AAPL_PATH);
    expect(r.series).toHaveLength(1);
    const s = r.series[0]!;
    expect(s.symbol).toBe('AAPL'); // from the file name
    expect(s.timeframe).toBe('1d');
    expect(barsOf(s)).toHaveLength(lines.length);
    const [date, open, high, low, close, , volume] = lines[0]!;
    expect(barsOf(s)[0]).toEqual({
      timestamp: Date.UTC(+date!.slice(0, 4), +date!.slice(5, 7) - 1, +date!.slice(8, 10)),
      symbol: 'AAPL',
      timeframe: '1d',
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close), // Close, not Adj Close
      volume: Number(volume),
    });
    expect(barsOf(s).at(-1)!.close).toBe(Number(lines.at(-1)![4]));
    expect(new Date(barsOf(s).at(-1)!.timestamp).toISOString().slice(0, 10)).toBe(lines.at(-1)![0]);
  });

  it('loads vega stocks.csv (symbol,date,price): one monthly close-only series per symbol', () => {
    const r = parseBarsCsv(readFileSync(STOCKS_PATH, 'utf8'), { fileName: 'stocks.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const lines = dataLines(STOCKS_PATH);
    const symbols = [...new Set(lines.map((l) => l[0]))];
    expect(r.series.map((s) => s.symbol)).toEqual(symbols);
    for (const s of r.series) {
      expect(s.timeframe).toBe('1mo');
      const rows = lines.filter((l) => l[0] === s.symbol);
      expect(barsOf(s)).toHaveLength(rows.length);
      for (const b of barsOf(s)) {
        expect(b.open).toBe(b.close);
        expect(b.high).toBe(b.close);
        expect(b.low).toBe(b.close);
        expect(b.volume).toBe(0);
      }
      expect(barsOf(s)[0]!.close).toBe(Number(rows[0]![2]));
    }
    const goog = r.series.find((s) => s.symbol === 'GOOG')!;
    expect(barsOf(goog)[0]!.timestamp).toBe(Date.UTC(2004, 7, 1)); // 'Aug 1 2004'
  });

  it('loads vega sp500-2000.csv (lower-case headers, adjclose ignored) with the symbol option', () => {
    const r = parseBarsCsv(readFileSync(SP500_PATH, 'utf8'), { fileName: 'sp500-2000.csv', symbol: 'SPX' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.series[0]!.symbol).toBe('SPX');
    expect(barsOf(r.series[0]!)).toHaveLength(dataLines(SP500_PATH).length);
    expect(r.series[0]!.timeframe).toBe('1d');
  });
});

describe('parseBarsCsv formats', () => {
  it('reads ISO datetimes, offsets, epoch seconds and milliseconds, and infers minute bars', () => {
    const text = [
      'Timestamp,Open,High,Low,Close,Volume',
      '2024-01-02T09:30:00Z,10,11,9,10.5,100',
      '2024-01-02 09:31,10.5,11,10,10.8,50',
      `${Date.UTC(2024, 0, 2, 9, 32) / 1000},10.8,11,10.1,10.2,10`,
      `${Date.UTC(2024, 0, 2, 9, 33)},10.2,10.4,10.0,10.1,5`,
      '2024-01-02T10:34:00+01:00,10.1,10.3,10,10.2,7',
    ].join('\n');
    const r = parseBarsCsv(text, { fileName: 'x.csv', symbol: 'XYZ' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.series[0]!;
    expect(s.symbol).toBe('XYZ');
    expect(s.timeframe).toBe('1m');
    expect(barsOf(s).map((b) => b.timestamp)).toEqual([0, 1, 2, 3, 4].map((i) => Date.UTC(2024, 0, 2, 9, 30 + i)));
  });

  it('handles BOM, CRLF, semicolons, blank lines, quoted fields, Date+Time columns and empty volume', () => {
    const text = '\uFEFFDate;Time;Open;High;Low;Close;Vol\r\n2024.01.02;09:30;1;2;1;2;\r\n\r\n"2024-01-02";"09:35";2;3;2;3;4\r\n';
    // '2024.01.02' is not a date we read: line 2 must be reported, the blank line 3 must not shift line 4.
    const errs = errorsOf(text);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatchObject({ file: 'bars.csv', line: 2, column: 'Date' });
    const fixed = text.replace('2024.01.02', '2024-01-02');
    const r = parseBarsCsv(fixed, { fileName: 'es.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.series[0]!.symbol).toBe('ES');
    expect(r.series[0]!.timeframe).toBe('5m');
    expect(barsOf(r.series[0]!).map((b) => [b.timestamp, b.volume])).toEqual([
      [Date.UTC(2024, 0, 2, 9, 30), 0],
      [Date.UTC(2024, 0, 2, 9, 35), 4],
    ]);
  });

  it('counts a quoted newline inside a field when reporting later lines', () => {
    const text = 'date,open,high,low,close,note\n2024-01-01,1,2,1,2,"multi\nline"\n2024-01-02,1,0.5,1,1,x\n';
    const errs = errorsOf(text);
    expect(errs.map((e) => e.line)).toEqual([4]);
  });

  it('counts lines of CR-only (old Mac) files', () => {
    const errs = errorsOf('date,close\r2024-01-01,1\r2024-01-02,x\r');
    expect(errs.map((e) => [e.line, e.column])).toEqual([[3, 'close']]);
  });

  it('skips Yahoo null rows with a warning', () => {
    const text = 'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,1,2,2,10\n2020-01-03,null,null,null,null,null,null\n2020-01-06,2,3,2,3,3,10\n';
    const r = parseBarsCsv(text, { fileName: 'y.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(barsOf(r.series[0]!)).toHaveLength(2);
    expect(r.warnings).toEqual([{ file: 'y.csv', line: 3, message: expect.stringContaining('skipped') }]);
  });

  it('uses the timeframe option and rejects a bad one', () => {
    const text = 'date,close\n2024-01-01,1\n2024-01-03,2\n';
    const r = parseBarsCsv(text, { fileName: 'a.csv', timeframe: '1d' });
    expect(r.ok && r.series[0]!.timeframe).toBe('1d');
    const errs = errorsOf(text, 'a.csv', { timeframe: '1x' });
    expect(errs[0]!.message).toMatch(/Unknown unit 'x'/);
  });
});

describe('parseBarsCsv errors', () => {
  it('reports every bad row kind with file, line and column, and returns no series', () => {
    const text = [
      'symbol,date,open,high,low,close,volume', // 1
      'A,2024-01-01,10,11,9,10,100', // 2 ok
      'A,2024-01-02,abc,11,9,10,100', // 3 unparseable open
      'A,2024-01-03,10,9,11,10,100', // 4 high < low
      'A,2024-01-04,10,11,9,12,100', // 5 close above high
      'A,2024-01-04,10,11,9,10,100', // 6 ok values, but line 5 already holds 2024-01-04 → duplicate
      'A,2024-01-02,10,11,9,10,100', // 7 unsorted (earlier than 2024-01-04)
      'B,2024-01-02,10,11,9,10,', // 8 ok (B has its own order; empty volume = 0)
      'B,not a date,10,11,9,10,1', // 9 unparseable date
      'B,2024-01-03,10,11,9,10,-5', // 10 negative volume
      'B,2024-01-04,10,,9,10,1', // 11 missing high
      'B,2024-01-05,12,11,9,10,1', // 12 open above high
    ].join('\n');
    const errs = errorsOf(text, 'multi.csv');
    expect(errs.map((e) => [e.line, e.column])).toEqual([
      [3, 'open'],
      [4, 'high'],
      [5, 'close'],
      [6, 'date'],
      [7, 'date'],
      [9, 'date'],
      [10, 'volume'],
      [11, 'high'],
      [12, 'open'],
    ]);
    expect(errs.every((e) => e.file === 'multi.csv')).toBe(true);
    expect(errs[0]!.message).toContain("Unparseable number 'abc'");
    expect(errs[1]!.message).toMatch(/High 9 is below low 11/);
    expect(errs[2]!.message).toMatch(/Close 12 is outside/);
    expect(errs[3]!.message).toMatch(/Duplicate timestamp 2024-01-04 for A \(also at line 5\)/);
    expect(errs[4]!.message).toMatch(/earlier than 2024-01-04 at line 5/);
    expect(errs[7]!.message).toMatch(/Missing value in column 'high'/);
  });

  it('reports missing required columns at line 1 and lists what it found', () => {
    expect(errorsOf('open,high,low,close\n1,2,1,2\n')[0]).toMatchObject({ line: 1, message: expect.stringMatching(/Missing a date column.*found: open, high, low, close/) });
    expect(errorsOf('date,open,high,close\n2024-01-01,1,2,2\n')[0]!.message).toMatch(/Missing column low/);
    expect(errorsOf('date,volume\n2024-01-01,1\n')[0]!.message).toMatch(/Missing a close column/);
    expect(errorsOf('date,close,Close\n2024-01-01,1,1\n')[0]!.message).toMatch(/appears twice/);
  });

  it('reports empty files and header-only files', () => {
    expect(errorsOf('')[0]!.message).toMatch(/empty/);
    expect(errorsOf('date,close\n')[0]!.message).toMatch(/no data rows/);
    expect(errorsOf('date,close\n2024-01-01,null\n')[0]!.message).toMatch(/holds no bars/);
  });
});

describe('symbolFromFileName', () => {
  it('upper-cases the base name without extension', () => {
    expect(symbolFromFileName('data/aapl.csv')).toBe('AAPL');
    expect(symbolFromFileName('C:\\x\\msft.US.txt')).toBe('MSFT.US');
  });
});

describe('parseBarsCsv price validation (issues 14, 16)', () => {
  const rows = (...lines: string[]) => ['date,open,high,low,close,volume', ...lines].join('\n');

  it('rejects zero, negative, Infinity (1e309) and NaN prices with file:line and column', () => {
    const errs = errorsOf(
      rows(
        '2024-01-01,10,11,9,10,100', // 2 ok
        '2024-01-02,0,0,0,0,100', // 3 zero prices
        '2024-01-03,10,11,-9,10,100', // 4 negative low
        '2024-01-04,10,1e309,9,10,100', // 5 Infinity high
        '2024-01-05,10,11,9,NaN,100', // 6 NaN close
        '2024-01-06,10,11,9,10,100', // 7 ok
      ),
      'bad.csv',
    );
    expect(errs.map((e) => [e.line, e.column])).toEqual([
      [3, 'close'],
      [3, 'open'],
      [3, 'high'],
      [3, 'low'],
      [4, 'low'],
      [5, 'high'],
      [6, 'close'],
    ]);
    expect(errs[0]!.message).toMatch(/Price 0 in column 'close' must be above zero/);
    expect(errs[4]!.message).toMatch(/Price -9 in column 'low' must be above zero/);
    expect(errs[5]!.message).toMatch(/'1e309' in column 'high' is out of range/);
    expect(errs[6]!.message).toMatch(/'NaN' in column 'close' is not a usable number/);
  });

  it('warns about a single-bar spike of more than 50x its neighbours, with its line, and still loads', () => {
    const r = parseBarsCsv(
      rows('2024-01-01,10,11,9,10,1', '2024-01-02,10,11,9,10,1', '2024-01-03,10,600,9,10,1', '2024-01-04,10,11,9,10,1', '2024-01-05,10,11,0.1,10,1', '2024-01-08,10,11,9,10,1'),
      { fileName: 'spiky.csv' },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => [w.line, w.column])).toEqual([
      [4, 'high'],
      [6, 'low'],
    ]);
    expect(r.warnings[0]!.message).toMatch(/600 is more than 50× the neighbouring bars' closes \(10 and 10\)/);
    expect(r.warnings[1]!.message).toMatch(/0.1 is less than 1\/50/);
    // A lasting level change (a split) is not a single-bar spike.
    const split = parseBarsCsv(rows('2024-01-01,1000,1000,1000,1000,1', '2024-01-02,1000,1000,1000,1000,1', '2024-01-03,10,10,10,10,1', '2024-01-04,10,10,10,10,1'), { fileName: 's.csv' });
    expect(split.ok && split.warnings).toEqual([]);
  });

  it('lists every row error up to a cap and counts the rest', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `2024-02-${String(i + 1).padStart(2, '0')},x,11,9,10,1`).slice(0, 29);
    const r = parseBarsCsv(rows(...lines), { fileName: 'many.csv', maxMessages: 10 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(10);
    expect(r.errorCount).toBe(29);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('parseBarsCsv common exports (issue 17)', () => {
  it("reads pandas' default export: an unnamed first index column holding the date (backtesting.py's GOOG.csv)", () => {
    const text = ',Open,High,Low,Close,Volume\n2004-08-19,100.00,104.06,95.96,100.34,22351900\n2004-08-20,101.01,109.08,100.50,108.31,11428600\n2004-08-23,110.75,113.48,109.05,109.40,9137200\n';
    const r = parseBarsCsv(text, { fileName: 'GOOG.csv' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.series[0]!.symbol).toBe('GOOG');
    expect(r.series[0]!.timeframe).toBe('1d');
    expect(barsOf(r.series[0]!)[1]).toEqual({ timestamp: Date.UTC(2004, 7, 20), symbol: 'GOOG', timeframe: '1d', open: 101.01, high: 109.08, low: 100.5, close: 108.31, volume: 11428600 });
  });

  it('reads ;-separated files with decimal commas (and dot thousands separators)', () => {
    const text = 'Datum;Open;High;Low;Close;Volume\n2024-01-02;1.234,50;1.240,00;1.230,25;1.238,75;1200\n2024-01-03;1238,75;1250,5;1235;1249,9;900\n';
    const r = parseBarsCsv(text, { fileName: 'dax.csv' });
    // 'Datum' is not a date column name: the file is refused with what was found.
    expect(r.ok).toBe(false);
    const fixed = parseBarsCsv(text.replace('Datum', 'Date'), { fileName: 'dax.csv' });
    expect(fixed.ok).toBe(true);
    if (!fixed.ok) return;
    expect(barsOf(fixed.series[0]!).map((b) => [b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [1234.5, 1240, 1230.25, 1238.75, 1200],
      [1238.75, 1250.5, 1235, 1249.9, 900],
    ]);
  });

  it('keeps refusing a decimal comma in a comma-separated file (it would shift the columns)', () => {
    const errs = errorsOf('date,open,high,low,close\n2024-01-02,"1,5",2,1,1.5\n');
    expect(errs[0]).toMatchObject({ line: 2, column: 'open', message: expect.stringContaining("Unparseable number '1,5'") });
  });
});
