// A walk-forward window length as written in YAML: a bar count (252) or a calendar
// duration ('2y', '6mo', '6m', '4w', '30d', '12h'). Months and years are calendar
// arithmetic in UTC (Jan 31 + 1mo = Feb 28/29, like pandas' DateOffset), not fixed ms.
import { WalkForwardPlanError } from './walk-forward-plan-error';

export type WalkForwardSpan =
  | { kind: 'bars'; bars: number }
  | { kind: 'duration'; count: number; unit: 'y' | 'mo' | 'w' | 'd' | 'h' };

const UNIT_MS = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000 } as const;
const SPAN = /^(\d+)\s*(y|yr|years?|mo|months?|m|w|weeks?|d|days?|h|hours?)$/i;

/** Parses one span; `path` names the YAML key in errors. In walk-forward spans 'm' means months. */
export function parseWalkForwardSpan(value: number | string, path: string): WalkForwardSpan {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1) throw new WalkForwardPlanError(`a bar count must be a whole number ≥ 1, got ${value}`, path);
    return { kind: 'bars', bars: value };
  }
  const m = SPAN.exec(value.trim());
  if (m === null) {
    throw new WalkForwardPlanError(`'${value}' is not a span; write bars (252) or a duration such as 2y, 6mo, 4w, 30d, 12h`, path);
  }
  const count = Number(m[1]);
  if (count < 1) throw new WalkForwardPlanError(`'${value}' is empty; a span must be at least 1`, path);
  const u = m[2]!.toLowerCase();
  const unit = u.startsWith('y') ? 'y' : u === 'mo' || u.startsWith('month') || u === 'm' ? 'mo' : u.startsWith('w') ? 'w' : u.startsWith('d') ? 'd' : 'h';
  return { kind: 'duration', count, unit };
}

/** `time` moved forward by `times` × `span` (a duration span); UTC calendar months for 'mo'/'y'. */
export function addDuration(time: number, span: Extract<WalkForwardSpan, { kind: 'duration' }>, times = 1): number {
  if (span.unit === 'y' || span.unit === 'mo') {
    const months = span.count * times * (span.unit === 'y' ? 12 : 1);
    const d = new Date(time);
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    // Clamp to the month's last day instead of overflowing into the next month.
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    return d.getTime();
  }
  return time + span.count * times * UNIT_MS[span.unit];
}
