// equity.npy: a results folder's equity curve as a NumPy structured array — one little-endian
// float64 record {timestamp (ms since the epoch), equity, cash, drawdown} per point. Written
// without formatting a single number (a 1 M-point curve is 32 MB of columns copied, where JSON
// text took longer to make than the backtest took to run), exact to the last bit (NaN and
// ±Infinity included), and read in Python with `np.load` / `pd.DataFrame(np.load(path))`.
// The header's shape is a fixed-width field, so a writer streams the records and fills the
// count in at the end (equityNpyHeader has the same length for every count).
import type { EquityPoint } from '../../engine/backtest-result';
import { RunArchiveError } from './run-archive-error';

export const EQUITY_NPY_FIELDS = ['timestamp', 'equity', 'cash', 'drawdown'] as const;
/** Bytes per record: four float64. */
export const EQUITY_NPY_RECORD_BYTES = 32;
/** Header bytes (magic, version, length, padded dict): a multiple of 64, as the format asks. */
export const EQUITY_NPY_HEADER_BYTES = 192;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DESCR = `[${EQUITY_NPY_FIELDS.map((f) => `('${f}', '<f8')`).join(', ')}]`;

/** The 192-byte NPY 1.0 header for `count` records. */
export function equityNpyHeader(count: number): Uint8Array {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`equity.npy record count must be a non-negative integer, got ${count}`);
  const dict = `{'descr': ${DESCR}, 'fortran_order': False, 'shape': (${count},), }`;
  const room = EQUITY_NPY_HEADER_BYTES - 10;
  if (dict.length + 1 > room) throw new RangeError(`equity.npy header does not fit ${count} records`);
  const text = dict.padEnd(room - 1, ' ') + '\n';
  const out = new Uint8Array(EQUITY_NPY_HEADER_BYTES);
  out.set(MAGIC, 0);
  out[6] = 1; // version 1.0
  out[7] = 0;
  out[8] = room & 0xff; // header length, little-endian uint16
  out[9] = room >> 8;
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/** The whole file for a curve kept in memory (the browser's zip export, small runs). */
export function encodeEquityNpy(curve: readonly EquityPoint[]): Uint8Array {
  const out = new Uint8Array(EQUITY_NPY_HEADER_BYTES + curve.length * EQUITY_NPY_RECORD_BYTES);
  out.set(equityNpyHeader(curve.length), 0);
  const view = new DataView(out.buffer, EQUITY_NPY_HEADER_BYTES);
  for (let i = 0; i < curve.length; i++) {
    const p = curve[i]!;
    putEquityRecord(view, i * EQUITY_NPY_RECORD_BYTES, p.timestamp, p.equity, p.cash, p.drawdown);
  }
  return out;
}

/** One record at byte `offset` of `view`: the fields in the header's order, little-endian. */
export function putEquityRecord(view: DataView, offset: number, timestamp: number, equity: number, cash: number, drawdown: number): void {
  view.setFloat64(offset, timestamp, true);
  view.setFloat64(offset + 8, equity, true);
  view.setFloat64(offset + 16, cash, true);
  view.setFloat64(offset + 24, drawdown, true);
}

/**
 * Reads an equity.npy (version 1–3) whose records are exactly the four little-endian float64
 * fields above; anything else is refused with what was found, naming `file`.
 */
export function decodeEquityNpy(bytes: Uint8Array, file: string): EquityPoint[] {
  const fail = (what: string): never => {
    throw new RunArchiveError(`${what} (expected a NumPy .npy file of records ${DESCR}).`, { file });
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('is not a NumPy .npy file');
  const major = bytes[6]!;
  if (major < 1 || major > 3) fail(`has .npy format version ${major}, which this reader does not know`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  const headerLength = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : fail('is cut short in its header');
  const start = 8 + lengthBytes + headerLength;
  if (start > bytes.length) fail('is cut short in its header');
  let header = '';
  for (let i = 8 + lengthBytes; i < start; i++) header += String.fromCharCode(bytes[i]!);
  const descr = /'descr':\s*(\[[^\]]*\])/.exec(header)?.[1]?.replace(/\s+/g, ' ');
  if (descr !== DESCR) fail(`has records ${descr ?? '(none)'}`);
  if (!/'fortran_order':\s*False/.test(header)) fail('is in Fortran order');
  const shape = /'shape':\s*\((\d+),?\)/.exec(header);
  if (shape === null) fail('has no one-dimensional shape');
  const count = Number(shape![1]);
  if (start + count * EQUITY_NPY_RECORD_BYTES > bytes.length) fail(`holds fewer than the ${count} records its header announces`);
  const curve = new Array<EquityPoint>(count);
  for (let i = 0; i < count; i++) {
    const o = start + i * EQUITY_NPY_RECORD_BYTES;
    curve[i] = { timestamp: view.getFloat64(o, true), equity: view.getFloat64(o + 8, true), cash: view.getFloat64(o + 16, true), drawdown: view.getFloat64(o + 24, true) };
  }
  return curve;
}
