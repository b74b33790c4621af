// The strategy sandbox's cost: the same backtest (4 symbols of daily bars, ma_crossover 5/20)
// run with the built-in strategy and with its template as a user strategy evaluated in an
// SES Compartment, both in one locked-down child process (the strategy worker's realm).
// Target: the sandboxed strategy runs at ≥ 0.5× the built-in's speed, with equal metrics.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from './bench-suite';
import type { SandboxChildReport } from './sandbox-child';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function child(reps: number, days: number): Promise<SandboxChildReport> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--single-threaded-gc', '--import', 'tsx', 'bench/sandbox-child.ts', String(reps), String(days)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => void (err += d.toString()));
    p.once('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as SandboxChildReport);
      } catch {
        reject(new Error(`sandbox child ended with exit code ${code} and no report: ${err.trim().split('\n').slice(-6).join(' | ') || 'no output'}`));
      }
    });
  });
}

export const sandboxSuite: BenchSuite = {
  title: 'Strategy sandbox (SES Compartment) vs the same built-in strategy',
  description:
    'ma_crossover 5/20 on 4 symbols of synthetic daily bars, run as the built-in and as its template in the strategy sandbox (SES lockdown, a fresh Compartment per run), alternating, in one locked-down child process. Ratio = built-in time ÷ sandboxed time per repetition.',
  async run(suite) {
    const r = await child(suite.reps(7), suite.quick ? 800 : 2500);
    if (!r.sameMetrics) throw new Error('the sandboxed template did not give the built-in’s metrics');
    suite.figure('built-in ma_crossover', r.builtinMs, 'ms', `${r.bars} bars`);
    suite.figure('sandboxed template', r.userMs, 'ms', `${r.bars} bars`);
    suite.target({
      name: 'sandboxed strategy speed vs built-in',
      kind: 'ratio',
      reference: 'built-in ma_crossover',
      op: '>=',
      threshold: 0.5,
      unit: 'x',
      values: r.builtinMs.map((b, i) => b / r.userMs[i]!),
    });
  },
};
