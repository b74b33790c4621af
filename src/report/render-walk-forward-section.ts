// The walk-forward part of a report: the out-of-sample record stitched from the test
// windows (metrics and equity), the efficiency ratio, and per window what was chosen
// in sample and how it did out of sample. An HTML fragment for renderReportHtml.
import type { WalkForwardResult } from '../engine/walk-forward/walk-forward-result';
import { escapeHtml } from './escape-html';
import { formatMetric, formatMoney, formatPct, metricLabel } from './format-metric';
import { renderEquityChartSvg } from './render-equity-chart-svg';
import { renderMetricsTable } from './render-metrics-table';

function day(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : 'n/a';
}

function camel(name: string): string {
  return name.trim().replace(/^metrics\./, '').replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

export function renderWalkForwardSection(wf: WalkForwardResult): string {
  const key = camel(wf.objective);
  const obj = (v: number): string => escapeHtml(formatMetric(key, v));
  const efficiency = Number.isFinite(wf.efficiency) ? wf.efficiency.toFixed(2) : 'n/a';
  const summary = [
    ['Objective', `${metricLabel(key)} (${wf.direction})`],
    ['Windows', `${wf.windows.length} ${wf.anchored ? 'anchored' : 'rolling'}`],
    ['Walk-forward efficiency', efficiency],
    ['Mean in-sample objective', formatMetric(key, wf.meanInSampleObjective)],
    ['Mean out-of-sample objective', formatMetric(key, wf.meanOutOfSampleObjective)],
    ['Out-of-sample return', formatPct(wf.finalEquity / wf.initialCapital - 1)],
    ['Final equity', formatMoney(wf.finalEquity)],
  ]
    .map(([k, v]) => `<tr><th>${escapeHtml(k!)}</th><td class="num" data-wf="${escapeHtml(k!)}">${escapeHtml(v!)}</td></tr>`)
    .join('');
  const rows = wf.windows
    .map((w, i) => {
      const params = Object.entries(w.params)
        .map(([p, v]) => `${p} = ${String(v)}`)
        .join(', ');
      return (
        `<tr class="wf-window" data-window="${i + 1}"><td class="num">${i + 1}</td>` +
        `<td>${day(w.window.trainStartTime)} → ${day(w.window.trainEndTime - 1)}</td><td>${day(w.window.testStartTime)} → ${day(w.window.testEndTime - 1)}</td>` +
        `<td>${escapeHtml(params)}</td><td class="num">${obj(w.inSample.objective)}</td><td class="num">${obj(w.outOfSample.objective)}</td>` +
        `<td class="num">${formatPct(w.inSample.annualizedReturn)}</td><td class="num">${formatPct(w.outOfSample.annualizedReturn)}</td>` +
        `<td class="num">${formatMoney(w.outOfSample.startCapital)} → ${formatMoney(w.outOfSample.endCapital)}</td>` +
        `<td class="num">${w.failedPoints}/${w.gridSize}</td></tr>`
      );
    })
    .join('');
  const head = ['#', 'Train', 'Test', 'Chosen parameters', 'IS objective', 'OOS objective', 'IS ann. return', 'OOS ann. return', 'OOS capital', 'Failed'];
  const warnings = wf.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('');
  return [
    '<section class="walk-forward" id="walk-forward">',
    '<h2>Walk-forward validation</h2>',
    `<table class="card wf-summary"><tbody>${summary}</tbody></table>`,
    warnings ? `<ul class="warn">${warnings}</ul>` : '',
    '<p class="sub">Efficiency = mean out-of-sample annualized return / mean in-sample annualized return over the windows. Out-of-sample windows are chained: each starts with the capital the previous one ended with.</p>',
    '<h3>Out-of-sample equity (stitched)</h3>',
    `<div class="card">${renderEquityChartSvg(wf.oosEquityCurve, wf.initialCapital)}</div>`,
    '<h3>Windows</h3>',
    `<div class="card" style="overflow:auto"><table class="trades wf-windows"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div>`,
    '<h3>Out-of-sample metrics</h3>',
    renderMetricsTable(wf.oosMetrics),
    '</section>',
  ].join('');
}
