// Every trade's lifetime on the run's time axis (an ECharts custom series): one
// bar from entry to exit, packed into lanes, green/red by pnl; click opens its chain.
import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import type { ClosedTrade } from '../../../core/metrics-snapshot';
import { EChart } from '../charts/EChart';
import { echarts } from '../charts/echarts-setup';
import { CustomChart } from 'echarts/charts';
import { chartColors } from '../charts/chart-colors';
import { tradeLifetimeTooltipHtml } from '../format/trade-tooltip-html';
import { packLanes } from './pack-lanes';

interface Props {
  trades: readonly ClosedTrade[];
  selectedId: string | null;
  dark: boolean;
  onSelect(id: string): void;
}

echarts.use([CustomChart]);

interface RenderApi {
  value(dim: number): number;
  coord(v: [number, number]): [number, number];
  size(v: [number, number]): [number, number];
  style(extra?: Record<string, unknown>): Record<string, unknown>;
}

export function TradeLifetimes({ trades, selectedId, dark, onSelect }: Props) {
  const option = useMemo<EChartsCoreOption>(() => {
    const c = chartColors(dark);
    const lanes = packLanes(trades);
    const laneCount = Math.max(1, ...lanes.map((l) => l + 1));
    return {
      animation: false,
      grid: { left: 56, right: 24, top: 12, bottom: 48 },
      tooltip: {
        trigger: 'item',
        backgroundColor: c.tooltipBg,
        textStyle: { color: c.text },
        formatter: (p: unknown) => {
          const t = trades[(p as { dataIndex: number }).dataIndex];
          return t ? tradeLifetimeTooltipHtml(t) : '';
        },
      },
      xAxis: { type: 'time', axisLabel: { color: c.muted }, axisLine: { lineStyle: { color: c.muted } } },
      yAxis: { type: 'value', min: -0.5, max: laneCount - 0.5, interval: 1, axisLabel: { show: laneCount > 1, color: c.muted, formatter: (v: number) => (Number.isInteger(v) ? `lane ${v + 1}` : '') }, splitLine: { show: false } },
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' },
        { type: 'slider', xAxisIndex: 0, filterMode: 'weakFilter', height: 16, bottom: 6 },
      ],
      series: [
        {
          type: 'custom',
          id: 'lifetimes',
          encode: { x: [0, 1], y: 2 },
          data: trades.map((t, i) => ({
            value: [t.entryTime, t.exitTime, lanes[i]!, t.pnl],
            tradeId: t.id,
            itemStyle: {
              color: t.pnl >= 0 ? c.up : c.down,
              borderColor: t.id === selectedId ? c.accent : undefined,
              borderWidth: t.id === selectedId ? 2 : 0,
            },
          })),
          renderItem: (_params: unknown, api: RenderApi) => {
            const start = api.coord([api.value(0), api.value(2)]);
            const end = api.coord([api.value(1), api.value(2)]);
            const h = Math.min(api.size([0, 1])[1] * 0.6, 18);
            return {
              type: 'rect',
              shape: { x: start[0], y: start[1] - h / 2, width: Math.max(end[0] - start[0], 2), height: h },
              style: api.style(),
            };
          },
        },
      ],
    };
  }, [trades, selectedId, dark]);
  return (
    <EChart
      option={option}
      className="echart lifetimes"
      testId="trade-lifetimes"
      ariaLabel="Timeline of every trade’s lifetime"
      onClick={(p) => {
        const id = (p.data as { tradeId?: string } | null)?.tradeId;
        if (id) onSelect(id);
      }}
    />
  );
}
