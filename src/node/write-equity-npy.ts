// equity.npy of a results folder, streamed: the engine's equity-curve blocks are laid out as
// the format's records (putEquityRecord) in a reused buffer and appended; the count goes last
// (its width is fixed). No number is formatted, so writing a curve costs little more than
// copying its columns — see src/app/storage/equity-npy.ts for the format.
import { closeSync, openSync, writeSync } from 'node:fs';
import { EQUITY_NPY_HEADER_BYTES, EQUITY_NPY_RECORD_BYTES, equityNpyHeader, putEquityRecord } from '../app/storage/equity-npy';
import type { EquityBlock, EquityCurveSink } from '../engine/backtest-result';

/** Records interleaved per write. */
const RECORDS_PER_WRITE = 16_384;

export class EquityNpyWriter implements EquityCurveSink {
  private readonly fd: number;
  private readonly records = new Uint8Array(RECORDS_PER_WRITE * EQUITY_NPY_RECORD_BYTES);
  private readonly view = new DataView(this.records.buffer);
  private count = 0;
  private closed = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
    // Reserve the header; finish() writes it again with the count.
    writeSync(this.fd, equityNpyHeader(0));
  }

  write(block: EquityBlock): void {
    if (this.closed) throw new Error(`equity.npy writer for ${this.path} is closed`);
    const { timestamp, equity, cash, drawdown } = block;
    const n = timestamp.length;
    for (let start = 0; start < n; start += RECORDS_PER_WRITE) {
      const m = Math.min(RECORDS_PER_WRITE, n - start);
      for (let i = 0; i < m; i++) putEquityRecord(this.view, i * EQUITY_NPY_RECORD_BYTES, timestamp[start + i]!, equity[start + i]!, cash[start + i]!, drawdown[start + i]!);
      writeSync(this.fd, this.records, 0, m * EQUITY_NPY_RECORD_BYTES);
      this.count += m;
    }
  }

  /** Writes the header with the record count and closes the file. */
  finish(): void {
    if (this.closed) return;
    writeSync(this.fd, equityNpyHeader(this.count), 0, EQUITY_NPY_HEADER_BYTES, 0);
    this.close();
  }

  /** Closes the file as it is (a run that failed or started over). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
