// `npm run bench`: every suite in one process, each repeated several times, then MET / NOT MET
// per target (on the median; ratios to a reference measured in the same run) and
// bench/results.json, which BENCHMARKS.md is generated from (`npm run bench:report`).
//   npm run bench -- bus engine      only the named suites (merged into results.json)
//   npm run bench -- --quick         fewer repetitions, smaller workloads
//   npm run bench -- --out file.json write elsewhere than bench/results.json
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BenchResults, SuiteRecord } from './bench-results';
import type { BenchSuite } from './bench-suite';
import { SuiteRun, formatTarget, loadavg, machine, machineText } from './harness';

// Suites load lazily so one suite's import cost (workers, IndexedDB shims) never skews another's figures.
const suites: [string, () => Promise<BenchSuite>][] = [
  ['bus', async () => (await import('./bus.bench')).busSuite],
  ['tracing', async () => (await import('./tracing.bench')).tracingSuite],
  ['engine', async () => (await import('./engine.bench')).engineSuite],
  ['results', async () => (await import('./results.bench')).resultsSuite],
  ['memory', async () => (await import('./memory.bench')).memorySuite],
  ['storage', async () => (await import('./storage.bench')).storageSuite],
  ['sweep', async () => (await import('./sweep.bench')).sweepSuite],
  ['queue', async () => (await import('./queue.bench')).queueSuite],
  ['scale', async () => (await import('./scale.bench')).scaleSuite],
  ['ttfr', async () => (await import('./ttfr.bench')).ttfrSuite],
  ['studio-scale', async () => (await import('./studio-scale.bench')).studioScaleSuite],
  ['sandbox', async () => (await import('./sandbox.bench')).sandboxSuite],
];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const outAt = argv.indexOf('--out');
const outPath = outAt >= 0 ? argv[outAt + 1] : undefined;
if (outAt >= 0 && outPath === undefined) {
  console.error('--out needs a file name');
  process.exit(2);
}
const only = argv.filter((a, i) => !a.startsWith('--') && !(outAt >= 0 && i === outAt + 1));
const unknown = only.filter((name) => !suites.some(([n]) => n === name));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${suites.map(([n]) => n).join(', ')}`);
  process.exit(2);
}

const m = machine();
console.log(`# Event Studio benchmarks${quick ? ' (--quick)' : ''}\n\nmachine: ${machineText(m)}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const records: SuiteRecord[] = [];
for (const [name, load] of suites) {
  if (only.length && !only.includes(name)) continue;
  const suite = await load();
  const run = new SuiteRun(name, suite.title, suite.description, quick);
  try {
    await suite.run(run);
    records.push(run.finish());
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`\nsuite ${name} failed: ${message}`);
    records.push(run.finish(error instanceof Error ? error.message : String(error)));
  }
}

// A partial run replaces only its suites in an existing results file, so one suite can be re-run.
const out = outPath ?? new URL('./results.json', import.meta.url).pathname;
let kept: SuiteRecord[] = [];
if (only.length && existsSync(out)) {
  try {
    const previous = JSON.parse(readFileSync(out, 'utf8')) as Partial<BenchResults>;
    if (previous.format === 'event-studio-bench' && Array.isArray(previous.suites)) kept = previous.suites.filter((s) => !records.some((r) => r.name === s.name));
  } catch {
    kept = [];
  }
}
const order = (s: SuiteRecord) => suites.findIndex(([n]) => n === s.name);
const all = [...kept, ...records].sort((a, b) => order(a) - order(b));
const results: BenchResults = { format: 'event-studio-bench', version: 1, date: new Date().toISOString(), quick: all.some((s) => s.quick), machine: m, suites: all };
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');

console.log(`\n# Targets (this run)\n`);
for (const r of records) {
  if (r.error !== undefined) console.log(`FAILED   suite ${r.name}: ${r.error}`);
  for (const t of r.targets) console.log(formatTarget(t));
}
const met = records.flatMap((r) => r.targets).filter((t) => t.met).length;
const total = records.flatMap((r) => r.targets).length;
console.log(`\n${met} of ${total} targets met; load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${m.cpus} CPUs`);
console.log(`figures written to ${out} (BENCHMARKS.md: npm run bench:report)`);
if (records.some((r) => r.error !== undefined)) process.exitCode = 1;
