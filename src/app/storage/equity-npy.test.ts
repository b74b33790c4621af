import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { EquityPoint } from '../../engine/backtest-result';
import { EQUITY_NPY_HEADER_BYTES, decodeEquityNpy, encodeEquityNpy, equityNpyHeader } from './equity-npy';
import { encodeRunFiles, unzipRunArchive, type RunArchive } from './run-archive';
import { RunArchiveError } from './run-archive-error';
import { makeBacktestResult } from './backtest-result-fixture';

const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);

describe('equity.npy', () => {
  it('has an NPY 1.0 header NumPy reads: magic, version, little-endian length, a dict padded to a multiple of 64 bytes ending in a newline', () => {
    const h = equityNpyHeader(1234);
    expect(h.length % 64).toBe(0);
    expect([...h.slice(0, 8)]).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const len = h[8]! | (h[9]! << 8);
    expect(10 + len).toBe(h.length);
    const dict = latin1(h.slice(10));
    expect(dict.endsWith('\n')).toBe(true);
    expect(dict.trimEnd()).toBe("{'descr': [('timestamp', '<f8'), ('equity', '<f8'), ('cash', '<f8'), ('drawdown', '<f8')], 'fortran_order': False, 'shape': (1234,), }");
  });

  it('has the same header length for any count, so a writer can stream the records and fill the count in last', () => {
    for (const n of [0, 1, 65_536, 10_000_000, Number.MAX_SAFE_INTEGER]) expect(equityNpyHeader(n).length).toBe(EQUITY_NPY_HEADER_BYTES);
    expect(() => equityNpyHeader(-1)).toThrow(RangeError);
  });

  it('round-trips a curve exactly, NaN, ±Infinity and -0 included (no nulls, no non-finite map)', () => {
    const curve: EquityPoint[] = [
      { timestamp: 1_704_190_020_000, equity: 100_000.12345678901, cash: 5e-324, drawdown: 0 },
      { timestamp: -86_400_000, equity: Number.NaN, cash: Number.POSITIVE_INFINITY, drawdown: Number.NEGATIVE_INFINITY },
      { timestamp: 1.5, equity: -0, cash: Number.MAX_VALUE, drawdown: 0.1 + 0.2 },
    ];
    const bytes = encodeEquityNpy(curve);
    expect(bytes.length).toBe(EQUITY_NPY_HEADER_BYTES + 3 * 32);
    const back = decodeEquityNpy(bytes, 'p/equity.npy');
    expect(back).toEqual(curve);
    expect(Object.is(back[2]!.equity, -0)).toBe(true);
    // Little-endian float64 records: the first timestamp's bytes as NumPy lays them out.
    expect(new DataView(bytes.buffer).getFloat64(EQUITY_NPY_HEADER_BYTES, true)).toBe(1_704_190_020_000);
  });

  it('refuses what is not this file, saying which file and what it found', () => {
    const good = encodeEquityNpy([{ timestamp: 0, equity: 1, cash: 1, drawdown: 0 }]);
    const expectError = (bytes: Uint8Array, text: RegExp) => {
      let error: unknown;
      try {
        decodeEquityNpy(bytes, 'portfolio_1/equity.npy');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RunArchiveError);
      expect((error as RunArchiveError).file).toBe('portfolio_1/equity.npy');
      expect((error as Error).message).toMatch(text);
    };
    expectError(new TextEncoder().encode('[{"timestamp": 0}]'), /not a NumPy \.npy file/);
    expectError(good.slice(0, good.length - 8), /fewer than the 1 records/);
    const otherFields = good.slice();
    const at = latin1(otherFields).indexOf("'cash'");
    otherFields.set(new TextEncoder().encode("'cass'"), at);
    expectError(otherFields, /has records \[.*'cass'/);
  });

  it('imports into the studio from a results zip that carries equity.npy instead of equity.json', () => {
    const archive: RunArchive = { name: 'npy', createdAt: 0, datasetId: 'sp500-2000', configText: 'name: npy\n', result: makeBacktestResult({ equityPoints: 500 }) };
    const files = encodeRunFiles(archive, { equityFormat: 'npy' });
    const names = Object.keys(files);
    expect(names.some((n) => n.endsWith('/equity.npy'))).toBe(true);
    expect(names.some((n) => n.endsWith('/equity.json'))).toBe(false);
    const back = unzipRunArchive(zipSync(files));
    for (const id of archive.result.containerIds) expect(back.result.containers[id]!.equityCurve).toEqual(archive.result.containers[id]!.equityCurve);
  });
});
