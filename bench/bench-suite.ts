// One benchmark suite as bench/run.ts runs it: a title and a paragraph for BENCHMARKS.md, and
// the measurement itself, which records figures and targets on the SuiteRun it is given.
import type { SuiteRun } from './harness';

export interface BenchSuite {
  title: string;
  /** What is measured and against which reference (goes into results.json and BENCHMARKS.md). */
  description: string;
  run: (suite: SuiteRun) => Promise<void>;
}
