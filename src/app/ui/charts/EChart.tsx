// A thin React wrapper over one ECharts instance: created once per element,
// option updates merged in place (notMerge when the caller says so), resized with its box.
import { useEffect, useRef } from 'react';
import type { EChartsCoreOption, ECharts } from 'echarts/core';
import { echarts } from './echarts-setup';

export type EChartClickParams = {
  componentType: string;
  seriesId?: string;
  seriesName?: string;
  seriesIndex?: number;
  dataIndex: number;
  data: unknown;
  value?: unknown;
};

interface Props {
  option: EChartsCoreOption;
  className?: string;
  testId?: string;
  notMerge?: boolean;
  onClick?: (params: EChartClickParams) => void;
  onReady?: (chart: ECharts) => void;
  ariaLabel: string;
}

export function EChart({ option, className, testId, notMerge = true, onClick, onReady, ariaLabel }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: 'canvas' });
    chartRef.current = chart;
    chart.on('click', (p) => clickRef.current?.(p as unknown as EChartClickParams));
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    onReady?.(chart);
    return () => {
      ro.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
    // onReady is read once at creation on purpose.
  }, []);

  useEffect(() => {
    // Merging keeps the zoom; the series are replaced by id, so one the new option no longer
    // has (an earlier run's indicator, a thinned chart's) is removed rather than left drawn.
    chartRef.current?.setOption(option, notMerge ? { notMerge: true, lazyUpdate: true } : { replaceMerge: ['series'], lazyUpdate: true });
  }, [option, notMerge]);

  return <div ref={ref} className={className ?? 'echart'} data-testid={testId} role="img" aria-label={ariaLabel} />;
}
