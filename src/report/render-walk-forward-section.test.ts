import { describe, expect, it } from 'vitest';
import { runBacktestSync } from '../engine/run-backtest';
import { dataset } from '../engine/testing/backtest-fixtures';
import { runWalkForward } from '../engine/walk-forward/run-walk-forward';
import { holdStrategies, walkForwardBars, walkForwardConfig } from '../engine/walk-forward/walk-forward-fixtures';
import { REPORT_TRACE_OVERRIDE } from './build-report-html';
import { renderReportHtml } from './render-report-html';
import { renderWalkForwardSection } from './render-walk-forward-section';

describe('renderWalkForwardSection', () => {
  it('shows each window with its chosen parameters, IS/OOS objective, the efficiency and the stitched curve', async () => {
    const data = dataset(walkForwardBars('<b>AAA</b>'));
    const wf = await runWalkForward(walkForwardConfig(false), data, { strategies: holdStrategies });
    const html = renderWalkForwardSection(wf);
    const rows = html.match(/<tr class="wf-window"[^]*?<\/tr>/g) ?? [];
    expect(rows).toHaveLength(3);
    // Window 1: trained on Jan 1–4 (100→106: long), tested Jan 5–6 (108→110: +20 on 100 000).
    expect(rows[0]).toContain('2024-01-01 → 2024-01-04');
    expect(rows[0]).toContain('2024-01-05 → 2024-01-06');
    expect(rows[0]).toContain('hold_1.params.mode = long');
    expect(rows[0]).toContain('>0.06 %</td>'); // in-sample total return 60 / 100 000
    expect(rows[0]).toContain('>0.02 %</td>'); // out-of-sample 20 / 100 000
    expect(rows[0]).toContain('100,000.00 → 100,020.00');
    expect(rows[2]).toContain('hold_1.params.mode = flat');
    expect(html).toContain(`data-wf="Walk-forward efficiency">${wf.efficiency.toFixed(2)}</td>`);
    expect(html).toContain('data-wf="Final equity">99,970.00</td>');
    expect(html).toMatch(/<path class="equity-line" d="M[^"]+"/);
    expect(html).toContain('<tr data-metric="total_return">');
  });

  it('joins the backtest report, linked from the top, escaping everything', async () => {
    const config = walkForwardConfig(false, '<img src=x onerror=alert(1)>');
    const data = dataset(walkForwardBars());
    const wf = await runWalkForward(config, data, { strategies: holdStrategies });
    const result = runBacktestSync(config, data, { strategies: holdStrategies, traceOverride: REPORT_TRACE_OVERRIDE });
    const html = renderReportHtml({ result, dataset: data, walkForward: wf });
    expect(html).toContain('<a href="#walk-forward">Walk-forward</a>');
    expect(html).toContain('<section class="walk-forward" id="walk-forward">');
    expect(html).not.toContain('<img');
  });
});
