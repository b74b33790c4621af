// The Overview chart: price with trade markers, equity, drawdown — three grids on
// ONE time axis with linked zoom. Big series use LTTB sampling, large mode and progressive rendering.
import type { EChartsCoreOption } from 'echarts/core';
import type { ClosedTrade } from '../../../core/metrics-snapshot';
import type { EquityPoint } from '../../../engine/backtest-result';
import type { Bar } from '../../../engine/bar';
import type { ChartColors } from './chart-colors';
import { formatMoney, formatTime } from '../format/format-number';
import { html } from '../format/escape-html';

export interface RunChartInput {
  bars: readonly Bar[] | null;
  symbol: string | null;
  trades: readonly ClosedTrade[];
  equity: readonly EquityPoint[];
  selectedTradeId: string | null;
  colors: ChartColors;
}

/** Above this many bars the price is drawn as a sampled close line: candles would be sub-pixel anyway. */
const CANDLE_LIMIT = 2500;

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
    bars && bars.length <= CANDLE_LIMIT
      ? {
          id: 'price',
          name: `${symbol ?? ''} price`,
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
    axisPointer: { link: [{ xAxisIndex: 'all' }], label: { backgroundColor: c.muted } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'cross' },
      backgroundColor: c.tooltipBg,
      borderColor: c.grid,
      textStyle: { color: c.text },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? formatMoney(v) : String(v)),
    },
    grid: [
      { left: 80, right: 24, top: 16, height: '46%' },
      { left: 80, right: 24, top: '57%', height: '20%' },
      { left: 80, right: 24, top: '80%', height: '10%' },
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
    ],
    dataZoom: [
      // 'filter' so each y axis rescales to what is in view when zoomed.
      { type: 'inside', xAxisIndex: [0, 1, 2], filterMode: 'filter' },
      { type: 'slider', xAxisIndex: [0, 1, 2], filterMode: 'filter', bottom: 4, height: 18, textStyle: { color: c.muted } },
    ],
    series: [
      { ...priceSeries, markArea: selectedArea },
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
        tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(2)} %` : String(v)) },
      },
    ],
  };

  function tradeTip(p: unknown): string {
    const d = (p as { data?: { tradeId?: string } }).data;
    const t = trades.find((x) => x.id === d?.tradeId);
    if (!t) return '';
    // The symbol comes from the user's CSV and the reason from strategy code: escaped, never markup.
    return html`<b>${t.side.toUpperCase()} ${t.symbol}</b> ×${t.quantity}<br/>in ${formatTime(t.entryTime)} @ ${t.entryPrice}<br/>out ${formatTime(t.exitTime)} @ ${t.exitPrice}<br/>pnl ${formatMoney(t.pnl)} (${t.reason})`;
  }
}
