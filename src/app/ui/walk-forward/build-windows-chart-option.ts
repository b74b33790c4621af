// The walk-forward windows chart: one row per window on the time axis, its training span
// and the test span right after, labelled with the parameters training chose. Drawn with a
// custom series (two rectangles per row) so train and test read as spans, not values.
import type { EChartsCoreOption } from 'echarts/core';
import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams, CustomSeriesRenderItemReturn } from 'echarts';
import type { WalkForwardWindowResult } from '../../../engine/walk-forward/walk-forward-result';
import type { ChartColors } from '../charts/chart-colors';
import { formatTime } from '../format/format-number';
import { html } from '../format/escape-html';

/** 'lookback=20, threshold=0' from {'strategy_momentum_1.params.lookback': 20, …}. */
export function describeParams(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k.split('.').slice(-1)[0]}=${String(v)}`)
    .join(', ');
}

/** A row label: window number and the chosen parameters. */
export function windowLabel(w: WalkForwardWindowResult): string {
  return `W${w.window.index + 1} · ${describeParams(w.params)}`;
}

function renderSpan(params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI): CustomSeriesRenderItemReturn {
  const row = api.value(0) as number;
  const from = api.coord([api.value(1), row]) as number[];
  const to = api.coord([api.value(2), row]) as number[];
  const height = (api.size?.([0, 1]) as number[])[1]! * 0.6;
  const sys = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
  // Clip to the plot so a zoomed-in span does not paint over the axis labels.
  const x0 = Math.max(from[0]!, sys.x);
  const x1 = Math.min(to[0]!, sys.x + sys.width);
  if (x1 <= x0) return null;
  return { type: 'rect', shape: { x: x0, y: from[1]! - height / 2, width: Math.max(x1 - x0, 1), height }, style: api.style() };
}

export function buildWindowsChartOption(windows: readonly WalkForwardWindowResult[], c: ChartColors): EChartsCoreOption {
  const labels = windows.map(windowLabel);
  const item = (w: WalkForwardWindowResult, side: 'train' | 'test') => ({
    value: side === 'train' ? [w.window.index, w.window.trainStartTime, w.window.trainEndTime] : [w.window.index, w.window.testStartTime, w.window.testEndTime],
    windowIndex: w.window.index,
  });
  const trainColor = c.muted;
  const testColor = c.equity;
  return {
    animation: false,
    legend: { data: ['Train (in sample)', 'Test (out of sample)'], top: 0, textStyle: { color: c.muted } },
    tooltip: {
      backgroundColor: c.tooltipBg,
      textStyle: { color: c.text },
      formatter: (p: unknown) => {
        const { seriesName, data } = p as { seriesName: string; data: { value: number[]; windowIndex: number } };
        const w = windows[data.windowIndex];
        // Parameter values may be strings from a share link: escaped, never markup.
        return html`${w ? windowLabel(w) : ''}<br/>${seriesName}: ${formatTime(data.value[1]!)} → ${formatTime(data.value[2]!)}`;
      },
    },
    grid: { left: 8, right: 24, top: 28, bottom: 28, containLabel: true },
    xAxis: { type: 'time', axisLabel: { color: c.muted, hideOverlap: true }, axisLine: { lineStyle: { color: c.muted } }, splitLine: { lineStyle: { color: c.grid } } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { color: c.text, fontSize: 11 }, axisLine: { lineStyle: { color: c.muted } } },
    series: [
      { id: 'train', name: 'Train (in sample)', type: 'custom', renderItem: renderSpan, encode: { x: [1, 2], y: 0 }, itemStyle: { color: trainColor, opacity: 0.55 }, data: windows.map((w) => item(w, 'train')) },
      { id: 'test', name: 'Test (out of sample)', type: 'custom', renderItem: renderSpan, encode: { x: [1, 2], y: 0 }, itemStyle: { color: testColor }, data: windows.map((w) => item(w, 'test')) },
    ],
  };
}
