// Child process of bench/sandbox.bench.ts: locks its realm down (as the strategy worker
// does, so the bench's other suites keep an open realm), then runs the same backtest with
// the built-in ma_crossover and with its template as a sandboxed user strategy (fresh
// Compartment per run, the worker's heartbeat monitor on), alternating, and prints one
// JSON line of timings.
import { lockdownStrategyRealm } from '../src/app/strategy-lab/strategy-realm';
import { userStrategiesForJob } from '../src/app/strategy-lab/run-user-strategy-job';
import { HeartbeatMonitor } from '../src/app/workers/strategy-job';
import type { StudioConfig } from '../src/core/config/studio-config';
import { generateSyntheticBars } from '../src/engine/data/synthetic-bars';
import { testConfig } from '../src/engine/optimization/test-config';
import { runBacktestSync } from '../src/engine/run-backtest';
import { USER_STRATEGY_TEMPLATES } from '../src/engine/user-strategy/user-strategy-templates';

export interface SandboxChildReport {
  bars: number;
  builtinMs: number[];
  userMs: number[];
  sameMetrics: boolean;
}

lockdownStrategyRealm();
const reps = Number(process.argv[2] ?? 5);
const days = Number(process.argv[3] ?? 2500);
const dataset = generateSyntheticBars({ seed: 3, symbols: ['AAA', 'BBB', 'CCC', 'DDD'], days, timeframes: ['1d'] });
const builtin = testConfig();
const user: StudioConfig = { ...builtin, containers: builtin.containers.map((c) => (c.type === 'strategy' ? { ...c, strategy: 'user:ma' } : c)) };
const source = USER_STRATEGY_TEMPLATES.find((t) => t.builtin === 'ma_crossover')!.source;
// With the strategy worker's heartbeat monitor, as in the studio (its messages go nowhere here).
const monitor = new HeartbeatMonitor(() => undefined, () => performance.now(), false);
const strategies = userStrategiesForJob([{ name: 'ma', source }], { config: user, monitor });

function timed(config: StudioConfig, withUser: boolean): { ms: number; metrics: string } {
  const t0 = performance.now();
  const r = runBacktestSync(config, dataset, withUser ? { strategies } : {});
  const ms = performance.now() - t0;
  return { ms, metrics: JSON.stringify(r.containers['portfolio_1']?.metrics) };
}

timed(builtin, false);
timed(user, true);
const report: SandboxChildReport = { bars: dataset.series.reduce((n, s) => n + s.time.length, 0), builtinMs: [], userMs: [], sameMetrics: true };
for (let i = 0; i < reps; i++) {
  const b = timed(builtin, false);
  const u = timed(user, true);
  report.builtinMs.push(b.ms);
  report.userMs.push(u.ms);
  if (b.metrics !== u.metrics) report.sameMetrics = false;
}
console.log(JSON.stringify(report));
