// The report's equity and drawdown chart as one inline SVG (no library, no network):
// equity on top with the starting capital dashed, drawdown below as a filled area,
// both downsampled per pixel column so a million-bar curve stays a few kB.
import type { EquityPoint } from '../engine/backtest-result';
import { dateLabel, linearScale, niceTicks, px } from './chart-scale';
import { downsampleMinMax } from './downsample-min-max';
import { escapeHtml } from './escape-html';

export interface ChartFrame {
  width: number;
  left: number;
  right: number;
}

export const DEFAULT_FRAME: ChartFrame = { width: 960, left: 76, right: 16 };

/** 100 560 → '100.6k'; 2 500 000 → '2.50M'; small values keep decimals. */
export function compactNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/** Vertical grid lines and date labels along the bottom of a panel. */
export function timeAxis(t0: number, t1: number, x: (v: number) => number, top: number, bottom: number, labels: boolean): string {
  const out: string[] = [];
  const n = 6;
  for (let i = 0; i <= n; i++) {
    const t = t0 + ((t1 - t0) * i) / n;
    const xx = px(x(t));
    out.push(`<line class="grid" x1="${xx}" x2="${xx}" y1="${top}" y2="${bottom}"/>`);
    if (labels) out.push(`<text class="axis" x="${xx}" y="${bottom + 14}" text-anchor="${i === 0 ? 'start' : i === n ? 'end' : 'middle'}">${escapeHtml(dateLabel(t, t1 - t0))}</text>`);
  }
  return out.join('');
}

/** Horizontal grid lines and value labels on the left of a panel. */
export function valueAxis(ticks: readonly number[], y: (v: number) => number, left: number, right: number, label: (v: number) => string): string {
  return ticks
    .map((v) => {
      const yy = px(y(v));
      return `<line class="grid" x1="${left}" x2="${right}" y1="${yy}" y2="${yy}"/><text class="axis" x="${left - 6}" y="${yy}" dy="0.32em" text-anchor="end">${escapeHtml(label(v))}</text>`;
    })
    .join('');
}

export function renderEquityChartSvg(curve: readonly EquityPoint[], initialCapital: number, frame: ChartFrame = DEFAULT_FRAME): string {
  if (curve.length === 0) return '<p class="empty">No equity curve was recorded.</p>';
  const { width, left, right } = frame;
  const plotRight = width - right;
  const eqTop = 10;
  const eqBottom = 230;
  const ddTop = 252;
  const ddBottom = 340;
  const height = ddBottom + 24;
  const ts = curve.map((p) => p.timestamp);
  const eq = curve.map((p) => p.equity);
  const dd = curve.map((p) => p.drawdown);
  const t0 = ts[0]!;
  const t1 = ts[ts.length - 1]!;
  let lo = initialCapital;
  let hi = initialCapital;
  for (const v of eq) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.01 || 1;
  const x = linearScale(t0, t1 === t0 ? t0 + 1 : t1, left, plotRight);
  const yEq = linearScale(lo - pad, hi + pad, eqBottom, eqTop);
  const maxDd = Math.max(...dd, 0);
  const yDd = linearScale(0, maxDd > 0 ? maxDd * 1.05 : 0.01, ddTop, ddBottom);

  const buckets = Math.max(1, Math.round(plotRight - left));
  const eqIdx = downsampleMinMax(ts, eq, buckets);
  const line = eqIdx.map((i, k) => `${k === 0 ? 'M' : 'L'}${px(x(ts[i]!))} ${px(yEq(eq[i]!))}`).join('');
  const ddIdx = downsampleMinMax(ts, dd, buckets);
  const area =
    `M${px(x(ts[ddIdx[0]!]!))} ${px(yDd(0))}` +
    ddIdx.map((i) => `L${px(x(ts[i]!))} ${px(yDd(dd[i]!))}`).join('') +
    `L${px(x(ts[ddIdx[ddIdx.length - 1]!]!))} ${px(yDd(0))}Z`;
  const capY = px(yEq(initialCapital));

  return [
    `<svg class="chart equity-chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="Equity and drawdown">`,
    `<text class="panel-title" x="${left}" y="${eqTop + 10}">Equity</text>`,
    valueAxis(niceTicks(lo - pad, hi + pad, 5), yEq, left, plotRight, compactNumber),
    timeAxis(t0, t1, x, eqTop, eqBottom, false),
    `<line class="capital-line" x1="${left}" x2="${plotRight}" y1="${capY}" y2="${capY}"/>`,
    `<path class="equity-line" d="${line}"/>`,
    `<text class="panel-title" x="${left}" y="${ddTop + 10}">Drawdown</text>`,
    valueAxis(niceTicks(0, maxDd > 0 ? maxDd * 1.05 : 0.01, 3), yDd, left, plotRight, (v) => `${v === 0 ? '' : '-'}${(v * 100).toFixed(maxDd < 0.02 ? 2 : 0)}%`),
    timeAxis(t0, t1, x, ddTop, ddBottom, true),
    `<path class="drawdown-area" d="${area}"/>`,
    '</svg>',
  ].join('');
}
