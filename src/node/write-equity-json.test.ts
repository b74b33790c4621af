import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EquityPoint } from '../engine/backtest-result';
import { equityBlockOf } from './testing/equity-block';
import { EquityJsonWriter } from './write-equity-json';
import { tempDirs } from './testing/temp-dirs';

const newDir = tempDirs('equity-json-');
function file(): string {
  return join(newDir(), 'equity.json');
}

/** The curve written as one block (the encoder flushes its 1 MB buffer inside it); answers the non-finite map. */
function writeEquityJson(path: string, curve: readonly EquityPoint[]): Record<string, string> {
  const writer = new EquityJsonWriter(path);
  writer.write(equityBlockOf(curve));
  return writer.finish();
}

describe('EquityJsonWriter', () => {
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

  it('records every non-finite number at its own path, repeats included (a repeated number reuses its text, a non-finite one never)', () => {
    const curve: EquityPoint[] = [0, 1, 2].map((i) => ({ timestamp: i, equity: Number.POSITIVE_INFINITY, cash: Number.NaN, drawdown: 0 }));
    expect(writeEquityJson(file(), curve)).toEqual({ '0/equity': 'Infinity', '1/equity': 'Infinity', '2/equity': 'Infinity', '0/cash': 'NaN', '1/cash': 'NaN', '2/cash': 'NaN' });
  });

  it('writes timestamps as JSON.stringify does: before 1970, fractional, small, at the 1e7 boundary, and past 2^53', () => {
    const stamps = [-86_400_000, 1.5, 0, 9_999_999, 10_000_000, 10_000_001, 1_700_000_000_000, 1_700_000_009_999, 1_699_999_990_000, 9e15, 2 ** 53 + 2, 1e21];
    const curve: EquityPoint[] = stamps.map((timestamp) => ({ timestamp, equity: 1, cash: 1, drawdown: 0 }));
    const path = file();
    writeEquityJson(path, curve);
    expect(readFileSync(path, 'utf8')).toBe(`[\n${curve.map((p) => JSON.stringify(p)).join(',\n')}\n]\n`);
  });

  it('writes an empty curve as an empty array', () => {
    const path = file();
    writeEquityJson(path, []);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([]);
  });
});
