import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEquityNpy, encodeEquityNpy } from '../app/storage/equity-npy';
import type { EquityPoint } from '../engine/backtest-result';
import { equityBlockOf } from './testing/equity-block';
import { EquityNpyWriter } from './write-equity-npy';
import { tempDirs } from './testing/temp-dirs';

const newDir = tempDirs('equity-npy-');
function file(): string {
  return join(newDir(), 'equity.npy');
}

const curve: EquityPoint[] = Array.from({ length: 40_000 }, (_, i) => ({
  timestamp: 1_600_000_000_000 + i * 60_000,
  equity: 1e6 * (1 + Math.sin(i / 97) / 10),
  cash: i % 5 === 0 ? Number.NaN : 5e5 - i / 3,
  drawdown: i % 11 === 0 ? Number.POSITIVE_INFINITY : (i % 7) / 100,
}));

describe('EquityNpyWriter', () => {
  it('writes blocks as they come — full, partial, empty, past its 16,384-record buffer — byte for byte the file of the whole curve', () => {
    const path = file();
    const w = new EquityNpyWriter(path);
    for (const [a, b] of [[0, 20_000], [20_000, 20_001], [20_001, 20_001], [20_001, 40_000]] as const) w.write(equityBlockOf(curve.slice(a, b)));
    w.finish();
    const bytes = new Uint8Array(readFileSync(path));
    expect(Buffer.from(bytes).equals(Buffer.from(encodeEquityNpy(curve)))).toBe(true);
    expect(decodeEquityNpy(bytes, path)).toEqual(curve);
  });

  it('writes an empty curve as a valid file of 0 records', () => {
    const path = file();
    new EquityNpyWriter(path).finish();
    expect(decodeEquityNpy(new Uint8Array(readFileSync(path)), path)).toEqual([]);
  });

  it('refuses blocks after it is closed', () => {
    const w = new EquityNpyWriter(file());
    w.close();
    expect(() => w.write(equityBlockOf(curve.slice(0, 1)))).toThrow(/closed/);
  });
});
