// `npm run backtest` on a config with a grid some of whose points cannot run (issue 14): those
// points are skipped with their reason, counted in summary.json, and the run exits 0 because
// other points ran; optimization.constraint drops combinations before they run.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SweepSummary } from './queue/sweep-results-writer';
import { EXIT_INVALID_INPUT, EXIT_OK, runHeadless } from './run-headless';
import { tempDirs } from './testing/temp-dirs';

const made: string[] = [];
const newDir = tempDirs('sweep-skips-');
function tmp(): string {
  const d = newDir();
  made.push(d);
  return d;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), isTTY: false }, out, err };
}

function yaml(extra = '', fast = '[5, 10, 20]'): string {
  return `name: crossover grid
data:
  source: synthetic
  synthetic: {days: 400, timeframes: ["1d"], symbols: [SYN]}
containers:
  - {id: ma_1, type: strategy, strategy: ma_crossover, params: {fast: 5, slow: 30}}
  - {id: portfolio_1, type: portfolio, strategies: [ma_1]}
optimization:
  objective: total_return
  parameters:
    ma_1.params.fast: ${fast}
    ma_1.params.slow: [10, 30]
${extra}`;
}

async function run(text: string) {
  const dir = tmp();
  const config = join(dir, 'grid.yaml');
  writeFileSync(config, text);
  const out = join(dir, 'out');
  const c = capture();
  const code = await runHeadless([config, '--out', out, '--workers', '1'], c.io);
  const summary = code === EXIT_OK || code === 1 || code === EXIT_INVALID_INPUT ? (JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SweepSummary) : null;
  return { code, summary, stdout: c.out.join(''), stderr: c.err.join('') };
}

describe('local sweep: invalid points and optimization.constraint', () => {
  it('skips fast >= slow points with their reason, counts them in summary.json and exits 0', async () => {
    const r = await run(yaml());
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(EXIT_OK);
    expect(r.summary).toMatchObject({ total: 6, succeeded: 4, failed: 0, skipped: 2, skipped_invalid: 2, skipped_constraint: 0 });
    const skipped = r.summary!.phases[0].points.filter((p) => p.skipped !== null);
    expect(skipped.map((p) => [p.index, p.params['ma_1.params.fast'], p.skipped])).toEqual([
      [2, 10, 'invalid'],
      [4, 20, 'invalid'],
    ]);
    expect(skipped[0].error!.message).toMatch(/'fast' must be less than slow \(got fast 10, slow 10\)/);
    expect(r.stderr).toMatch(/^skipped: grid point 3 fast=10 slow=10: invalid parameters \(/m);
    expect(r.stderr).toMatch(/2 point\(s\) skipped: 0 by optimization.constraint, 2 with invalid parameters/);
    expect(r.stdout).toMatch(/sweep of 6 points \(2 skipped\)/);
  }, 60_000);

  it('drops the combinations optimization.constraint rules out before they run', async () => {
    const r = await run(yaml('  constraint: fast < slow\n'));
    expect(r.code).toBe(EXIT_OK);
    expect(r.summary).toMatchObject({ total: 6, succeeded: 4, failed: 0, skipped: 2, skipped_constraint: 2, skipped_invalid: 0 });
    expect(r.summary!.phases[0].points.filter((p) => p.skipped === 'constraint').map((p) => p.error!.message)).toEqual([
      'excluded by optimization.constraint: fast < slow',
      'excluded by optimization.constraint: fast < slow',
    ]);
  }, 60_000);

  it('exits 2 when no point could run', async () => {
    const r = await run(yaml('', '[30, 40]'));
    expect(r.code).toBe(EXIT_INVALID_INPUT);
    expect(r.summary).toMatchObject({ total: 4, succeeded: 0, skipped: 4 });
  }, 60_000);

  it('refuses a constraint naming no swept parameter at its line', async () => {
    const dir = tmp();
    const config = join(dir, 'grid.yaml');
    writeFileSync(config, yaml('  constraint: fats < slow\n'));
    const c = capture();
    expect(await runHeadless([config, '--out', join(dir, 'out')], c.io)).toBe(EXIT_INVALID_INPUT);
    expect(c.err.join('')).toMatch(/grid\.yaml:13:\d+: 'fats' is not a swept parameter/);
  });
});

describe('local sweep: storage settings of the points', () => {
  it('writes events.jsonl for compression: false and says storage_path is for single runs', async () => {
    const text = yaml().replace(
      '  - {id: portfolio_1, type: portfolio, strategies: [ma_1]}',
      `  - id: portfolio_1
    type: portfolio
    strategies: [ma_1]
    event_tracing: {retention_policy: full, storage_config: {compression: false}, storage_path: ./p1/}`,
    );
    const r = await run(text);
    expect(r.code).toBe(EXIT_OK);
    const dir = join(made[made.length - 1], 'out', 'portfolio_grid_1');
    expect(readdirSync(dir)).toContain('events.jsonl');
    expect(readdirSync(dir).some((f) => f.endsWith('.gz'))).toBe(false);
    expect(r.summary!.notes[0]).toMatch(/^storage_path \(portfolio_1\) applies to single runs/);
    expect(r.stdout).toMatch(/note: storage_path \(portfolio_1\) applies to single runs/);
  }, 60_000);
});
