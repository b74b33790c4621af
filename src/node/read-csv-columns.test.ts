import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseBarsCsv, parseBarsCsvWithPapaparse } from '../engine/data/csv-bars';
import { bundledDatasetPath } from './bundled-data';
import { readCsvColumns } from './read-csv-columns';

/** A minute-bar CSV of `rows` data rows as a stream of ~64 KiB pieces; `bad` is the 1-based line of a malformed row. */
function minuteCsv(rows: number, bad?: number): Readable {
  const t0 = Date.UTC(2021, 0, 4);
  function* pieces(): Generator<string> {
    let buf = 'timestamp,open,high,low,close,volume\n';
    for (let i = 0; i < rows; i++) {
      const line = i + 2;
      const p = 100 + (i % 97) / 10;
      const high = line === bad ? 'x1' : (p + 1).toFixed(2);
      buf += `${new Date(t0 + i * 60_000).toISOString()},${p.toFixed(2)},${high},${(p - 1).toFixed(2)},${p.toFixed(2)},${i % 1000}\n`;
      if (buf.length > 65_536) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  }
  return Readable.from(pieces(), { objectMode: false });
}

describe('readCsvColumns (streaming CSV into columns)', () => {
  it('reports a malformed row deep in a large file by its line, reading the whole stream', async () => {
    const progress: number[] = [];
    const r = await readCsvColumns(minuteCsv(300_000, 250_001), { fileName: 'big.csv', onProgress: (p) => progress.push(p.rows) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([{ file: 'big.csv', line: 250_001, column: 'high', message: "Unparseable number 'x1' in column 'high'." }]);
    expect(r.errorCount).toBe(1);
    // Progress came chunk by chunk, rising to every row.
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBeGreaterThan(290_000);
  });

  it('gives the same columns as parseBarsCsv on every bundled CSV', async () => {
    for (const [id, symbol] of [['sp500', 'SPX'], ['aapl', 'AAPL'], ['stocks', undefined]] as const) {
      const path = bundledDatasetPath(id);
      const whole = parseBarsCsv(readFileSync(path, 'utf8'), { fileName: path, ...(symbol ? { symbol } : {}) });
      const streamed = await readCsvColumns(path, { ...(symbol ? { symbol } : {}), chunkSize: 4096 });
      expect(streamed.ok && whole.ok).toBe(true);
      if (!streamed.ok || !whole.ok) return;
      expect(streamed.series).toEqual(whole.series);
      expect(streamed.bytesRead).toBe(readFileSync(path, 'utf8').length);
    }
  });

  it("gives papaparse's result when the stream turns to quotes or CRLF midway (the fast path hands over at that line)", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => {
      const p = (100 + (i % 89) / 8).toFixed(3);
      return `${new Date(Date.UTC(2022, 0, 3) + i * 60_000).toISOString()},${p},${(Number(p) + 1).toFixed(3)},${(Number(p) - 1).toFixed(3)},${p},${i}`;
    });
    rows[20_000] = `"${rows[20_000]!.replace(',', '",')}`;
    rows[25_000] = rows[25_000]!.replace(/,[^,]*$/, ',-3');
    for (const nl of ['\n', '\r\n']) {
      const text = `Timestamp,Open,High,Low,Close,Volume${nl}${rows.join(nl)}${nl}`;
      const reference = parseBarsCsvWithPapaparse(text, { fileName: 'q.csv' });
      const pieces = (): Readable => Readable.from(Array.from({ length: Math.ceil(text.length / 5003) }, (_, k) => text.slice(k * 5003, (k + 1) * 5003)), { objectMode: false });
      const { bytesRead, ...streamed } = await readCsvColumns(pieces(), { fileName: 'q.csv' });
      expect(streamed).toEqual(reference);
      expect(bytesRead).toBe(text.length);
      expect(reference.ok ? [] : reference.errors.map((e) => e.line)).toEqual([25_002]);
    }
  });

  it("stops reading at a refused header and says what it found, as papaparse's path does", async () => {
    const text = `Datum,Open,High,Low,Close\n${'2024-01-02,1,2,1,2\n'.repeat(50_000)}`;
    const { bytesRead, ...streamed } = await readCsvColumns(Readable.from([text.slice(0, 70_000), text.slice(70_000)], { objectMode: false }), { fileName: 'h.csv' });
    expect(streamed).toEqual(parseBarsCsvWithPapaparse(text, { fileName: 'h.csv' }));
    expect(streamed.ok ? [] : streamed.errors.map((e) => e.line)).toEqual([1]);
    expect(bytesRead).toBeLessThan(text.length);
  });

  it('sizes the columns from the file: at most 48 × 1.1 bytes per bar held', async () => {
    const r = await readCsvColumns(minuteCsv(50_000), { fileName: 'm.csv', totalBytes: 50_000 * 60 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.series[0]!;
    expect(s.timeframe).toBe('1m');
    const bytes = [s.time, s.open, s.high, s.low, s.close, s.volume].reduce((n, a) => n + a.buffer.byteLength, 0);
    expect(bytes / s.time.length).toBeGreaterThanOrEqual(48);
    expect(bytes / s.time.length).toBeLessThanOrEqual(48 * 1.1);
  });

  it('stops when cancelled and says so', async () => {
    const controller = new AbortController();
    const r = await readCsvColumns(minuteCsv(200_000), {
      fileName: 'c.csv',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.rows > 10_000) controller.abort();
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.message).toBe('Import cancelled.');
  });
});
