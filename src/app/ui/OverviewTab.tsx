// Overview: the metric cards and the price/equity/drawdown chart on one zoomable
// time axis; clicking a trade marker selects that trade (and highlights it everywhere).
import { useMemo, useRef, useEffect } from 'react';
import type { ECharts } from 'echarts/core';
import { useStudioStore } from './state/studio-store';
import { containerOf } from './state/result-selectors';
import { MetricsCards } from './MetricsCards';
import { EChart } from './charts/EChart';
import { chartColors } from './charts/chart-colors';
import { buildRunChartOption } from './charts/build-run-chart-option';
import { EmptyState } from './EmptyState';
import { ExportReportButton } from './report/ExportReportButton';
import { exportShownReport } from './report/export-report';
import { formatInt, formatTime } from './format/format-number';
import { barsOf } from '../../engine/bar-series';

export function OverviewTab() {
  const result = useStudioStore((s) => s.result);
  const status = useStudioStore((s) => s.status);
  const dataset = useStudioStore((s) => s.dataset);
  const containerId = useStudioStore((s) => s.containerId);
  const selectedTradeId = useStudioStore((s) => s.selectedTradeId);
  const dark = useStudioStore((s) => s.theme === 'dark');
  const patch = useStudioStore((s) => s.patch);
  const selectTrade = useStudioStore((s) => s.selectTrade);
  const firstResultMs = useStudioStore((s) => s.firstResultMs);
  const resultParams = useStudioStore((s) => s.resultParams);
  const chartRef = useRef<ECharts | null>(null);

  const container = containerOf(result, containerId);
  const trades = useMemo(() => container?.trades ?? [], [container]);
  const selected = trades.find((t) => t.id === selectedTradeId) ?? null;
  const symbol = selected?.symbol ?? trades[0]?.symbol ?? dataset?.series[0]?.symbol ?? null;
  const bars = useMemo(() => {
    if (!dataset || dataset.id !== result?.datasetId) return null;
    const s = dataset.series.find((x) => x.symbol === symbol) ?? dataset.series[0];
    // Bar objects for the chart only, built from the columns when the view needs them.
    return s ? barsOf(s) : null;
  }, [dataset, result, symbol]);
  const option = useMemo(
    () =>
      buildRunChartOption({
        bars,
        symbol,
        trades,
        equity: container?.equityCurve ?? [],
        selectedTradeId,
        colors: chartColors(dark),
      }),
    [bars, symbol, trades, container, selectedTradeId, dark],
  );

  // Zoom to a trade chosen elsewhere (Trades, Chain), with context on both sides.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart || !selected) return;
    const pad = Math.max((selected.exitTime - selected.entryTime) * 3, 30 * 86_400_000);
    chart.dispatchAction({ type: 'dataZoom', startValue: selected.entryTime - pad, endValue: selected.exitTime + pad });
  }, [selected]);

  if (!result) {
    return status === 'running' ? (
      <div className="loading-state" role="status" data-testid="loading">
        <div className="spinner" /> Running the backtest in a worker…
      </div>
    ) : (
      <EmptyState title="Edit the YAML on the left, then Run" hint="Ctrl/⌘ + Enter runs the config; Escape cancels. Every trade’s chain is one click away." />
    );
  }
  const portfolios = result.containerIds.filter((id) => result.containers[id]?.metrics);
  return (
    <div className="overview" data-testid="overview">
      <div className="run-meta">
        {portfolios.length > 1 && (
          <select value={container?.containerId ?? ''} onChange={(e) => patch({ containerId: e.target.value })} aria-label="Portfolio">
            {portfolios.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        )}
        <span className="muted" data-testid="run-summary">
          {result.configName} · {result.datasetId} · {formatTime(result.startTime)} → {formatTime(result.endTime)} · {formatInt(result.barsProcessed)} bars ·{' '}
          {formatInt(result.eventsPublished)} events
        </span>
        {resultParams && (
          <span className="params-chip" data-testid="run-params" title="This run is one point of the sweep">
            {Object.entries(resultParams)
              .map(([k, v]) => `${k.split('.').slice(-1)[0]}=${v}`)
              .join(', ')}
          </span>
        )}
        <ExportReportButton exportReport={exportShownReport} testId="export-report" disabled={status !== 'idle'} />
        {result.warnings?.map((w) => (
          <span key={w} className="warn">
            {w}
          </span>
        ))}
      </div>
      {container?.metrics ? <MetricsCards metrics={container.metrics} ttfrMs={firstResultMs} /> : <p className="muted">This container keeps no metrics.</p>}
      {!container?.equityCurve && <p className="muted">No equity curve: set store_equity_curve: true for {container?.containerId} to draw it.</p>}
      <EChart
        option={option}
        notMerge={false}
        className="echart run-chart"
        testId="run-chart"
        ariaLabel="Price with trade markers, equity curve and drawdown on one time axis"
        onReady={(c) => (chartRef.current = c)}
        onClick={(p) => {
          const id = (p.data as { tradeId?: string } | null)?.tradeId;
          if (id) selectTrade(id, false);
        }}
      />
      {!selected && trades.length > 0 && (
        <p className="selected-trade-bar muted" data-testid="chart-hint">
          Click a trade marker (▲ entry, ● exit) to select it, then see why it happened. Scroll or drag the slider to zoom.
        </p>
      )}
      {selected && (
        <p className="selected-trade-bar">
          Selected: {selected.side} {selected.symbol} {formatTime(selected.entryTime)} → {formatTime(selected.exitTime)}{' '}
          <button onClick={() => selectTrade(selected.id, true)} data-testid="open-chain">
            Why? Open its event chain →
          </button>
        </p>
      )}
    </div>
  );
}
