// `npm run bench`: every benchmark in one process, side by side, then a
// machine-readable summary (bench/results.json) for BENCHMARKS.md.
import { writeFileSync } from 'node:fs';
import { benchBus } from './bus.bench';
import { figures, machine } from './harness';

const only = process.argv.slice(2);
const suites: [string, () => Promise<void>][] = [['bus', benchBus]];

console.log(`# Event Studio benchmarks\n\nmachine: ${machine()}`);
for (const [name, suite] of suites) {
  if (only.length && !only.includes(name)) continue;
  await suite();
}
writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ machine: machine(), date: new Date().toISOString(), figures }, null, 2) + '\n');
console.log('\nfigures written to bench/results.json');
