// The price of one symbol as an inline SVG with every trade on it: ▲ long entries,
// ▼ short entries, ● exits, a dashed link coloured by the trade's result, and a
// native tooltip (<title>) per marker — no script needed to read a trade.
import type { ClosedTrade } from '../core/metrics-snapshot';
import { linearScale, niceTicks, px } from './chart-scale';
import { downsampleMinMax } from './downsample-min-max';
import { escapeHtml } from './escape-html';
import { formatMoney, formatPct } from './format-metric';
import { DEFAULT_FRAME, compactNumber, timeAxis, valueAxis, type ChartFrame } from './render-equity-chart-svg';

export interface PriceSeries {
  symbol: string;
  timestamps: readonly number[];
  closes: readonly number[];
}

function isoTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function renderPriceChartSvg(series: PriceSeries, trades: readonly ClosedTrade[], frame: ChartFrame = DEFAULT_FRAME): string {
  const { timestamps: ts, closes } = series;
  if (ts.length === 0) return `<p class="empty">No bars for ${escapeHtml(series.symbol)}.</p>`;
  const { width, left, right } = frame;
  const plotRight = width - right;
  const top = 10;
  const bottom = 250;
  const height = bottom + 24;
  const t0 = ts[0]!;
  const t1 = ts[ts.length - 1]!;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of closes) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  for (const t of trades) {
    lo = Math.min(lo, t.entryPrice, t.exitPrice);
    hi = Math.max(hi, t.entryPrice, t.exitPrice);
  }
  const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.01 || 1;
  const x = linearScale(t0, t1 === t0 ? t0 + 1 : t1, left, plotRight);
  const y = linearScale(lo - pad, hi + pad, bottom, top);
  const idx = downsampleMinMax(ts, closes, Math.max(1, Math.round(plotRight - left)));
  const line = idx.map((i, k) => `${k === 0 ? 'M' : 'L'}${px(x(ts[i]!))} ${px(y(closes[i]!))}`).join('');

  const markers: string[] = [];
  trades.forEach((t, n) => {
    const ex = px(x(t.entryTime));
    const ey = y(t.entryPrice);
    const xx = px(x(t.exitTime));
    const xy = px(y(t.exitPrice));
    const result = t.pnl > 0 ? 'win' : t.pnl < 0 ? 'loss' : 'even';
    const tip = escapeHtml(
      `#${n + 1} ${t.side} ${t.quantity} ${t.symbol}: ${isoTime(t.entryTime)} @ ${t.entryPrice.toFixed(4)} → ${isoTime(t.exitTime)} @ ${t.exitPrice.toFixed(4)}, pnl ${formatMoney(t.pnl)} (${formatPct(t.returnPct)}), ${t.reason}`,
    );
    const tri = t.side === 'long' ? `M${ex} ${px(ey - 1)}l-5 9h10z` : `M${ex} ${px(ey + 1)}l-5 -9h10z`;
    markers.push(
      `<g class="trade" data-trade="${n + 1}"><line class="trade-link ${result}" x1="${ex}" y1="${px(ey)}" x2="${xx}" y2="${xy}"/>` +
        `<path class="trade-marker entry ${t.side}" d="${tri}"><title>${tip}</title></path>` +
        `<circle class="trade-marker exit ${result}" cx="${xx}" cy="${xy}" r="3.5"><title>${tip}</title></circle></g>`,
    );
  });

  return [
    `<svg class="chart price-chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="${escapeHtml(`Price of ${series.symbol} with trades`)}">`,
    `<text class="panel-title" x="${left}" y="${top + 10}">${escapeHtml(series.symbol)} close</text>`,
    valueAxis(niceTicks(lo - pad, hi + pad, 5), y, left, plotRight, compactNumber),
    timeAxis(t0, t1, x, top, bottom, true),
    `<path class="price-line" d="${line}"/>`,
    markers.join(''),
    '</svg>',
  ].join('');
}
