// The cartesian grid of a sweep: every combination of the swept values, in a
// fixed order (first parameter varies slowest, like itertools.product), so a
// point's index — and therefore its container ids — is reproducible.
import type { SweepParameter } from '../../core/config/studio-config';
import { SweepPlanError } from './sweep-plan-error';

export type SweepValue = number | string | boolean;

export interface SweepPoint {
  /** 0-based position in its phase's grid. */
  index: number;
  /** Dotted config path → value, applied with applySweepPoint before the run. */
  params: Record<string, SweepValue>;
  /**
   * '' when the point keeps the config's container ids (single-grid sweep: one
   * backtest per point, so ids never meet); otherwise '<phase>_<n>' (n = index + 1)
   * and portfolio ids become `portfolio_<phase>_<n>` (see phase-container-ids.ts).
   */
  containerSuffix: string;
}

/** Larger grids are refused: they are almost always a typo in a value list. */
export const MAX_GRID_POINTS = 1_000_000;

export interface ExpandGridOptions {
  /** Phase name: points get containerSuffix '<phase>_<index + 1>'. Omitted: ids kept. */
  phase?: string;
  /** Parameters every point starts from (a kept point of the previous phase). */
  base?: Readonly<Record<string, SweepValue>>;
  /** Index of the first point (phases that cross several bases continue numbering). */
  startIndex?: number;
  /** Where the parameters came from, for errors. */
  sourcePath?: string;
}

/** Number of points of the grid (1 for no parameters: the config as written). */
export function gridSize(parameters: readonly SweepParameter[]): number {
  return parameters.reduce((n, p) => n * p.values.length, 1);
}

export function expandGrid(parameters: readonly SweepParameter[], options: ExpandGridOptions = {}): SweepPoint[] {
  const source = options.sourcePath ?? 'optimization.parameters';
  const seen = new Set<string>();
  parameters.forEach((p, i) => {
    if (!p.path) throw new SweepPlanError('a swept parameter needs a path such as containers.momentum_1.params.fast', `${source}[${i}].path`);
    if (seen.has(p.path)) throw new SweepPlanError(`'${p.path}' is swept twice; merge its values into one list`, `${source}[${i}].path`);
    seen.add(p.path);
    if (p.values.length === 0) throw new SweepPlanError(`'${p.path}' has no values; give at least one`, `${source}[${i}].values`);
  });
  const size = gridSize(parameters);
  if (size > MAX_GRID_POINTS) {
    throw new SweepPlanError(`the grid has ${size.toLocaleString('en-US')} points (limit ${MAX_GRID_POINTS.toLocaleString('en-US')}); shorten the value lists or use phases`, source);
  }
  const start = options.startIndex ?? 0;
  const points: SweepPoint[] = [];
  const digits = new Array<number>(parameters.length).fill(0);
  for (let k = 0; k < size; k++) {
    const params: Record<string, SweepValue> = { ...options.base };
    parameters.forEach((p, i) => {
      params[p.path] = p.values[digits[i]];
    });
    const index = start + k;
    points.push({ index, params, containerSuffix: options.phase ? `${options.phase}_${index + 1}` : '' });
    // Odometer increment: the last parameter varies fastest.
    for (let i = parameters.length - 1; i >= 0; i--) {
      digits[i] += 1;
      if (digits[i] < parameters[i].values.length) break;
      digits[i] = 0;
    }
  }
  return points;
}
