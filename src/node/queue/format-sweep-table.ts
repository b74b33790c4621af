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
        : [String(p.rank), 'failed', '', '', '', folder ?? '—', `${shortParams(p.params)}  (${p.error?.message ?? 'failed'})`],
    );
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '));
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  const title = `top ${Math.min(top, last.points.length)} of ${last.points.length}${last.name ? ` (phase ${last.name})` : ''} by ${summary.objective} (${summary.direction})`;
  return `${title}\n${lines.join('\n')}`;
}
