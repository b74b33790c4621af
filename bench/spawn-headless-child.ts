// Runs bench/headless-child.ts in a fresh Node (the headless shells' flags) and returns its report.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HeadlessChildReport } from './headless-child';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export function spawnHeadlessChild(mode: 'read' | 'run', argv: readonly string[], options: { maxOldSpaceMb?: number; timeoutMs?: number } = {}): Promise<HeadlessChildReport> {
  const flags = ['--single-threaded-gc', ...(options.maxOldSpaceMb !== undefined ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : []), '--import', 'tsx'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, 'bench/headless-child.ts', mode, ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as HeadlessChildReport);
      } catch {
        const tail = err.trim().split('\n').slice(-6).join(' | ');
        reject(new Error(`headless child (${mode}) ended with ${signal ?? `exit code ${code}`} and no report: ${tail || 'no output'}`));
      }
    });
  });
}
