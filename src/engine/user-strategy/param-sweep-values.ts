// Sweep values from a declared param: what the studio fills into a YAML
// `optimization.parameters[].values` list when the user sweeps a param — min..max by
// step for numbers (thinned evenly past maxPoints, ends kept), both booleans, every option.

import type { ParamSpec } from '../strategy';

export interface ParamSweepOptions {
  /** Range to sweep (default the declared min/max; required when the param declares none). */
  from?: number;
  to?: number;
  /** Grid step (default the declared step; integers 1; numbers (to − from) / 10). */
  step?: number;
  /** Most values to return (default 25). */
  maxPoints?: number;
}

function decimals(x: number): number {
  const s = String(x);
  const e = s.indexOf('e-');
  if (e >= 0) return Number(s.slice(e + 2)) + (s.indexOf('.') >= 0 ? e - s.indexOf('.') - 1 : 0);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** The values to sweep `spec` over; throws a RangeError saying what is missing when no range is known. */
export function paramSweepValues(spec: ParamSpec & { step?: number }, options: ParamSweepOptions = {}): (number | boolean | string)[] {
  if (spec.type === 'boolean') return [false, true];
  if (spec.type === 'string') {
    if (spec.options === undefined || spec.options.length === 0) throw new RangeError(`Param '${spec.name}' is free text: give the values to sweep yourself.`);
    return [...spec.options];
  }
  const from = options.from ?? spec.min;
  const to = options.to ?? spec.max;
  if (from === undefined || to === undefined) throw new RangeError(`Param '${spec.name}' declares no ${from === undefined ? 'min' : 'max'}: give a range to sweep.`);
  if (!(from <= to)) throw new RangeError(`Sweep range of '${spec.name}' is empty (${from} > ${to}).`);
  let step = options.step ?? spec.step ?? (spec.type === 'integer' ? 1 : (to - from) / 10);
  if (spec.type === 'integer') step = Math.max(1, Math.round(step));
  if (!(step > 0)) return [from];
  const places = Math.max(decimals(from), decimals(step));
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  const maxPoints = Math.max(2, options.maxPoints ?? 25);
  const at = (i: number) => Number((from + i * step).toFixed(places));
  if (count <= maxPoints) return Array.from({ length: count }, (_, i) => at(i));
  // Too many: keep both ends and spread the rest evenly over the step grid.
  const picked = new Set<number>();
  for (let k = 0; k < maxPoints; k++) picked.add(Math.round((k * (count - 1)) / (maxPoints - 1)));
  return [...picked].map(at);
}
