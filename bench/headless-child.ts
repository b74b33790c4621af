// A fresh Node process for the memory and scale suites, so peak RSS is this one workload's:
//   node --import tsx bench/headless-child.ts read|run <runHeadless argv…>
// 'read' stops right after the runner has read the config and data (the CSV import alone);
// 'run' runs to the end (read, backtest, results written). Prints one JSON line on stdout:
// step wall times, RSS before the runner started and the process's peak RSS.
import { runHeadless } from '../src/node/run-headless';

export interface HeadlessChildReport {
  mode: 'read' | 'run';
  code: number;
  phases: Record<string, number>;
  /** RSS once the modules are loaded, before the runner starts (bytes). */
  rssBefore: number;
  /** Peak RSS of the whole process (bytes). */
  maxRss: number;
  /** CPU time (user + system, all threads) since the runner started: robust to a busy machine's time slicing. */
  cpuMs: number;
  heapUsed: number;
  external: number;
  stderr: string;
}

const [mode, ...argv] = process.argv.slice(2);
if (mode !== 'read' && mode !== 'run') {
  process.stderr.write('usage: headless-child.ts read|run <npm run backtest arguments>\n');
  process.exit(2);
}
const phases: Record<string, number> = {};
const err: string[] = [];
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const report = (code: number): void => {
  const m = process.memoryUsage();
  const out: HeadlessChildReport = {
    mode,
    code,
    phases,
    rssBefore,
    maxRss: process.resourceUsage().maxRSS * 1024,
    cpuMs: ((c) => (c.user + c.system) / 1000)(process.cpuUsage(cpu0)),
    heapUsed: m.heapUsed,
    external: m.external,
    stderr: err.join('').slice(0, 4000),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
};
const code = await runHeadless(argv, {
  stdout: () => undefined,
  stderr: (t) => void err.push(t),
  isTTY: false,
  onPhase: (phase, ms) => {
    phases[phase] = ms;
    if (mode === 'read' && phase === 'read') {
      report(0);
      process.exit(0);
    }
  },
});
report(code);
process.exit(code);
