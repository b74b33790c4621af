// npm run backtest --data <csv>: bad prices refuse the file with every faulty row on
// stderr (exit 2, nothing run); a single-bar spike runs, with a warning naming its line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_INVALID_INPUT, EXIT_OK, runHeadless } from './run-headless';

const DEFAULT_CONFIG = new URL('../core/config/default-config.yaml', import.meta.url);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(rows: (lines: string[]) => void): { dir: string; config: string; csv: string } {
  const dir = mkdtempSync(join(tmpdir(), 'csv-cli-'));
  dirs.push(dir);
  const lines = ['Date,Open,High,Low,Close,Volume'];
  for (let i = 0; i < 120; i++) {
    const c = 100 + 10 * Math.sin(i / 9);
    lines.push(`${new Date(Date.UTC(2021, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},${c.toFixed(2)},${(c + 1).toFixed(2)},${(c - 1).toFixed(2)},${c.toFixed(2)},1000`);
  }
  rows(lines);
  const csv = join(dir, 'wave.csv');
  writeFileSync(csv, lines.join('\n'));
  const config = join(dir, 'config.yaml');
  // The default study, on the file's own symbol.
  writeFileSync(config, readFileSync(DEFAULT_CONFIG, 'utf8').replace(/symbols: \[SPX\]/, 'symbols: [WAVE]'));
  return { dir, config, csv };
}

function capture() {
  const err: string[] = [];
  return { io: { stdout: () => undefined, stderr: (t: string) => void err.push(t), isTTY: false }, err };
}

describe('runHeadless --data validation', () => {
  it('refuses zero, negative and Infinity prices with every faulty line, and runs nothing', async () => {
    const { dir, config, csv } = setup((l) => {
      l[10] = '2021-01-10,0,0,0,0,1000';
      l[40] = '2021-02-09,100,101,-3,100,1000';
      l[80] = '2021-03-21,100,1e309,99,100,1000';
    });
    const { io, err } = capture();
    expect(await runHeadless([config, '--data', csv, '--out', join(dir, 'out'), '--no-sweep'], io)).toBe(EXIT_INVALID_INPUT);
    const text = err.join('');
    expect(text).toContain(`${csv}:11 (column Close): Price 0 in column 'Close' must be above zero`);
    expect(text).toContain(`${csv}:41 (column Low): Price -3`);
    expect(text).toContain(`${csv}:81 (column High): Price '1e309' in column 'High' is out of range`);
  });

  it('runs a file with a single-bar spike and warns with its line', async () => {
    const { dir, config, csv } = setup((l) => {
      l[60] = '2021-03-01,100,6000,99,100,1000';
    });
    const { io, err } = capture();
    expect(await runHeadless([config, '--data', csv, '--out', join(dir, 'out'), '--no-sweep'], io)).toBe(EXIT_OK);
    expect(err.join('')).toMatch(new RegExp(`warning: ${csv.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:61 \\(column High\\): WAVE: 6000 is more than 50×`));
  });
});
