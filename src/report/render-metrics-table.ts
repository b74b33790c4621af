// The metrics table of a report: every numeric metric of a snapshot, grouped the way
// a trader scans them, each cell with its display text and its raw value (data-value).
import type { MetricsSnapshot } from '../core/metrics-snapshot';
import { toSnakeCase } from '../core/metrics-to-json';
import { escapeHtml } from './escape-html';
import { formatMetric, metricLabel } from './format-metric';

/** The metrics table's sections, in reading order; anything else lands in "Other". */
export const METRIC_GROUPS: readonly { title: string; keys: readonly string[] }[] = [
  { title: 'Returns', keys: ['totalReturn', 'cagr', 'annualizedReturn', 'annualizedVolatility', 'buyAndHoldReturn', 'totalPnl', 'initialCapital', 'finalEquity', 'exposure'] },
  { title: 'Risk-adjusted', keys: ['sharpeRatio', 'sortinoRatio', 'calmarRatio', 'sqn', 'kellyCriterion', 'profitFactor'] },
  {
    title: 'Drawdown and run-up',
    keys: ['maxDrawdown', 'maxDrawdownDuration', 'maxDrawdownBars', 'avgDrawdown', 'avgDrawdownDuration', 'avgDrawdownBars', 'drawdownEpisodes', 'maxRunUp'],
  },
  {
    title: 'Trades',
    keys: [
      'totalTrades', 'winningTrades', 'losingTrades', 'winRate', 'grossProfit', 'grossLoss', 'expectancy', 'avgTradePnl', 'avgTradePct', 'avgWin', 'avgLoss',
      'largestWin', 'largestLoss', 'bestTrade', 'worstTrade', 'bestTradePct', 'worstTradePct', 'avgTradeBars', 'maxTradeBars', 'avgTradeDuration',
      'maxTradeDuration', 'maxConsecutiveWins', 'maxConsecutiveLosses', 'commissionsPaid',
    ],
  },
  { title: 'Long / short', keys: ['longTrades', 'longWinRate', 'longPnl', 'shortTrades', 'shortWinRate', 'shortPnl'] },
];

function metricRow(key: string, value: number): string {
  const snake = toSnakeCase(key);
  const raw = Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return `<tr data-metric="${escapeHtml(snake)}"><th title="${escapeHtml(snake)}">${escapeHtml(metricLabel(key))}</th><td class="num" data-value="${raw}">${escapeHtml(formatMetric(key, value))}</td></tr>`;
}

/** Every numeric metric of the snapshot, grouped; keys the groups do not name go to "Other". */
export function renderMetricsTable(metrics: MetricsSnapshot): string {
  const numeric = Object.keys(metrics).filter((k) => typeof metrics[k] === 'number');
  const placed = new Set<string>();
  const tables: string[] = [];
  for (const g of METRIC_GROUPS) {
    const keys = g.keys.filter((k) => numeric.includes(k));
    keys.forEach((k) => placed.add(k));
    if (keys.length > 0) tables.push(`<table class="card"><caption>${escapeHtml(g.title)}</caption><tbody>${keys.map((k) => metricRow(k, metrics[k]!)).join('')}</tbody></table>`);
  }
  const rest = numeric.filter((k) => !placed.has(k));
  if (rest.length > 0) tables.push(`<table class="card"><caption>Other</caption><tbody>${rest.map((k) => metricRow(k, metrics[k]!)).join('')}</tbody></table>`);
  return `<div class="metrics">${tables.join('')}</div>`;
}

