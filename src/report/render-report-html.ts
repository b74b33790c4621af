// A backtest as ONE self-contained HTML file: metrics table, equity/drawdown and price
// charts as inline SVG, the trade list and every trade's event chain, plus the metrics
// as inline JSON. Pure string building (no DOM), so the browser and Node render the
// same bytes; a Content-Security-Policy of default-src 'none' guarantees it never
// touches the network. Every user-supplied string is escaped.
import type { TradingEvent } from '../core/events';
import type { ClosedTrade } from '../core/metrics-snapshot';
import { metricsToJson } from '../core/metrics-to-json';
import type { BacktestResult, ContainerResult } from '../engine/backtest-result';
import type { Dataset } from '../engine/bar';
import type { WalkForwardResult } from '../engine/walk-forward/walk-forward-result';
import { describeEvent } from './describe-event';
import { escapeHtml } from './escape-html';
import { formatDuration, formatMoney, formatPct } from './format-metric';
import { jsonForScript } from './json-for-script';
import { renderEquityChartSvg } from './render-equity-chart-svg';
import { renderMetricsTable } from './render-metrics-table';
import { renderPriceChartSvg, type PriceSeries } from './render-price-chart-svg';
import { renderWalkForwardSection } from './render-walk-forward-section';
import { collectRunEvents, tradeChainEvents } from './trade-chain-events';

export interface ReportInput {
  /** The run; for trade chains, produced with traceOverride {retentionPolicy: 'full', eventsToTrace: 'ALL'}. */
  result: BacktestResult;
  /** Bars for the price charts; without it they come from the run's traced BAR events. */
  dataset?: Dataset;
  /** A line under the title (e.g. the config file), shown escaped. */
  subtitle?: string;
  /** Symbols charted per portfolio (default 6): a 500-symbol universe would bury the report. */
  maxPriceCharts?: number;
  /** A walk-forward validation of the same config, shown after the portfolios. */
  walkForward?: WalkForwardResult;
}

const STYLE = `
:root{--fg:#0f172a;--muted:#64748b;--line:#e2e8f0;--bg:#fff;--accent:#2563eb;--win:#16a34a;--loss:#dc2626}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#f8fafc}
main{max-width:1120px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:20px 0 8px}.sub,.meta{color:var(--muted);overflow-wrap:anywhere}.meta span{margin-right:16px;display:inline-block}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:12px;margin:12px 0}
.metrics{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px;align-items:start}
table{border-collapse:collapse;width:100%}th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.metrics caption{text-align:left;font-weight:600;padding:4px 8px}
.trades{font-size:12.5px}.trades th{cursor:pointer;user-select:none;position:sticky;top:0;background:var(--bg)}.trades tbody tr:hover{background:#f1f5f9}
.pos{color:var(--win)}.neg{color:var(--loss)}.chart{width:100%;height:auto;display:block}
.chart .grid{stroke:#eef2f7;stroke-width:1}.chart .axis{font-size:10.5px;fill:var(--muted)}.chart .panel-title{font-size:11px;font-weight:600;fill:var(--fg)}
.equity-line{fill:none;stroke:var(--accent);stroke-width:1.5}.price-line{fill:none;stroke:#334155;stroke-width:1.2}
.capital-line{stroke:#94a3b8;stroke-dasharray:4 3}.drawdown-area{fill:rgba(220,38,38,.25);stroke:var(--loss);stroke-width:1}
.trade-marker.entry.long{fill:var(--win)}.trade-marker.entry.short{fill:var(--loss)}.trade-marker.exit{fill:#fff;stroke:#334155;stroke-width:1.5}
.trade-link{stroke-width:1;stroke-dasharray:3 2}.trade-link.win{stroke:var(--win)}.trade-link.loss{stroke:var(--loss)}.trade-link.even{stroke:var(--muted)}
details.chain{border-bottom:1px solid var(--line);padding:4px 0}details.chain summary{cursor:pointer}
ol.chain-events{margin:6px 0 8px;padding-left:24px;font-size:12.5px}.chain-event .type{font-weight:600;display:inline-block;min-width:128px}
.chain-event .seq,.chain-event time,.chain-event .src{color:var(--muted);margin-right:8px}.warn{color:#b45309}.empty{color:var(--muted)}
button{font:inherit;padding:2px 10px;margin:0 0 8px}@media print{.trades th{position:static}details.chain{break-inside:avoid}}
`;

// Sorts the trade table by a clicked column, and opens/closes every chain. No network, no eval.
const SCRIPT = `
(function(){
  document.querySelectorAll('table.trades').forEach(function(table){
    table.querySelectorAll('th').forEach(function(th, col){
      th.addEventListener('click', function(){
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var dir = th.getAttribute('data-dir') === 'asc' ? -1 : 1;
        table.querySelectorAll('th').forEach(function(h){ h.removeAttribute('data-dir'); });
        th.setAttribute('data-dir', dir === 1 ? 'asc' : 'desc');
        rows.sort(function(a, b){
          var x = a.cells[col].getAttribute('data-sort') || a.cells[col].textContent;
          var y = b.cells[col].getAttribute('data-sort') || b.cells[col].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          if (!isNaN(nx) && !isNaN(ny)) return (nx - ny) * dir;
          return x < y ? -dir : x > y ? dir : 0;
        });
        rows.forEach(function(r){ body.appendChild(r); });
      });
    });
  });
  document.querySelectorAll('button.toggle-chains').forEach(function(btn){
    btn.addEventListener('click', function(){
      var box = btn.parentNode;
      var open = btn.getAttribute('data-open') !== 'true';
      box.querySelectorAll('details.chain').forEach(function(d){ d.open = open; });
      btn.setAttribute('data-open', String(open));
      btn.textContent = open ? 'Collapse all chains' : 'Expand all chains';
    });
  });
})();
`;

function isoTime(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function signClass(v: number): string {
  return v > 0 ? 'pos' : v < 0 ? 'neg' : '';
}

const TRADE_COLUMNS = ['#', 'Symbol', 'Side', 'Qty', 'Entry time', 'Entry', 'Exit time', 'Exit', 'PnL', 'Return', 'Bars', 'Held', 'Commission', 'Reason'];

function renderTradeTable(trades: readonly ClosedTrade[], anchor: string): string {
  if (trades.length === 0) return '<p class="empty">No closed trades.</p>';
  const head = TRADE_COLUMNS.map((c, i) => `<th class="${i === 0 || i === 3 || i === 5 || i >= 7 ? 'num' : ''}">${escapeHtml(c)}</th>`).join('');
  const rows = trades.map((t, i) => {
    const n = i + 1;
    const cells = [
      `<td class="num" data-sort="${n}"><a href="#${anchor}-chain-${n}">${n}</a></td>`,
      `<td>${escapeHtml(t.symbol)}</td>`,
      `<td>${escapeHtml(t.side)}</td>`,
      `<td class="num" data-sort="${t.quantity}">${escapeHtml(String(t.quantity))}</td>`,
      `<td data-sort="${t.entryTime}">${isoTime(t.entryTime)}</td>`,
      `<td class="num" data-sort="${t.entryPrice}">${t.entryPrice.toFixed(4)}</td>`,
      `<td data-sort="${t.exitTime}">${isoTime(t.exitTime)}</td>`,
      `<td class="num" data-sort="${t.exitPrice}">${t.exitPrice.toFixed(4)}</td>`,
      `<td class="num ${signClass(t.pnl)}" data-sort="${t.pnl}">${formatMoney(t.pnl)}</td>`,
      `<td class="num ${signClass(t.returnPct)}" data-sort="${t.returnPct}">${formatPct(t.returnPct)}</td>`,
      `<td class="num" data-sort="${t.barsHeld ?? ''}">${t.barsHeld ?? ''}</td>`,
      `<td class="num" data-sort="${t.exitTime - t.entryTime}">${formatDuration(t.exitTime - t.entryTime)}</td>`,
      `<td class="num" data-sort="${t.commission}">${formatMoney(t.commission)}</td>`,
      `<td>${escapeHtml(t.reason)}</td>`,
    ];
    return `<tr class="trade-row" id="${anchor}-trade-${n}" data-trade-id="${escapeHtml(t.id)}">${cells.join('')}</tr>`;
  });
  return `<div class="card" style="max-height:520px;overflow:auto"><table class="trades"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function renderChains(trades: readonly ClosedTrade[], chains: Map<string, TradingEvent[]>, anchor: string): string {
  if (trades.length === 0) return '';
  const items = trades.map((t, i) => {
    const n = i + 1;
    const events = chains.get(t.id) ?? [];
    const body =
      events.length === 0
        ? '<p class="empty">No events were traced for this trade: the run kept no events of it (render from a run with full tracing).</p>'
        : `<ol class="chain-events">${events
            .map(
              (e) =>
                `<li class="chain-event" data-type="${escapeHtml(e.type)}" data-seq="${e.sequence ?? ''}" data-event-id="${escapeHtml(e.eventId)}"><span class="seq">#${e.sequence ?? ''}</span><time>${isoTime(e.timestamp)}</time><span class="type">${escapeHtml(e.type)}</span><span class="src">${escapeHtml(e.sourceId)}</span><span class="desc">${escapeHtml(describeEvent(e))}</span></li>`,
            )
            .join('')}</ol>`;
    const summary = `#${n} · ${t.side} ${t.quantity} ${t.symbol} · ${isoTime(t.entryTime)} → ${isoTime(t.exitTime)} · pnl ${formatMoney(t.pnl)} · ${events.length} events`;
    return `<details class="chain" id="${anchor}-chain-${n}" data-trade-id="${escapeHtml(t.id)}"><summary>${escapeHtml(summary)}</summary>${body}</details>`;
  });
  return `<div class="card chains"><button type="button" class="toggle-chains">Expand all chains</button>${items.join('')}</div>`;
}

/** Close series per symbol: from the dataset (its finest series per symbol) or the run's BAR events. */
function priceSeries(input: ReportInput, events: () => TradingEvent[]): Map<string, PriceSeries> {
  const out = new Map<string, PriceSeries>();
  if (input.dataset !== undefined) {
    for (const s of input.dataset.series) {
      const have = out.get(s.symbol);
      if (have !== undefined && have.timestamps.length >= s.time.length) continue;
      out.set(s.symbol, { symbol: s.symbol, timestamps: Array.from(s.time), closes: Array.from(s.close) });
    }
    return out;
  }
  const acc = new Map<string, { timestamps: number[]; closes: number[] }>();
  for (const e of events()) {
    if (e.type !== 'BAR') continue;
    const p = e.payload as unknown as { symbol: string; close: number };
    let a = acc.get(p.symbol);
    if (a === undefined) acc.set(p.symbol, (a = { timestamps: [], closes: [] }));
    if (a.timestamps.length === 0 || e.timestamp > a.timestamps[a.timestamps.length - 1]!) {
      a.timestamps.push(e.timestamp);
      a.closes.push(p.close);
    }
  }
  for (const [symbol, a] of acc) out.set(symbol, { symbol, ...a });
  return out;
}

function renderContainer(c: ContainerResult, index: number, prices: Map<string, PriceSeries>, chains: Map<string, TradingEvent[]>, maxCharts: number): string {
  const anchor = `c${index + 1}`;
  const metrics = c.metrics!;
  const symbols: string[] = [];
  for (const t of c.trades) if (!symbols.includes(t.symbol)) symbols.push(t.symbol);
  if (symbols.length === 0 && prices.size > 0) symbols.push([...prices.keys()][0]!);
  const charted = symbols.slice(0, maxCharts);
  const priceCharts = charted
    .map((s) => {
      const series = prices.get(s);
      return series === undefined ? '' : `<div class="card">${renderPriceChartSvg(series, c.trades.filter((t) => t.symbol === s))}</div>`;
    })
    .join('');
  const more = symbols.length > charted.length ? `<p class="empty">${symbols.length - charted.length} more traded symbol(s) not charted.</p>` : '';
  const initial = typeof metrics.initialCapital === 'number' ? metrics.initialCapital : (c.equityCurve?.[0]?.equity ?? 0);
  return [
    `<section class="container" id="${anchor}" data-container-id="${escapeHtml(c.containerId)}">`,
    `<h2>${escapeHtml(c.containerId)}</h2>`,
    '<h3>Metrics</h3>',
    renderMetricsTable(metrics),
    '<h3>Equity and drawdown</h3>',
    `<div class="card">${c.equityCurve !== undefined ? renderEquityChartSvg(c.equityCurve, initial) : '<p class="empty">The equity curve was not stored (store_equity_curve: false).</p>'}</div>`,
    '<h3>Price and trades</h3>',
    priceCharts || '<p class="empty">No price data.</p>',
    more,
    `<h3>Trades (${c.trades.length})</h3>`,
    renderTradeTable(c.trades, anchor),
    c.trades.length > 0 ? '<h3>Trade chains</h3>' : '',
    renderChains(c.trades, chains, anchor),
    '</section>',
  ].join('');
}

/** The whole report as an HTML document string. */
export function renderReportHtml(input: ReportInput): string {
  const r = input.result;
  let all: TradingEvent[] | undefined;
  const events = (): TradingEvent[] => (all ??= collectRunEvents(r));
  const portfolios = r.containerIds.map((id) => r.containers[id]!).filter((c) => c.metrics !== undefined);
  const tradeIds = portfolios.flatMap((c) => c.trades.map((t) => t.id));
  const chains = tradeIds.length > 0 ? tradeChainEvents(events(), tradeIds) : new Map<string, TradingEvent[]>();
  const prices = priceSeries(input, events);
  const data = {
    runId: r.runId,
    configName: r.configName,
    datasetId: r.datasetId,
    startTime: r.startTime,
    endTime: r.endTime,
    barsProcessed: r.barsProcessed,
    containers: Object.fromEntries(portfolios.map((c) => [c.containerId, { metrics: metricsToJson(c.metrics!), trades: c.trades.length }])),
  };
  const title = `${r.configName} — backtest report`;
  const dataset = input.dataset !== undefined ? `${input.dataset.name} (${input.dataset.source})` : r.datasetId;
  const meta = [
    ['Run', r.runId],
    ['Data', dataset],
    ['Period', `${isoTime(r.startTime)} → ${isoTime(r.endTime)}`],
    ['Bars', String(r.barsProcessed)],
    ['Events', String(r.eventsPublished)],
  ]
    .map(([k, v]) => `<span><b>${escapeHtml(k!)}:</b> ${escapeHtml(v!)}</span>`)
    .join('');
  const warnings = (r.warnings ?? []).map((w) => `<li>${escapeHtml(w)}</li>`).join('');
  const links = portfolios.map((c, i) => `<a href="#c${i + 1}">${escapeHtml(c.containerId)}</a>`);
  if (input.walkForward !== undefined) links.push('<a href="#walk-forward">Walk-forward</a>');
  const nav = links.length > 1 ? `<p>${links.join(' · ')}</p>` : '';
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body><main>',
    `<h1>${escapeHtml(r.configName)}</h1>`,
    input.subtitle !== undefined ? `<p class="sub">${escapeHtml(input.subtitle)}</p>` : '',
    `<p class="meta">${meta}</p>`,
    warnings ? `<ul class="warn">${warnings}</ul>` : '',
    nav,
    portfolios.length === 0 ? '<p class="empty">This run has no portfolio container, so there are no metrics or trades.</p>' : '',
    portfolios.map((c, i) => renderContainer(c, i, prices, chains, input.maxPriceCharts ?? 6)).join(''),
    input.walkForward !== undefined ? renderWalkForwardSection(input.walkForward) : '',
    `<script type="application/json" id="report-data">${jsonForScript(data)}</script>`,
    `<script>${SCRIPT}</script>`,
    '</main></body></html>',
  ].join('\n');
}
