// equity.json of a results folder, streamed: EquityJsonEncoder's bytes written in 1 MB chunks
// as blocks arrive from the engine's equity-curve sink (--equity-format json), never the
// whole curve's text at once. It reads back exactly as encodeRunFiles' does: snake_case keys,
// non-finite numbers as null with their JSON paths kept for run.json's nonFinite map.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { EquityBlock, EquityCurveSink } from '../engine/backtest-result';
import { EquityJsonEncoder } from './equity-json-encoder';

/** Bytes encoded before each write to the file. */
const CHUNK_BYTES = 1 << 20;

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
