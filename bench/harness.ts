// Measurement helpers shared by the benchmarks: mitata measures, we print
// side-by-side tables (ops/s and ratios) and collect figures for BENCHMARKS.md.
import { measure } from 'mitata';
import os from 'node:os';

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export const figures: Figure[] = [];

export function record(section: string, name: string, value: number, unit: string, note?: string): void {
  figures.push({ section, name, value, unit, note });
}

/** Mean nanoseconds per call of `fn`, measured by mitata (warm-up, many samples, outliers kept in stats). */
export async function nsPerOp(fn: () => unknown): Promise<number> {
  const stats = await measure(fn, { min_cpu_time: 400 * 1e6 });
  return stats.avg;
}

export function opsPerSecond(ns: number): number {
  return 1e9 / ns;
}

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(digits)} M`;
  if (Math.abs(n) >= 1e3) return `${(n / 1e3).toFixed(digits)} k`;
  return n.toFixed(digits);
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')).join('\n');
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('Run benchmarks with node --expose-gc (npm run bench does).');
  g();
  g();
}
