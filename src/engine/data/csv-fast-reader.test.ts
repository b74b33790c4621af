import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvBarReader } from './csv-bar-reader';
import { parseBarsCsv, parseBarsCsvWithPapaparse } from './csv-bars';
import { CsvFastReader, parseDecimalAt } from './csv-fast-reader';
import { SeededRandom } from './seeded-random';

const BUNDLED: [string, string | undefined][] = [
  ['node_modules/@observablehq/sample-datasets/aapl.csv', undefined],
  ['node_modules/vega-datasets/data/stocks.csv', undefined],
  ['node_modules/vega-datasets/data/sp500-2000.csv', 'SPX'],
];

/** Files of every kind the csv-bars tests use (and a few more), good and bad. */
const FIXTURES: string[] = [
  'Timestamp,Open,High,Low,Close,Volume\n2024-01-02T09:30:00Z,10,11,9,10.5,100\n2024-01-02 09:31,10.5,11,10,10.8,50\n1704187920,10.8,11,10.1,10.2,10\n1704187980000,10.2,10.4,10.0,10.1,5\n2024-01-02T10:34:00+01:00,10.1,10.3,10,10.2,7',
  '\uFEFFDate;Time;Open;High;Low;Close;Vol\r\n2024.01.02;09:30;1;2;1;2;\r\n\r\n"2024-01-02";"09:35";2;3;2;3;4\r\n',
  '\uFEFFDate;Time;Open;High;Low;Close;Vol\r\n2024-01-02;09:30;1;2;1;2;\r\n\r\n2024-01-02;09:35;2;3;2;3;4\r\n',
  'date,open,high,low,close,note\n2024-01-01,1,2,1,2,"multi\nline"\n2024-01-02,1,0.5,1,1,x\n',
  'date,open,high,low,close,note\n2024-01-01,1,2,1,2,x\n2024-01-02,1,2,1,2,x\n2024-01-03,1,2,1,2,"multi\nline"\n2024-01-04,1,0.5,1,1,x\n2024-01-05,1,2,1,2,x\n',
  'date,close\r2024-01-01,1\r2024-01-02,x\r',
  'Date,Open,High,Low,Close,Adj Close,Volume\n2020-01-02,1,2,1,2,2,10\n2020-01-03,null,null,null,null,null,null\n2020-01-06,2,3,2,3,3,10\n',
  'symbol,date,open,high,low,close,volume\nA,2024-01-01,10,11,9,10,100\nA,2024-01-02,abc,11,9,10,100\nA,2024-01-03,10,9,11,10,100\nA,2024-01-04,10,11,9,12,100\nA,2024-01-04,10,11,9,10,100\nA,2024-01-02,10,11,9,10,100\nB,2024-01-02,10,11,9,10,\nB,2024-01-03,10,11,9,10,-5\n,2024-01-04,10,11,9,10,1\nB,not-a-date,10,11,9,10,1\nB,2024-01-05,,11,9,10,1\n',
  'date,open,high\n2024-01-01,1,2\n',
  '',
  'date,open,high,low,close,volume\n',
  'date,open,high,low,close,volume\n2024-01-01,0,1,0,1,1\n2024-01-02,-1,1,1,1,1\n2024-01-03,1e309,1,1,1,1\n2024-01-04,NaN,1,1,1,1\n2024-01-05,inf,1,1,1,1\n2024-01-06, 2 ,3,1,2,1e3\n2024-01-07,2.5e0,3,1,2,+4\n',
  'date,close\n2024-01-01,10\n2024-01-02,10.5\n2024-01-03,900\n2024-01-04,10.2\n2024-01-05,0.1\n2024-01-06,10\n',
  ',Open,High,Low,Close,Volume\n2004-08-19,100.00,104.06,95.96,100.34,22351900\n2004-08-20,101.01,109.08,100.50,108.31,11428600\n2004-08-23,110.75,113.48,109.05,109.40,9137200\n',
  'Date;Open;High;Low;Close;Volume\n2024-01-02;1.234,50;1.240,00;1.230,25;1.238,75;1200\n2024-01-03;1238,75;1250,5;1235;1249,9;900\n2024-01-04;1238,;1250,5;,5;1249,9;-,0\n',
  'date,open,high,low,close\n2024-01-02,"1,5",2,1,1.5\n',
  'date,open,high,low,close,volume,extra\n2024-01-01,1,2,1,2,3\n2024-01-02,1,2,1,2,3,4,5\n,,,,,,\n\n2024-01-03,1,2,1,2,3,4\n  \n2024-01-04 ,1,2,1,2,3,4\r\n',
  'Date\tOpen\tHigh\tLow\tClose\n2024-01-01\t1\t2\t1\t2\n2024-01-02\t1\t2\t1\t2\n',
  'date,price\nJan 1 2000,1394.46\nFeb 1 2000,1366.42\n01-Mar-2000,1498.58\n20000401,1452.43\n',
  'date,open,high,low,close,volume\n2024-01-01,1,2,1,2,3\r\n2024-01-02,1,2,1,2,3\n2024-01-03,1,2,1\r2,3\n',
  'date,open,high,low,close,volume\r\n2024-01-01,1,2,1,2,3\r\n2024-01-02,1,2,1,2,3\n2024-01-03,1,2,1,2,3\r\n',
  'date,open,high,low,close,volume\n2024-01-01,0.1234567890123456,2,0.1,1.00000000000000001,3\n2024-01-02,1,2,1,2,123456789012345678\n',
];

/** A minute-bar file of `rows` rows; `bad` lines get a malformed high, `spike` a 100× high; CRLF line ends when asked. */
function minuteCsv(rows: number, opts: { bad?: number[]; spike?: number; crlf?: boolean; symbols?: string[] } = {}): string {
  const nl = opts.crlf ? '\r\n' : '\n';
  const t0 = Date.UTC(2021, 0, 4);
  const sym = opts.symbols;
  const parts: string[] = [`${sym ? 'symbol,' : ''}timestamp,open,high,low,close,volume`];
  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    const p = 100 + (i % 97) / 10;
    const high = opts.bad?.includes(line) ? 'x1' : line === opts.spike ? (p * 100).toFixed(2) : (p + 1).toFixed(2);
    const s = sym ? `${sym[i % sym.length]},` : '';
    parts.push(`${s}${new Date(t0 + Math.floor(i / (sym?.length ?? 1)) * 60_000).toISOString()},${p.toFixed(2)},${high},${(p - 1).toFixed(2)},${p.toFixed(2)},${i % 1000}`);
  }
  return parts.join(nl) + nl;
}

/** The fast path (fed in `chunk`-sized pieces) and papaparse give the same result, to the bit. */
function expectSame(text: string, chunk: number, options: { fileName: string; symbol?: string; maxMessages?: number } = { fileName: 'f.csv' }): void {
  const reference = parseBarsCsvWithPapaparse(text, options);
  const fast = parseBarsCsv(text, options, chunk);
  expect(fast).toEqual(reference);
}

describe('CSV fast path = papaparse path', () => {
  it('gives the same columns, errors and warnings on every bundled CSV, whole and in small chunks', () => {
    for (const [path, symbol] of BUNDLED) {
      const text = readFileSync(path, 'utf8');
      for (const chunk of [4 * 1024 * 1024, 4096, 333, 17]) expectSame(text, chunk, { fileName: path, ...(symbol ? { symbol } : {}) });
      // The bundled files are read by the fast path, not handed to papaparse.
      const reader = new CsvBarReader({ fileName: path });
      const fast = new CsvFastReader(reader);
      expect(fast.push(text) && fast.end()).toBe(true);
      expect(fast.fastRows).toBeGreaterThan(100);
    }
  });

  it('gives the same result on the csv-bars fixtures (quotes, CR-only, tabs, bad rows, decimal commas, pandas) at every chunk boundary', () => {
    for (const text of FIXTURES) {
      for (let chunk = 1; chunk <= text.length + 1; chunk += chunk < 40 ? 1 : 7) expectSame(text, chunk);
      expectSame(text, 1 << 22);
    }
  });

  it('reports a bad row deep in a large stream, spikes and CRLF the same, with chunk boundaries inside lines and numbers', () => {
    const big = minuteCsv(60_000, { bad: [50_001, 59_998], spike: 40_000 });
    for (const chunk of [4099, 1 << 22]) expectSame(big, chunk, { fileName: 'big.csv' });
    const r = parseBarsCsv(big, { fileName: 'big.csv' }, 4099);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.line, e.column])).toEqual([
        [50_001, 'high'],
        [59_998, 'high'],
      ]);
      expect(r.warnings.map((w) => w.line)).toEqual([40_000]);
    }
    const crlf = minuteCsv(20_000, { crlf: true, symbols: ['AAA', 'BB'] });
    for (const chunk of [1 << 22, 4097, 1001]) expectSame(crlf, chunk, { fileName: 'multi.csv' });
    // A quote deep in the file hands the rest to papaparse with the right line numbers.
    const quoted = big.replace('\n2021-01-04T16:40:00.000Z,', '\n"2021-01-04T16:40:00.000Z",').replace('\n2021-01-05T00:00:00.000Z,', '\n"2021-01-05T00:00:00.000Z\n",');
    for (const chunk of [65_536, 1 << 22]) expectSame(quoted, chunk, { fileName: 'q.csv', maxMessages: 5 });
  });

  it('stops at the first line it cannot split like papaparse and hands over that line and its number', () => {
    const reader = new CsvBarReader({ fileName: 'h.csv' });
    const fast = new CsvFastReader(reader);
    const head = 'date,close\n' + Array.from({ length: 20 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${i + 1}`).join('\n') + '\n';
    expect(fast.push(head + '2024-01-2')).toBe(true);
    expect(fast.push('1,"5"\n2024-01-22,6\n')).toBe(false);
    expect(fast.handoff).toEqual({ text: '2024-01-21,"5"\n2024-01-22,6\n', line: 22, delimiter: ',', newline: '\n' });
    expect(reader.dataRows).toBe(20);
  });
});

describe('parseDecimalAt', () => {
  it('equals Number(text) bit for bit on random decimals, or declines (NaN) so Number() is used', () => {
    const random = new SeededRandom(15);
    const rnd = (): number => random.next();
    let read = 0;
    for (let i = 0; i < 60_000; i++) {
      const intDigits = Math.floor(rnd() * 10);
      const fracDigits = Math.floor(rnd() * 10);
      let text = rnd() < 0.2 ? '-' : rnd() < 0.05 ? '+' : '';
      for (let k = 0; k < intDigits; k++) text += Math.floor(rnd() * 10);
      if (fracDigits > 0 || rnd() < 0.1) text += '.';
      for (let k = 0; k < fracDigits; k++) text += Math.floor(rnd() * 10);
      const v = parseDecimalAt(` ${text};`, 1, text.length + 1, false);
      if (Number.isNaN(v)) {
        expect(/\d/.test(text) && intDigits + fracDigits <= 15).toBe(false);
        continue;
      }
      read++;
      expect(Object.is(v, Number(text)), text).toBe(true);
      const comma = text.replace('.', ',');
      if (fracDigits > 0) expect(Object.is(parseDecimalAt(comma, 0, comma.length, true), Number(text)), comma).toBe(true);
    }
    expect(read).toBeGreaterThan(45_000);
    // Doubles printed by JavaScript (what a file written by this project holds).
    for (let i = 0; i < 30_000; i++) {
      const x = (rnd() - 0.3) * 10 ** Math.floor(rnd() * 12 - 4);
      for (const text of [String(x), x.toFixed(2), x.toFixed(6), x.toPrecision(15)]) {
        const v = parseDecimalAt(text, 0, text.length, false);
        if (!Number.isNaN(v)) expect(Object.is(v, Number(text)), text).toBe(true);
      }
    }
  });

  it('declines exponents, padding, empty cells, a lone sign or point, and a decimal comma without digits after it', () => {
    for (const t of ['1e5', ' 1', '1 ', '', '-', '.', '+.', '1.2.3', '1,5', '0x10', '1234567890123456']) expect(parseDecimalAt(t, 0, t.length, false)).toBeNaN();
    expect(parseDecimalAt('12,', 0, 3, true)).toBeNaN();
    expect(parseDecimalAt('12.', 0, 3, false)).toBe(12);
    expect(Object.is(parseDecimalAt('-0.0', 0, 4, false), -0)).toBe(true);
  });
});
