import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EquityPoint } from '../engine/backtest-result';
import { writeEquityJson } from './write-equity-json';

const dirs: string[] = [];
function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'equity-json-'));
  dirs.push(dir);
  return join(dir, 'equity.json');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('writeEquityJson', () => {
  it('writes the curve as the JSON array encodeRunFiles writes: snake_case keys, every point, in order', () => {
    const curve: EquityPoint[] = Array.from({ length: 30_000 }, (_, i) => ({ timestamp: 1_600_000_000_000 + i * 60_000, equity: 1e6 + i * 0.125, cash: 5e5 - i, drawdown: (i % 7) / 100 }));
    const path = file();
    expect(writeEquityJson(path, curve)).toEqual({});
    // Past one 1 MB chunk, so chunk boundaries are crossed.
    expect(readFileSync(path).length).toBeGreaterThan(1 << 20);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(curve.map((p) => ({ timestamp: p.timestamp, equity: p.equity, cash: p.cash, drawdown: p.drawdown })));
  });

  it('writes non-finite numbers as null and returns their JSON paths for run.json, as encodeRunFiles does', () => {
    const curve: EquityPoint[] = [
      { timestamp: 0, equity: 100, cash: 100, drawdown: 0 },
      { timestamp: 60_000, equity: Number.NaN, cash: Number.POSITIVE_INFINITY, drawdown: Number.NEGATIVE_INFINITY },
    ];
    const path = file();
    expect(writeEquityJson(path, curve)).toEqual({ '1/equity': 'NaN', '1/cash': 'Infinity', '1/drawdown': '-Infinity' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([curve[0], { timestamp: 60_000, equity: null, cash: null, drawdown: null }]);
  });

  it('writes an empty curve as an empty array', () => {
    const path = file();
    writeEquityJson(path, []);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([]);
  });
});
