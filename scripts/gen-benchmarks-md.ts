// Writes BENCHMARKS.md from bench/results.json: `npm run bench:report` (after `npm run bench`).
//   npx tsx scripts/gen-benchmarks-md.ts [results.json] [BENCHMARKS.md]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResults } from '../bench/bench-results';
import { renderBenchmarksMd } from '../bench/render-benchmarks-md';

const source = process.argv[2] ?? fileURLToPath(new URL('../bench/results.json', import.meta.url));
const target = process.argv[3] ?? fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
const results = JSON.parse(readFileSync(source, 'utf8')) as BenchResults;
if (results.format !== 'event-studio-bench' || results.version !== 1) {
  console.error(`${source}: not a results file of \`npm run bench\` (format ${String(results.format)}, version ${String(results.version)}); run npm run bench first.`);
  process.exit(2);
}
writeFileSync(target, renderBenchmarksMd(results));
console.log(`wrote ${target} from ${source}`);
