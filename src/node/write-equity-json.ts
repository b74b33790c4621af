// equity.json of a results folder, streamed: EquityJsonEncoder's bytes written in 1 MB chunks
// as blocks arrive (from the engine's equity-curve sink, or a curve kept in memory), never the
// whole curve's text at once. It reads back exactly as encodeRunFiles' does: snake_case keys,
// non-finite numbers as null with their JSON paths kept for run.json's nonFinite map.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { EquityBlock, EquityCurveSink, EquityPoint } from '../engine/backtest-result';
import { EquityJsonEncoder, equityBlockOf } from './equity-json-encoder';

/** Bytes encoded before each write to the file. */
const CHUNK_BYTES = 1 << 20;
/** Points per block when a kept curve is written (bounds the columns made from its objects). */
const CURVE_BLOCK = 65_536;

/** An equity.json file written block by block on this thread (an EquityCurveSink). */
export class EquityJsonWriter implements EquityCurveSink {
  private readonly encoder = new EquityJsonEncoder();
  private readonly fd: number;
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private readonly flush = (bytes: number): void => {
    writeSync(this.fd, this.chunk, 0, bytes);
  };
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(block: EquityBlock): void {
    if (this.closed) throw new Error(`equity.json writer for ${this.path} is closed`);
    this.encoder.encode(block, this.chunk, this.flush);
  }

  /** Ends the array and closes the file; returns the non-finite numbers' JSON paths. */
  finish(): Record<string, string> {
    if (!this.closed) {
      writeSync(this.fd, this.encoder.end());
      this.close();
    }
    return this.encoder.nonFinite;
  }

  /** Closes the file as it is (a run that failed or started over). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** Writes `curve` to `path`; returns JSON path (`<index>/<key>`) → 'NaN' | 'Infinity' | '-Infinity' for numbers written as null. */
export function writeEquityJson(path: string, curve: readonly EquityPoint[]): Record<string, string> {
  const writer = new EquityJsonWriter(path);
  try {
    for (let i = 0; i < curve.length; i += CURVE_BLOCK) writer.write(equityBlockOf(curve.slice(i, i + CURVE_BLOCK)));
    return writer.finish();
  } finally {
    writer.close();
  }
}
