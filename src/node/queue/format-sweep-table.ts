// The submitter's closing table: the best points of the sweep's last phase, ranked by the
// objective, one line each with the figures a trader compares first.
import type { SweepPointSummary, SweepSummary } from './sweep-results-writer';

function pct(v: number | null | undefined): string {
  return typeof v === 'number' ? `${(v * 100).toFixed(2)} %` : '—';
}

function num(v: number | null | undefined): string {
  return typeof v === 'number' ? v.toFixed(3) : '—';
}

/** `lookback=20 threshold=0.01`: the last path segment of each swept parameter. */
function shortParams(params: SweepPointSummary['params']): string {
  return Object.entries(params)
    .map(([path, v]) => `${path.slice(path.lastIndexOf('.') + 1)}=${String(v)}`)
    .join(' ');
}

export function formatSweepTable(summary: SweepSummary, top = 10): string {
  const last = summary.phases[summary.phases.length - 1];
  if (last === undefined) return '(no points)';
  const rows: string[][] = [['#', summary.objective, 'return', 'max dd', 'trades', 'container', 'parameters']];
  for (const p of last.points.slice(0, top)) {
    const folder = summary.objective_container ? p.container_ids[summary.objective_container] : Object.values(p.container_ids)[0];
    rows.push(
      p.ok
        ? [String(p.rank), num(p.objective_value), pct(p.metrics?.total_return), pct(p.metrics?.max_drawdown), String(p.trades ?? '—'), folder ?? '—', shortParams(p.params)]
        : [String(p.rank), p.skipped !== null ? 'skipped' : 'failed', '', '', '', folder ?? '—', `${shortParams(p.params)}  (${p.error?.message ?? 'failed'})`],
    );
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const title = `top ${Math.min(top, last.points.length)} of ${last.points.length}${last.name ? ` (phase ${last.name})` : ''} by ${summary.objective} (${summary.direction})`;
  const notes = (summary.notes ?? []).map((n) => `\nnote: ${n}`).join('');
  return `${title}\n${lines.join('\n')}${notes}`;
}

/** Skipped points, one line each with the reason (at most `max`, then a count), for stderr. */
export function skippedPointsText(summary: SweepSummary, max = 20): string {
  const all = summary.phases.flatMap((p) => p.points).filter((p) => p.skipped !== null).sort((a, b) => a.index - b.index);
  if (all.length === 0) return '';
  const lines = all
    .slice(0, max)
    .map((s) => `skipped: ${s.phase ?? 'grid'} point ${s.index + 1} ${shortParams(s.params)}: ${s.skipped === 'constraint' ? 'optimization.constraint' : 'invalid parameters'} (${s.error?.message ?? ''})`);
  if (all.length > max) lines.push(`skipped: … and ${all.length - max} more (every one is listed in summary.json)`);
  const counts = `${summary.skipped} point(s) skipped: ${summary.skipped_constraint} by optimization.constraint, ${summary.skipped_invalid} with invalid parameters`;
  return `${lines.join('\n')}\n${counts}\n`;
}

/**
 * The sweep's exit code: 1 when a point failed while running, 2 when no point could run (all
 * skipped: the grid or constraint is the problem), else 0 — skipped points alone are no error.
 */
export function sweepExitCode(summary: SweepSummary): number {
  if (summary.failed > 0) return 1;
  if (summary.succeeded === 0 && summary.skipped > 0) return 2;
  return 0;
}
