import { describe, expect, it } from 'vitest';
import { metricsToJson, toSnakeCase } from '../core/metrics-to-json';
import { runBacktestSync } from '../engine/run-backtest';
import { barsFrom, dataset, portfolioContainer, strategyContainer, studioConfig, testStrategies } from '../engine/testing/backtest-fixtures';
import { REPORT_TRACE_OVERRIDE } from './build-report-html';
import { formatMetric } from './format-metric';
import { renderReportHtml } from './render-report-html';

// A hostile symbol and config name, as they may come from a user's CSV and YAML.
const SYMBOL = '<i>AAA</i>';
const NAME = '</title><script>alert("pwned")</script>';
const closes = [100, 102, 104, 106, 104, 103, 108, 110];

function run() {
  const bars = barsFrom(SYMBOL, closes.map((c) => [c, c + 1, c - 1, c] as const));
  const data = dataset(bars);
  const config = studioConfig(
    [strategyContainer('s_1', 'scripted', { script: { [SYMBOL]: { 0: 'long', 3: 'flat', 5: 'long' } } }), portfolioContainer('portfolio_1', ['s_1'])],
    { name: NAME, execution: { commissionPerTrade: 1 } },
  );
  const result = runBacktestSync(config, data, { strategies: testStrategies, traceOverride: REPORT_TRACE_OVERRIDE });
  return { result, data, html: renderReportHtml({ result, dataset: data, subtitle: 'study.yaml' }) };
}

/** The text inside the element that opens with `open` (no nesting of the same tag inside). */
function block(html: string, open: string, close: string): string {
  const at = html.indexOf(open);
  expect(at, `${open} in the report`).toBeGreaterThanOrEqual(0);
  return html.slice(at, html.indexOf(close, at) + close.length);
}

describe('renderReportHtml', () => {
  it('shows every metric, formatted, with its raw value', () => {
    const { result, html } = run();
    const m = result.containers.portfolio_1!.metrics!;
    // Two long round trips of 10 units: 102 → 104 and 108 → 110 (end of data), $1 per fill.
    expect(m.totalTrades).toBe(2);
    expect(m.totalPnl).toBeCloseTo(36, 10);
    const keys = Object.keys(m);
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) {
      const row = block(html, `<tr data-metric="${toSnakeCase(key)}">`, '</tr>');
      expect(row).toContain(`>${formatMetric(key, m[key]!)}</td>`);
    }
    expect(block(html, '<tr data-metric="total_pnl">', '</tr>')).toContain('>36.00</td>');
    expect(block(html, '<tr data-metric="commissions_paid">', '</tr>')).toContain('>4.00</td>');
    expect(block(html, '<tr data-metric="win_rate">', '</tr>')).toContain('>100.00 %</td>');
    expect(block(html, '<tr data-metric="profit_factor">', '</tr>')).toContain('data-value="Infinity">∞</td>');
  });

  it('lists one row per trade, in order', () => {
    const { result, html } = run();
    const trades = result.containers.portfolio_1!.trades;
    const rows = html.match(/<tr class="trade-row"[^>]*>/g) ?? [];
    expect(rows).toHaveLength(2);
    rows.forEach((r, i) => expect(r).toContain(`data-trade-id="${trades[i]!.id}"`));
    const first = block(html, '<tr class="trade-row" id="c1-trade-1"', '</tr>');
    expect(first).toContain('>102.0000</td>');
    expect(first).toContain('>104.0000</td>');
    expect(first).toContain('>18.00</td>'); // 20 gross − 2 commissions
    expect(block(html, '<tr class="trade-row" id="c1-trade-2"', '</tr>')).toContain('>end_of_data</td>');
  });

  it("shows each trade's chain of events in sequence order", () => {
    const { result, html } = run();
    const trades = result.containers.portfolio_1!.trades;
    const all = Object.values(result.containers).flatMap((c) => c.events);
    trades.forEach((t, i) => {
      const chain = block(html, `<details class="chain" id="c1-chain-${i + 1}"`, '</details>');
      const types = [...chain.matchAll(/data-type="([A-Z_]+)"/g)].map((x) => x[1]);
      const seqs = [...chain.matchAll(/data-seq="(\d+)"/g)].map((x) => Number(x[1]));
      const expected = [...new Map(all.filter((e) => e.correlationId === t.id).map((e) => [e.eventId, e])).values()].sort((a, b) => a.sequence! - b.sequence!);
      expect(seqs).toEqual(expected.map((e) => e.sequence));
      expect(types).toEqual(expected.map((e) => e.type));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    });
    const firstTypes = [...block(html, '<details class="chain" id="c1-chain-1"', '</details>').matchAll(/data-type="([A-Z_]+)"/g)].map((x) => x[1]);
    expect(firstTypes).toEqual(['SIGNAL', 'ORDER_REQUEST', 'ORDER', 'FILL', 'POSITION_OPEN', 'SIGNAL', 'ORDER_REQUEST', 'ORDER', 'FILL', 'POSITION_CLOSE']);
  });

  it('draws the equity, drawdown and price charts as inline SVG with trade markers', () => {
    const { html } = run();
    const d = (cls: string) => new RegExp(`<path class="${cls}" d="(M[^"]+)"`).exec(html)?.[1] ?? '';
    // One point per bar: M + 7 × L.
    expect(d('equity-line').match(/[ML]/g)).toHaveLength(8);
    expect(d('drawdown-area')).toMatch(/Z$/);
    expect(d('price-line').match(/[ML]/g)).toHaveLength(8);
    expect(html.match(/class="trade-marker entry long"/g)).toHaveLength(2);
    expect(html.match(/class="trade-marker exit/g)).toHaveLength(2);
  });

  it('is self-contained: no external URL, escaped user strings, metrics as inline JSON', () => {
    const { result, html } = run();
    // The only 'http' is the CSP's http-equiv, which forbids every fetch.
    expect(html.replace(`<meta http-equiv="Content-Security-Policy"`, '')).not.toMatch(/http/i);
    expect(html).not.toMatch(/src=|href="(?!#)/);
    expect(html).toContain("default-src 'none'");
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<i>AAA</i>');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;i&gt;AAA&lt;/i&gt;');
    const json = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json) as { configName: string; containers: Record<string, { metrics: unknown }> };
    expect(data.configName).toBe(NAME);
    expect(data.containers.portfolio_1!.metrics).toEqual(metricsToJson(result.containers.portfolio_1!.metrics!));
  });

  it('renders the same bytes for the same run, and says when chains were not traced', () => {
    expect(run().html).toBe(run().html);
    const { result, data } = run();
    const untraced = { ...result, containers: Object.fromEntries(Object.entries(result.containers).map(([k, c]) => [k, { ...c, events: [] }])) };
    const html = renderReportHtml({ result: untraced, dataset: data });
    expect(html).toContain('No events were traced for this trade');
    // Without a dataset the price chart comes from the traced BAR events.
    expect(renderReportHtml({ result }).match(/<path class="price-line" d="M[^"]+"/)).not.toBeNull();
  });
});
