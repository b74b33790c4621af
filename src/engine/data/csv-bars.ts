// CSV text → columnar BarSeries[] with every bad row reported by file and line (header =
// line 1): the file is read completely before anything is returned, so a run never
// starts on half-read data. The common file (no quotes, ',' or ';' separated) is read by
// CsvFastReader's char-level tokenizer; papaparse splits the rest (quotes, tabs, CR-only
// lines … from the line where the fast path stopped) and hands each row to CsvBarReader,
// which counts lines (a row is one line plus the newlines inside its quoted cells) and
// writes the columns; both give the same columns, errors and lines. The streaming
// readers (Node: src/node/read-csv-columns.ts; the studio's import worker) feed the
// same reader chunk by chunk.
import Papa from 'papaparse';
import { CsvFastReader, type CsvHandoff } from './csv-fast-reader';
import { CsvBarReader, extraLinesIn, type ParseBarsCsvOptions, type ParseBarsCsvResult } from './csv-bar-reader';

export { symbolFromFileName, SPIKE_FACTOR, CsvBarReader } from './csv-bar-reader';
export type { CsvBarError, ParseBarsCsvOptions, ParseBarsCsvResult } from './csv-bar-reader';

/**
 * Parses bars from CSV text (CONTRACT §8). Columns are matched case-insensitively:
 * `date|datetime|timestamp|time` (or pandas' unnamed index column first), `symbol`
 * (optional), `open`, `high`, `low`, `close` (or `price`), `volume` or `vol` (optional;
 * an empty cell is 0), `adj close` (ignored). A close-only file (`price` or `close`
 * without open/high/low) loads with open = high = low = close. Yahoo's all-`null` rows
 * (non-trading days) are skipped with a warning. `;`/tab-separated files may write
 * decimal commas. Never throws on bad input: every problem comes back as an error.
 */
export function parseBarsCsv(text: string, options: ParseBarsCsvOptions, chunkChars = 4 * 1024 * 1024): ParseBarsCsvResult {
  const reader = new CsvBarReader(options);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '' || !reader.accepting) return reader.finish();
  // The fast tokenizer reads the common file; papaparse takes over where it stops.
  const fast = new CsvFastReader(reader);
  const size = Math.max(1, Math.floor(chunkChars));
  let next = 0;
  let ok = true;
  while (ok && next < body.length) {
    ok = fast.push(body.slice(next, next + size));
    next += size;
  }
  if (ok) ok = fast.end();
  // The handoff's text runs to the end of the last chunk pushed; the unread ones follow.
  if (!ok && fast.handoff) papaparseFrom(reader, fast.handoff.text + body.slice(next), fast.handoff);
  return reader.finish();
}

/** The papaparse path alone (the reference the fast path is tested against). */
export function parseBarsCsvWithPapaparse(text: string, options: ParseBarsCsvOptions): ParseBarsCsvResult {
  const reader = new CsvBarReader(options);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() !== '' && reader.accepting) {
    Papa.parse<string[]>(body, { skipEmptyLines: false, step: csvRowStep(reader) });
  }
  return reader.finish();
}

/**
 * papaparse `step` callback feeding a CsvBarReader with each row's first line number;
 * stops the parser once the reader refuses the file (a bad header). Shared by the
 * string, Node-stream and File readers so they count lines the same way.
 */
export function csvRowStep(reader: CsvBarReader, onRow?: (cursor: number) => void, firstLine = 1): (results: Papa.ParseStepResult<string[]>, parser: Papa.Parser) => void {
  let line = firstLine;
  let first = true;
  return (results, parser) => {
    if (first) {
      first = false;
      reader.setDelimiter(results.meta.delimiter);
    }
    const rowLine = line;
    const row = results.data;
    line += 1 + extraLinesIn(row);
    for (const err of results.errors) {
      if (err.code === 'UndetectableDelimiter') continue;
      reader.syntaxError(rowLine, err.message);
    }
    reader.row(row, rowLine);
    if (!reader.accepting) parser.abort();
    onRow?.(results.meta.cursor);
  };
}

/** papaparse config continuing a handoff: the delimiter and line end guessed at the start, counting lines from where the fast path stopped. */
export function handoffConfig(handoff: CsvHandoff): { delimiter?: string; newline?: '\n' | '\r\n' } {
  return { ...(handoff.delimiter === undefined ? {} : { delimiter: handoff.delimiter }), ...(handoff.newline === undefined ? {} : { newline: handoff.newline }) };
}

/** Reads the text the fast path handed off with papaparse into the same reader. */
function papaparseFrom(reader: CsvBarReader, text: string, handoff: CsvHandoff): void {
  if (!reader.accepting) return;
  Papa.parse<string[]>(text, { skipEmptyLines: false, ...handoffConfig(handoff), step: csvRowStep(reader, undefined, handoff.line) });
}
