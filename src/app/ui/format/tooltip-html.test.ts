import { describe, expect, it } from 'vitest';
import type { ClosedTrade } from '../../../core/metrics-snapshot';
import { chartColors } from '../charts/chart-colors';
import { buildRunChartOption } from '../charts/build-run-chart-option';
import { buildWindowsChartOption } from '../walk-forward/build-windows-chart-option';
import { buildOosChartOption } from '../walk-forward/build-oos-chart-option';
import type { WalkForwardResult, WalkForwardWindowResult } from '../../../engine/walk-forward/walk-forward-result';
import type { MetricsSnapshot } from '../../../core/metrics-snapshot';
import { heatmapTooltipHtml } from './heatmap-tooltip-html';
import { tradeLifetimeTooltipHtml } from './trade-tooltip-html';

// A name that runs script if any formatter inserts it raw.
const HOSTILE = `<img src=x onerror="window.__pwned=1">`;
const SCRIPT = '</script><script>window.__pwned=2</script>';

/** The tags a tooltip string holds: only the formatter's own markup may be there. */
function tags(s: string): string[] {
  return (s.match(/<[^>]*>/g) ?? []).map((t) => t.toLowerCase());
}
const SAFE_TAGS = new Set(['<b>', '</b>', '<br/>']);
function expectNoInjectedMarkup(s: string): void {
  for (const t of tags(s)) expect(SAFE_TAGS.has(t), `unexpected markup ${t} in ${s}`).toBe(true);
  expect(s).not.toContain('<img');
  expect(s).not.toContain('<script');
}

const trade: ClosedTrade = {
  id: 't1',
  containerId: 'portfolio_1',
  symbol: HOSTILE,
  side: 'long',
  quantity: 10,
  entryPrice: 100,
  exitPrice: 110,
  entryTime: Date.UTC(2020, 0, 2),
  exitTime: Date.UTC(2020, 0, 9),
  pnl: 99,
  returnPct: 0.099,
  commission: 1,
  reason: SCRIPT,
};

describe('tooltip formatters escape what the user brought', () => {
  it('sweep heatmap: a hostile parameter path and string value', () => {
    const out = heatmapTooltipHtml({ [`strategy_1.params.${HOSTILE}`]: SCRIPT, 'strategy_1.params.lookback': 20 }, 'Sharpe <ratio>', '1.20');
    expectNoInjectedMarkup(out);
    expect(out).toContain('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
    expect(out).toContain('strategy_1.params.lookback = 20');
    expect(out).toContain('<b>Sharpe &lt;ratio&gt;: 1.20</b>');
  });

  it('trade lifetimes: a hostile CSV symbol', () => {
    const out = tradeLifetimeTooltipHtml(trade);
    expectNoInjectedMarkup(out);
    expect(out).toContain('<b>long &lt;img');
  });

  it('overview price chart: trade markers with a hostile symbol and exit reason', () => {
    const option = buildRunChartOption({ bars: null, symbol: null, trades: [trade], equity: [], selectedTradeId: null, colors: chartColors(true) }) as {
      series: { id: string; tooltip?: { formatter?: (p: unknown) => string } }[];
    };
    for (const id of ['entries', 'exits']) {
      const formatter = option.series.find((s) => s.id === id)!.tooltip!.formatter!;
      const out = formatter({ data: { tradeId: 't1' } });
      expectNoInjectedMarkup(out);
      expect(out).toContain('&lt;/script&gt;&lt;script&gt;');
    }
  });

  it('overview axis tooltip: a series named by the user (a strategy overlay, the symbol) stays text', () => {
    const option = buildRunChartOption({ bars: null, symbol: HOSTILE, trades: [trade], equity: [], selectedTradeId: null, colors: chartColors(true) }) as {
      tooltip: { formatter: (p: unknown) => string };
    };
    const out = option.tooltip.formatter([{ seriesId: 'overlay-0', seriesName: SCRIPT, axisValue: Date.UTC(2020, 0, 2), value: [Date.UTC(2020, 0, 2), 101.5] }]);
    expectNoInjectedMarkup(out);
    expect(out).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned=2&lt;/script&gt;: ');
  });

  it('walk-forward windows: a hostile swept string value in the chosen parameters', () => {
    const metrics = {} as MetricsSnapshot;
    const w: WalkForwardWindowResult = {
      window: { index: 0, trainStart: 0, trainEnd: 30, testStart: 30, testEnd: 40, trainStartTime: 0, trainEndTime: 30, testStartTime: 30, testEndTime: 40 },
      params: { 'strategy_1.params.mode': HOSTILE },
      bestIndex: 0,
      gridSize: 2,
      failedPoints: 0,
      inSample: { objective: 1, annualizedReturn: 0.1, metrics },
      outOfSample: { objective: 0.5, annualizedReturn: 0.05, metrics, startCapital: 100, endCapital: 101 },
    };
    const option = buildWindowsChartOption([w], chartColors(false)) as { tooltip: { formatter: (p: unknown) => string } };
    const out = option.tooltip.formatter({ seriesName: SCRIPT, data: { value: [0, 0, 30], windowIndex: 0 } });
    expectNoInjectedMarkup(out);
    expect(out).toContain('mode=&lt;img');

    const oos = buildOosChartOption({ windows: [w], oosEquityCurve: [{ timestamp: 0, equity: 100, drawdown: 0 }] } as unknown as WalkForwardResult, chartColors(false)) as {
      tooltip: { formatter: (p: unknown) => string };
    };
    expectNoInjectedMarkup(oos.tooltip.formatter([{ seriesId: 'oos-equity', value: [0, 100] }]));
  });
});
