// `npm run bench`: every benchmark in one process, side by side, then a
// machine-readable summary (bench/results.json) that BENCHMARKS.md is written from.
// `npm run bench -- bus engine` runs only the named suites.
import { writeFileSync } from 'node:fs';
import { figures, machine } from './harness';

type Suite = () => Promise<void>;

// Suites load lazily so one suite's import cost (workers, IndexedDB shims) never skews another's figures.
const suites: [string, () => Promise<Suite>][] = [
  ['bus', async () => (await import('./bus.bench')).benchBus],
  ['tracing', async () => (await import('./tracing.bench')).benchTracing],
  ['engine', async () => (await import('./engine.bench')).benchEngine],
  ['storage', async () => (await import('./storage.bench')).benchStorage],
  ['sweep', async () => (await import('./sweep.bench')).benchSweep],
  ['queue', async () => (await import('./queue.bench')).benchQueue],
];

const only = process.argv.slice(2);
const unknown = only.filter((name) => !suites.some(([n]) => n === name));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${suites.map(([n]) => n).join(', ')}`);
  process.exit(2);
}

console.log(`# Event Studio benchmarks\n\nmachine: ${machine()}`);
for (const [name, load] of suites) {
  if (only.length && !only.includes(name)) continue;
  await (await load())();
}
const out = new URL(only.length ? `./results.${only.join('-')}.json` : './results.json', import.meta.url);
writeFileSync(out, JSON.stringify({ machine: machine(), date: new Date().toISOString(), figures }, null, 2) + '\n');
console.log(`\nfigures written to ${out.pathname}`);
