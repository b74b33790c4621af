import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEquityNpy } from '../app/storage/equity-npy';
import { DEFAULT_TRACE_SETTINGS } from '../core/trace-settings';
import { EquityFiles } from './equity-files';
import { equityBlockOf } from './testing/equity-block';
import { tempDirs } from './testing/temp-dirs';

const outDir = tempDirs('equity-files-');

const traced = { ...DEFAULT_TRACE_SETTINGS, enabled: true };
const points = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ timestamp: (from + i) * 60_000, equity: 100 + from + i, cash: 50, drawdown: 0 }));

describe('EquityFiles (the headless runner’s equity curves, written while the run goes)', () => {
  it('gives each traced container <out>/<id>/equity.npy, prepares --out once, and none to a container whose tracing is off', () => {
    const out = outDir();
    let prepared = 0;
    const files = new EquityFiles(out, 'npy', () => void prepared++);
    expect(files.sinkFor('quiet', { ...traced, enabled: false })).toBeUndefined();
    files.sinkFor('portfolio_1', traced)!.write(equityBlockOf(points(3)));
    files.sinkFor('portfolio_2', traced)!.write(equityBlockOf(points(2)));
    const done = files.finish();
    expect(prepared).toBeGreaterThan(0);
    expect([...done.keys()]).toEqual(['portfolio_1', 'portfolio_2']);
    const path = join(out, 'portfolio_1', 'equity.npy');
    expect(done.get('portfolio_1')!.path).toBe(path);
    expect(decodeEquityNpy(new Uint8Array(readFileSync(path)), path)).toEqual(points(3));
    expect(existsSync(join(out, 'quiet'))).toBe(false);
  });

  it('starts a container’s file over when the engine asks again (a dynamic_rules second pass)', () => {
    const out = outDir();
    const files = new EquityFiles(out, 'json', () => undefined);
    files.sinkFor('portfolio_1', traced)!.write(equityBlockOf(points(5)));
    files.sinkFor('portfolio_1', traced)!.write(equityBlockOf(points(2, 10)));
    files.finish();
    expect(JSON.parse(readFileSync(join(out, 'portfolio_1', 'equity.json'), 'utf8'))).toEqual(points(2, 10));
  });

  it('leaves no partial file behind when the run fails', () => {
    const out = outDir();
    const files = new EquityFiles(out, 'npy', () => undefined);
    files.sinkFor('portfolio_1', traced)!.write(equityBlockOf(points(4)));
    files.abandon();
    expect(existsSync(join(out, 'portfolio_1', 'equity.npy'))).toBe(false);
    expect(files.finish().size).toBe(0);
  });
});
