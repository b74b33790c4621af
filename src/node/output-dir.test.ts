// Re-running into an existing --out (issue 16): the runner removes only what an earlier run
// wrote there (the files its markers list), says what it replaced, and keeps every other file.
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearPreviousOutput, markOutput, OUTPUT_MARKER } from './output-dir';
import type { SweepSummary } from './queue/sweep-results-writer';
import { EXIT_OK, runHeadless } from './run-headless';
import { tempDirs } from './testing/temp-dirs';

const tmp = tempDirs('out-dir-');

function capture() {
  const err: string[] = [];
  return { io: { stdout: () => undefined, stderr: (t: string) => void err.push(t), isTTY: false }, err };
}

function grid(fast: string): string {
  return `name: grid
data:
  source: synthetic
  synthetic: {days: 200, timeframes: ["1d"], symbols: [SYN]}
containers:
  - {id: ma_1, type: strategy, strategy: ma_crossover, params: {fast: 5, slow: 30}}
  - {id: portfolio_1, type: portfolio, strategies: [ma_1]}
optimization:
  parameters:
    ma_1.params.fast: ${fast}
`;
}

describe('--out reused by a later run', () => {
  it('removes the stale point folders of a larger earlier sweep, says so, and keeps the user\'s files', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    const config = join(dir, 'grid.yaml');
    // The user's own things in --out: a notes file, a folder, and a file inside a point folder.
    mkdirSync(join(out, 'my-notes'), { recursive: true });
    writeFileSync(join(out, 'README.txt'), 'mine');
    writeFileSync(join(out, 'my-notes', 'a.txt'), 'mine');
    for (const f of ['README.txt', 'my-notes/a.txt']) utimesSync(join(out, f), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

    writeFileSync(config, grid('[5, 10, 15, 20]'));
    expect(await runHeadless([config, '--out', out, '--workers', '1'], capture().io)).toBe(EXIT_OK);
    const first = readdirSync(out).filter((n) => n.startsWith('portfolio_grid_')).sort();
    expect(first).toEqual(['portfolio_grid_1', 'portfolio_grid_2', 'portfolio_grid_3', 'portfolio_grid_4']);
    expect(existsSync(join(out, 'portfolio_grid_4', OUTPUT_MARKER))).toBe(true);
    writeFileSync(join(out, 'portfolio_grid_3', 'my-analysis.csv'), 'mine');
    // Written by the user some time before the next run.
    utimesSync(join(out, 'portfolio_grid_3', 'my-analysis.csv'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

    writeFileSync(config, grid('[5, 10]'));
    const second = capture();
    expect(await runHeadless([config, '--out', out, '--workers', '1'], second.io)).toBe(EXIT_OK);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SweepSummary;
    expect(summary.total).toBe(2);
    // Point folders left: the two this run wrote, and grid_3 only for the user's file in it.
    expect(readdirSync(out).filter((n) => n.startsWith('portfolio_grid_')).sort()).toEqual(['portfolio_grid_1', 'portfolio_grid_2', 'portfolio_grid_3']);
    expect(readdirSync(join(out, 'portfolio_grid_3'))).toEqual(['my-analysis.csv']);
    expect(readdirSync(out).some((n) => n.startsWith('strategy_ma_1_grid_4') || n === 'portfolio_grid_4')).toBe(false);
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(out, 'my-notes', 'a.txt'), 'utf8')).toBe('mine');
    const note = second.err.join('');
    expect(note).toMatch(/^note: replacing an earlier run's results in .*out: removed \d+ folder\(s\): .*; file\(s\): config\.yaml, run\.json, summary\.json/m);
    expect(note).toMatch(/kept portfolio_grid_3, which also hold files Event Studio did not write/);
  }, 60_000);

  it('never removes a path a marker lists outside its folder, nor a folder without a marker', () => {
    const out = tmp();
    const outside = join(tmp(), 'precious.txt');
    writeFileSync(outside, 'keep');
    mkdirSync(join(out, 'point_1'));
    mkdirSync(join(out, 'unmarked'));
    writeFileSync(join(out, 'unmarked', 'metrics.json'), '{}');
    writeFileSync(join(out, 'point_1', 'metrics.json'), '{}');
    writeFileSync(
      join(out, 'point_1', OUTPUT_MARKER),
      JSON.stringify({ format: 'event-studio-output', version: 1, written_at: '', files: ['metrics.json', `../../${outside}`, outside, '../unmarked/metrics.json'] }),
    );
    const replaced = clearPreviousOutput(out);
    expect(replaced.folders).toEqual(['point_1']);
    expect(readFileSync(outside, 'utf8')).toBe('keep');
    expect(existsSync(join(out, 'unmarked', 'metrics.json'))).toBe(true);
  });

  it('marks only files written since the run started', () => {
    const out = tmp();
    mkdirSync(join(out, 'c1'));
    writeFileSync(join(out, 'c1', 'old.txt'), 'x');
    utimesSync(join(out, 'c1', 'old.txt'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    writeFileSync(join(out, 'c1', 'new.json'), 'y');
    markOutput(out, Date.now());
    expect((JSON.parse(readFileSync(join(out, 'c1', OUTPUT_MARKER), 'utf8')) as { files: string[] }).files).toEqual(['new.json']);
    clearPreviousOutput(out);
    expect(readdirSync(join(out, 'c1'))).toEqual(['old.txt']);
  });
});
