// The stitched out-of-sample equity curve over its drawdown, on one time axis; test
// windows are shaded alternately so a jump in the curve can be traced to its window.
import type { EChartsCoreOption } from 'echarts/core';
import type { WalkForwardResult } from '../../../engine/walk-forward/walk-forward-result';
import type { ChartColors } from '../charts/chart-colors';
import { formatMoney, formatPct, formatTime } from '../format/format-number';
import { html } from '../format/escape-html';

export function buildOosChartOption(result: WalkForwardResult, c: ChartColors): EChartsCoreOption {
  const axis = { type: 'time' as const, axisLabel: { color: c.muted, hideOverlap: true }, axisLine: { lineStyle: { color: c.muted } }, splitLine: { show: false } };
  const shading = result.windows
    .filter((_, i) => i % 2 === 0)
    .map((w) => [{ xAxis: w.window.testStartTime }, { xAxis: w.window.testEndTime }]);
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      backgroundColor: c.tooltipBg,
      textStyle: { color: c.text },
      formatter: (ps: unknown) => {
        const list = ps as { seriesId: string; value: number[] }[];
        const t = list[0]?.value[0];
        const eq = list.find((p) => p.seriesId === 'oos-equity')?.value[1];
        const dd = list.find((p) => p.seriesId === 'oos-drawdown')?.value[1];
        return html`${t === undefined ? '' : formatTime(t)}<br/>equity ${eq === undefined ? '—' : formatMoney(eq)}<br/>drawdown ${dd === undefined ? '—' : formatPct(-dd)}`;
      },
    },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    grid: [
      { left: 70, right: 24, top: 16, height: '58%' },
      { left: 70, right: 24, top: '74%', bottom: 28 },
    ],
    xAxis: [
      { ...axis, gridIndex: 0, axisLabel: { show: false } },
      { ...axis, gridIndex: 1 },
    ],
    yAxis: [
      { gridIndex: 0, scale: true, name: 'OOS equity', nameTextStyle: { color: c.muted }, axisLabel: { color: c.muted }, splitLine: { lineStyle: { color: c.grid } } },
      { gridIndex: 1, max: 0, splitNumber: 2, name: 'Drawdown', nameTextStyle: { color: c.muted }, axisLabel: { color: c.muted, formatter: (v: number) => `${Math.round(v * 100)}%` }, splitLine: { lineStyle: { color: c.grid } } },
    ],
    series: [
      {
        id: 'oos-equity',
        type: 'line',
        xAxisIndex: 0,
        yAxisIndex: 0,
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { color: c.equity, width: 1.5 },
        itemStyle: { color: c.equity },
        data: result.oosEquityCurve.map((p) => [p.timestamp, p.equity]),
        markArea: { silent: true, itemStyle: { color: c.grid, opacity: 0.5 }, data: shading },
      },
      {
        id: 'oos-drawdown',
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        showSymbol: false,
        sampling: 'lttb',
        lineStyle: { color: c.drawdown, width: 1 },
        itemStyle: { color: c.drawdown },
        areaStyle: { color: c.drawdown, opacity: 0.25 },
        data: result.oosEquityCurve.map((p) => [p.timestamp, -p.drawdown]),
      },
    ],
  };
}
