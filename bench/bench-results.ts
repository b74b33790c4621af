// The shape of bench/results.json: what `npm run bench` measured, per suite, with the spread of
// its repetitions and the machine's load while it ran. BENCHMARKS.md is generated from it
// (scripts/gen-benchmarks-md.ts), so every figure a reader sees carries its spread and load.

/** Distribution of one figure over a suite's repetitions. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Lower and upper quartile (linear interpolation; equal to min/max below 4 runs). */
  q1: number;
  q3: number;
  /** Repetitions measured. */
  runs: number;
}

export interface FigureRecord extends Spread {
  name: string;
  unit: string;
  note?: string;
}

export interface TargetRecord extends Spread {
  /** What is checked, e.g. "EventBus publish ≥ 0.5× eventemitter3". */
  name: string;
  /**
   * 'ratio': the figure is measured against a reference measured in the same run (per repetition,
   * so a busy machine moves both sides); 'absolute': no in-run reference exists.
   */
  kind: 'ratio' | 'absolute';
  /** What the ratio divides by (null for absolute targets). */
  reference: string | null;
  op: '>=' | '<=';
  threshold: number;
  unit: string;
  /** The median against the threshold. */
  met: boolean;
  note?: string;
  /**
   * What clock the values come from. 'cpu': CPU time of the measuring process (process.cpuUsage
   * deltas around the timed section; the bench runs with --single-threaded-gc, so GC is counted
   * on the measuring thread). CPU time is what a busy machine's time slicing does not inflate, so
   * a figure per CPU-second reproduces under load. Absent: wall clock.
   */
  clock?: 'cpu' | 'wall';
  /** For a 'cpu' target: the same quantity by the wall clock, shown beside it. */
  wall?: Spread & { unit: string };
}

export interface LoadSample {
  /** os.loadavg(): 1, 5 and 15 minutes. */
  start: [number, number, number];
  end: [number, number, number];
  /** Lowest and highest 1-minute load average seen while the suite ran. */
  min1: number;
  max1: number;
}

export interface SuiteRecord {
  name: string;
  title: string;
  /** What the suite measures and against what, one paragraph. */
  description: string;
  startedAt: string;
  durationSeconds: number;
  /** Run with --quick (fewer repetitions, smaller workloads). */
  quick: boolean;
  cpus: number;
  load: LoadSample;
  figures: FigureRecord[];
  targets: TargetRecord[];
  /** The suite failed: what it said (figures measured before the failure are kept). */
  error?: string;
}

export interface MachineRecord {
  cpu: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export interface BenchResults {
  format: 'event-studio-bench';
  version: 1;
  date: string;
  /** Fewer repetitions and smaller workloads (`npm run bench -- --quick`). */
  quick: boolean;
  machine: MachineRecord;
  suites: SuiteRecord[];
}
