// Measurement helpers shared by the suites. Every figure is measured several times and kept as
// a distribution (median, min/max, quartiles); every target is checked on the median, and where
// a reference exists it is a ratio measured pairwise in the same repetition, so a machine busy
// with other work slows both sides instead of failing the target. Load average and CPU count
// are recorded with each suite (bench/bench-results.ts is the shape written to results.json).
import { measure } from 'mitata';
import os from 'node:os';
import type { FigureRecord, MachineRecord, Spread, SuiteRecord, TargetRecord } from './bench-results';

/** Linear-interpolated quantile of sorted values (p in 0..1). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export function summarize(values: readonly number[]): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  const sorted = [...finite].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    runs: sorted.length,
  };
}

export function loadavg(): [number, number, number] {
  const [a, b, c] = os.loadavg();
  return [a ?? 0, b ?? 0, c ?? 0];
}

export interface TargetSpec {
  name: string;
  kind: 'ratio' | 'absolute';
  reference: string | null;
  op: '>=' | '<=';
  threshold: number;
  unit: string;
  /** One value per repetition (for a ratio: this repetition's figure ÷ this repetition's reference). */
  values: readonly number[];
  note?: string;
  /** 'cpu' when `values` are per CPU-second of the measuring process (see TargetRecord.clock). */
  clock?: 'cpu' | 'wall';
  /** For a 'cpu' target: the same quantity by the wall clock, one value per repetition. */
  wallValues?: readonly number[];
  wallUnit?: string;
}

/** One suite's measurements as it runs: figures, targets, the load it ran under. */
export class SuiteRun {
  readonly figures: FigureRecord[] = [];
  readonly targets: TargetRecord[] = [];
  private readonly startedAt = new Date();
  private readonly t0 = performance.now();
  private readonly loadStart = loadavg();
  private minLoad = this.loadStart[0];
  private maxLoad = this.loadStart[0];

  constructor(
    readonly name: string,
    readonly title: string,
    readonly description: string,
    readonly quick: boolean,
  ) {
    console.log(`\n## ${title} (${os.availableParallelism()} CPUs, load average ${this.loadStart.map((l) => l.toFixed(2)).join(' ')})\n`);
  }

  /** Repetitions to run: `full` normally, `quick` with --quick. */
  reps(full: number, quick = 3): number {
    return this.quick ? quick : full;
  }

  /** Notes the 1-minute load average now (called per repetition by `repeat`). */
  sampleLoad(): number {
    const l = loadavg()[0];
    this.minLoad = Math.min(this.minLoad, l);
    this.maxLoad = Math.max(this.maxLoad, l);
    return l;
  }

  /** Runs `fn` `n` times in sequence, sampling the load before each. */
  async repeat<T>(n: number, fn: (i: number) => T | Promise<T>): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      this.sampleLoad();
      out.push(await fn(i));
    }
    this.sampleLoad();
    return out;
  }

  figure(name: string, values: readonly number[] | number, unit: string, note?: string): FigureRecord {
    const f: FigureRecord = { name, unit, ...summarize(typeof values === 'number' ? [values] : values), ...(note !== undefined ? { note } : {}) };
    this.figures.push(f);
    return f;
  }

  target(spec: TargetSpec): TargetRecord {
    const s = summarize(spec.values);
    const met = spec.op === '>=' ? s.median >= spec.threshold : s.median <= spec.threshold;
    const t: TargetRecord = {
      name: spec.name,
      kind: spec.kind,
      reference: spec.reference,
      op: spec.op,
      threshold: spec.threshold,
      unit: spec.unit,
      met: Number.isFinite(s.median) && met,
      ...s,
      ...(spec.note !== undefined ? { note: spec.note } : {}),
      ...(spec.clock !== undefined ? { clock: spec.clock } : {}),
      ...(spec.wallValues !== undefined ? { wall: { unit: spec.wallUnit ?? spec.unit, ...summarize(spec.wallValues) } } : {}),
    };
    this.targets.push(t);
    console.log(`${formatTarget(t)}  (load ${this.sampleLoad().toFixed(2)})`);
    return t;
  }

  finish(error?: string): SuiteRecord {
    return {
      name: this.name,
      title: this.title,
      description: this.description,
      startedAt: this.startedAt.toISOString(),
      durationSeconds: (performance.now() - this.t0) / 1000,
      quick: this.quick,
      cpus: os.availableParallelism(),
      load: { start: this.loadStart, end: loadavg(), min1: this.minLoad, max1: Math.max(this.maxLoad, loadavg()[0]) },
      figures: this.figures,
      targets: this.targets,
      ...(error !== undefined ? { error } : {}),
    };
  }
}

/** "MET  name: 0.97x median (min 0.90, max 1.02; 5 runs); target ≥ 0.5x" */
export function formatTarget(t: TargetRecord): string {
  const v = (n: number) => fmtUnit(n, t.unit);
  const ref = t.kind === 'ratio' ? ` vs ${t.reference}` : ' (absolute)';
  const wall = t.wall !== undefined ? `; wall clock ${fmtUnit(t.wall.median, t.wall.unit)} median (min ${fmtUnit(t.wall.min, t.wall.unit)}, max ${fmtUnit(t.wall.max, t.wall.unit)})` : '';
  return `${t.met ? 'MET    ' : 'NOT MET'}  ${t.name}: ${v(t.median)} median${t.clock === 'cpu' ? ' by CPU time' : ''} (min ${v(t.min)}, max ${v(t.max)}; ${t.runs} runs)${ref}; target ${t.op === '>=' ? '≥' : '≤'} ${v(t.threshold)}${wall}`;
}

export function fmtUnit(n: number, unit: string): string {
  if (unit === 'x') return `${n.toFixed(2)}x`;
  if (unit === '%') return `${n.toFixed(1)} %`;
  return `${fmt(n)} ${unit}`;
}

/** Mean nanoseconds per call of `fn`, measured by mitata (warm-up, many samples). */
export async function nsPerOp(fn: () => unknown, cpuMs = 150): Promise<number> {
  const stats = await measure(fn, { min_cpu_time: cpuMs * 1e6 });
  return stats.avg;
}

/** CPU milliseconds of this process so far (user + system; GC included with --single-threaded-gc). */
export function cpuNow(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

export interface OpTime {
  /** CPU nanoseconds of this process per call (process.cpuUsage deltas around the timed loop). */
  cpuNs: number;
  /** Wall-clock nanoseconds per call over the same loop. */
  wallNs: number;
}

/**
 * Mean CPU and wall nanoseconds per call of `fn`: a short warm-up, then calls in batches until
 * `cpuMs` of this process's CPU time is spent. Stopping on CPU time (not wall time) gives every
 * point the same amount of work however busy the machine is; the CPU figure is what time slicing
 * by other processes does not inflate, the wall figure is kept beside it.
 */
export function cpuTimePerOp(fn: () => unknown, cpuMs = 300): OpTime {
  const warmEnd = cpuNow() + Math.min(50, cpuMs / 4);
  while (cpuNow() < warmEnd) fn();
  let calls = 0;
  let batch = 1;
  const c0 = cpuNow();
  const t0 = performance.now();
  let spent: number;
  do {
    const b0 = cpuNow();
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    // Batches of about 1 ms of CPU keep process.cpuUsage's own cost out of the figure.
    if (cpuNow() - b0 < 1) batch *= 2;
    spent = cpuNow() - c0;
  } while (spent < cpuMs);
  const wall = performance.now() - t0;
  return { cpuNs: (spent * 1e6) / calls, wallNs: (wall * 1e6) / calls };
}

export function opsPerSecond(ns: number): number {
  return 1e9 / ns;
}

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e9) return `${(n / 1e9).toFixed(digits)} G`;
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(digits)} M`;
  if (Math.abs(n) >= 1e3) return `${(n / 1e3).toFixed(digits)} k`;
  return n.toFixed(digits);
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c]!)).join('  ')).join('\n');
}

/** "median [min–max]" of a spread, formatted with `f`. */
export function spreadText(s: Spread, f: (n: number) => string = (n) => fmt(n)): string {
  return `${f(s.median)} [${f(s.min)}–${f(s.max)}]`;
}

export function machine(): MachineRecord {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cpus: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

export function machineText(m: MachineRecord): string {
  return `${m.cpu}, ${m.cpus} CPUs, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`;
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('Run benchmarks with node --expose-gc (npm run bench does).');
  g();
  g();
}
