// The Overview chart: candles with volume, the strategy's indicators and trade markers joined
// entry → exit; equity beside buy & hold; drawdown — three grids on ONE time axis with linked
// zoom. Big series use LTTB sampling, large mode and progressive rendering. Tooltips read as
// a trader does: a date, rounded prices, O/H/L/C; user text (symbols, names) escaped.
import type { EChartsCoreOption } from 'echarts/core';
import type { ClosedTrade } from '../../../core/metrics-snapshot';
import type { EquityPoint } from '../../../engine/backtest-result';
import type { Bar } from '../../../engine/bar';
import type { ChartColors } from './chart-colors';
import { formatInt, formatMoney, formatPct, formatPrice, formatTime } from '../format/format-number';
import { escapeHtml, html } from '../format/escape-html';
import type { Overlay } from './strategy-overlays';
import { CHART_CANDLE_LIMIT } from '../../data/chart-bars';

export interface RunChartInput {
  bars: readonly Bar[] | null;
  symbol: string | null;
  trades: readonly ClosedTrade[];
  equity: readonly EquityPoint[];
  selectedTradeId: string | null;
  colors: ChartColors;
  /** Buy & hold of the same data and capital, at the equity marks (drawn under the equity). */
  benchmark?: readonly [number, number][];
  /** The strategy's indicators over the charted symbol's price. */
  overlays?: readonly Overlay[];
  /** Consecutive bars in each candle when a big series is thinned for the chart (1 or absent: every bar). */
  barsPerCandle?: number;
  /** Draw candles whatever their number (a thinned series with a zoomed-in window drawn finer). */
  candles?: boolean;
  /** The volume axis's scale: the largest volume in view (a zoomed-in window) rather than of all bars. */
  maxVolume?: number;
}

/** The grids' side margins (px): the time axes run from `left` to the width minus `right`. */
export const RUN_CHART_INSET = { left: 80, right: 24 } as const;

/** Past this many trades the entry → exit lines are left out (they would be a solid block). */
const TRADE_LINE_LIMIT = 1500;
const OVERLAY_COLORS = ['#a78bfa', '#f59e0b', '#14b8a6', '#ec4899'];

interface TipParam {
  seriesId?: string;
  seriesName?: string;
  marker?: string;
  value?: unknown;
  axisValue?: unknown;
}

/** One tooltip line per series: O/H/L/C for candles, volume as a count, drawdown in %, prices rounded. */
function tipLine(p: TipParam): string {
  const v = Array.isArray(p.value) ? (p.value as unknown[]) : [p.axisValue, p.value];
  const name = escapeHtml(p.seriesName ?? '');
  const y = v[1];
  let text: string;
  if (p.seriesId === 'price' && v.length >= 5) {
    const [, o, c, l, h] = v as number[];
    text = `O ${formatPrice(o!)} H ${formatPrice(h!)} L ${formatPrice(l!)} C ${formatPrice(c!)}`;
  } else if (typeof y !== 'number') return '';
  else if (p.seriesId === 'volume') text = formatInt(y);
  else if (p.seriesId === 'drawdown') text = formatPct(y);
  else if (p.seriesId === 'equity' || p.seriesId === 'benchmark') text = formatMoney(y);
  else text = formatPrice(y);
  return `${p.marker ?? ''}${name}: ${text}`;
}

/** Above this many bars the price is drawn as a sampled close line: candles would be sub-pixel anyway. */
const CANDLE_LIMIT = CHART_CANDLE_LIMIT;

export function buildRunChartOption(input: RunChartInput): EChartsCoreOption {
  const { bars, trades, equity, colors: c, selectedTradeId, symbol } = input;
  const symTrades = symbol ? trades.filter((t) => t.symbol === symbol) : trades;
  const selected = trades.find((t) => t.id === selectedTradeId) ?? null;
  const axisCommon = {
    type: 'time' as const,
    axisLine: { lineStyle: { color: c.muted } },
    axisLabel: { color: c.muted, hideOverlap: true },
    splitLine: { show: false },
  };
  const yCommon = {
    scale: true,
    axisLabel: { color: c.muted },
    splitLine: { lineStyle: { color: c.grid } },
  };
  const priceSeries =
    bars && (input.candles === true || bars.length <= CANDLE_LIMIT)
      ? {
          id: 'price',
          name: `${symbol ?? ''} price${(input.barsPerCandle ?? 1) > 1 ? ` (${formatInt(input.barsPerCandle!)} bars per candle)` : ''}`,
          type: 'candlestick',
          xAxisIndex: 0,
          yAxisIndex: 0,
          large: true,
          largeThreshold: 600,
          progressive: 2000,
          itemStyle: { color: c.up, color0: c.down, borderColor: c.up, borderColor0: c.down },
          data: bars.map((b) => [b.timestamp, b.open, b.close, b.low, b.high]),
        }
      : {
          id: 'price',
          name: `${symbol ?? ''} close`,
          type: 'line',
          xAxisIndex: 0,
          yAxisIndex: 0,
          showSymbol: false,
          sampling: 'lttb',
          large: true,
          progressive: 5000,
          lineStyle: { width: 1.2, color: c.price },
          data: (bars ?? []).map((b) => [b.timestamp, b.close]),
        };
  const maxVolume = input.maxVolume ?? (bars ?? []).reduce((m, b) => Math.max(m, b.volume), 0);
  const volumeSeries =
    bars && maxVolume > 0
      ? [
          {
            id: 'volume',
            name: 'Volume',
            type: 'bar',
            xAxisIndex: 0,
            yAxisIndex: 3,
            large: true,
            largeThreshold: 600,
            barMaxWidth: 8,
            itemStyle: { color: c.muted, opacity: 0.35 },
            data: bars.map((b) => [b.timestamp, b.volume]),
          },
        ]
      : [];
  const overlaySeries = (input.overlays ?? []).map((o, i) => ({
    id: `overlay-${i}`,
    name: o.name,
    type: 'line',
    xAxisIndex: 0,
    yAxisIndex: 0,
    showSymbol: false,
    sampling: 'lttb',
    connectNulls: false,
    z: 3,
    lineStyle: { width: 1.1, color: OVERLAY_COLORS[i % OVERLAY_COLORS.length], type: o.dashed ? 'dashed' : 'solid' },
    data: o.points,
  }));
  // Each trade's entry joined to its exit, green when it made money.
  const tradeLines =
    symTrades.length <= TRADE_LINE_LIMIT
      ? {
          silent: true,
          symbol: ['none', 'none'],
          animation: false,
          label: { show: false },
          data: symTrades.map((t) => [
            { coord: [t.entryTime, t.entryPrice], lineStyle: { color: t.pnl >= 0 ? c.up : c.down, width: t.id === selectedTradeId ? 2.5 : 1.2, type: 'dashed' } },
            { coord: [t.exitTime, t.exitPrice] },
          ]),
        }
      : { data: [] };
  const marker = (t: ClosedTrade, kind: 'entry' | 'exit') => ({
    value: kind === 'entry' ? [t.entryTime, t.entryPrice] : [t.exitTime, t.exitPrice],
    tradeId: t.id,
    symbol: kind === 'entry' ? (t.side === 'long' ? 'triangle' : 'path://M0,0 L10,0 L5,10 Z') : 'circle',
    symbolSize: t.id === selectedTradeId ? 16 : 9,
    itemStyle: {
      color: kind === 'entry' ? (t.side === 'long' ? c.up : c.down) : t.pnl >= 0 ? c.up : c.down,
      borderColor: t.id === selectedTradeId ? c.accent : 'transparent',
      borderWidth: t.id === selectedTradeId ? 3 : 0,
    },
  });
  const selectedArea = selected
    ? {
        silent: true,
        itemStyle: { color: c.accent, opacity: 0.12 },
        data: [[{ xAxis: selected.entryTime }, { xAxis: selected.exitTime }]],
      }
    : { data: [] };
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: c.text },
    axisPointer: {
      link: [{ xAxisIndex: 'all' }],
      label: {
        backgroundColor: c.muted,
        // Dates on the time axes, rounded values on the others.
        formatter: (p: { axisDimension?: string; value?: unknown }) =>
          typeof p.value !== 'number' ? String(p.value ?? '') : p.axisDimension === 'x' ? formatTime(p.value) : formatPrice(p.value),
      },
    },
    legend: {
      top: 0,
      right: 24,
      textStyle: { color: c.muted, fontSize: 11 },
      data: ['Equity', ...(input.benchmark?.length ? ['Buy & hold'] : []), ...(input.overlays ?? []).map((o) => o.name)],
    },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'cross' },
      backgroundColor: c.tooltipBg,
      borderColor: c.grid,
      textStyle: { color: c.text },
      formatter: (raw: unknown) => {
        const list = (Array.isArray(raw) ? raw : [raw]) as TipParam[];
        const at = list[0]?.axisValue ?? (Array.isArray(list[0]?.value) ? (list[0]!.value as unknown[])[0] : undefined);
        const lines = list.map(tipLine).filter(Boolean);
        return `${typeof at === 'number' ? html`<b>${formatTime(at)}</b>` : ''}${lines.length ? `<br/>${lines.join('<br/>')}` : ''}`;
      },
    },
    grid: [
      { ...RUN_CHART_INSET, top: 24, height: '45%' },
      { ...RUN_CHART_INSET, top: '57%', height: '20%' },
      { ...RUN_CHART_INSET, top: '80%', height: '10%' },
    ],
    xAxis: [
      { ...axisCommon, gridIndex: 0, axisLabel: { show: false } },
      { ...axisCommon, gridIndex: 1, axisLabel: { show: false } },
      { ...axisCommon, gridIndex: 2 },
    ],
    yAxis: [
      { ...yCommon, gridIndex: 0, name: symbol ? `${symbol} price` : 'Price', nameLocation: 'middle', nameGap: 62, nameTextStyle: { color: c.muted } },
      { ...yCommon, gridIndex: 1, name: 'Equity', nameLocation: 'middle', nameGap: 62, splitNumber: 3, nameTextStyle: { color: c.muted } },
      {
        ...yCommon,
        gridIndex: 2,
        name: 'Drawdown',
        max: 0,
        splitNumber: 2,
        nameLocation: 'middle',
        nameGap: 62,
        nameTextStyle: { color: c.muted },
        axisLabel: { color: c.muted, formatter: (v: number) => `${Math.round(v * 100)}%` },
      },
      // Volume under the candles: its axis is 4× the largest bar, so the bars fill the lowest quarter.
      { gridIndex: 0, show: false, min: 0, max: maxVolume > 0 ? maxVolume * 4 : 1 },
    ],
    dataZoom: [
      // 'filter' so each y axis rescales to what is in view when zoomed.
      { type: 'inside', xAxisIndex: [0, 1, 2], filterMode: 'filter' },
      { type: 'slider', xAxisIndex: [0, 1, 2], filterMode: 'filter', bottom: 4, height: 18, textStyle: { color: c.muted } },
    ],
    series: [
      ...volumeSeries,
      { ...priceSeries, markArea: selectedArea },
      ...overlaySeries,
      {
        id: 'entries',
        name: 'Entries',
        type: 'scatter',
        xAxisIndex: 0,
        yAxisIndex: 0,
        z: 5,
        large: false,
        data: symTrades.map((t) => marker(t, 'entry')),
        tooltip: { trigger: 'item', formatter: tradeTip },
        markLine: tradeLines,
      },
      {
        id: 'exits',
        name: 'Exits',
        type: 'scatter',
        xAxisIndex: 0,
        yAxisIndex: 0,
        z: 5,
        data: symTrades.map((t) => marker(t, 'exit')),
        tooltip: { trigger: 'item', formatter: tradeTip },
      },
      {
        id: 'equity',
        name: 'Equity',
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        showSymbol: false,
        sampling: 'lttb',
        large: true,
        progressive: 10000,
        progressiveThreshold: 20000,
        lineStyle: { width: 1.4, color: c.equity },
        areaStyle: { color: c.equity, opacity: 0.08 },
        data: equity.map((p) => [p.timestamp, p.equity]),
        markArea: selectedArea,
      },
      ...(input.benchmark?.length
        ? [
            {
              id: 'benchmark',
              name: 'Buy & hold',
              type: 'line',
              xAxisIndex: 1,
              yAxisIndex: 1,
              showSymbol: false,
              sampling: 'lttb',
              large: true,
              lineStyle: { width: 1.2, color: c.muted, type: 'dashed' },
              data: input.benchmark,
            },
          ]
        : []),
      {
        id: 'drawdown',
        name: 'Drawdown',
        type: 'line',
        xAxisIndex: 2,
        yAxisIndex: 2,
        showSymbol: false,
        sampling: 'lttb',
        large: true,
        progressive: 10000,
        lineStyle: { width: 1, color: c.drawdown },
        areaStyle: { color: c.drawdown, opacity: 0.25 },
        data: equity.map((p) => [p.timestamp, -p.drawdown]),
      },
    ],
  };

  function tradeTip(p: unknown): string {
    const d = (p as { data?: { tradeId?: string } }).data;
    const t = trades.find((x) => x.id === d?.tradeId);
    if (!t) return '';
    // The symbol comes from the user's CSV and the reason from strategy code: escaped, never markup.
    return html`<b>${t.side.toUpperCase()} ${t.symbol}</b> ×${t.quantity}<br/>in ${formatTime(t.entryTime)} @ ${formatPrice(t.entryPrice)}<br/>out ${formatTime(t.exitTime)} @ ${formatPrice(t.exitPrice)}<br/>pnl ${formatMoney(t.pnl)} (${t.reason})`;
  }
}
