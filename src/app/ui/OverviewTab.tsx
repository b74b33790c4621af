// Overview: the metric cards and the price/equity/drawdown chart on one zoomable
// time axis; clicking a trade marker selects that trade (and highlights it everywhere).
// On multi-symbol data a picker chooses the symbol whose price, indicators and trades show.
import { useMemo, useRef, useEffect, useState } from 'react';
import type { ECharts } from 'echarts/core';
import { useStudioStore } from './state/studio-store';
import { containerOf } from './state/result-selectors';
import { MetricsCards } from './MetricsCards';
import { EChart } from './charts/EChart';
import { chartColors } from './charts/chart-colors';
import { buildRunChartOption, RUN_CHART_INSET } from './charts/build-run-chart-option';
import { EmptyState } from './EmptyState';
import { ExportReportButton } from './report/ExportReportButton';
import { exportShownReport } from './report/export-report';
import { formatInt, formatTime } from './format/format-number';
import { buyAndHoldCurve, type CloseSeries } from './charts/buy-and-hold-curve';
import { datasetLabel } from './format/dataset-label';
import { specsOverlays, type Overlay, type OverlaySpec } from './charts/strategy-overlays';
import { services } from './state/studio-services';
import { buyAndHoldOnWorker, chartWindowOnWorker, overlaysOnWorker } from './state/studio-actions';
import { withDetail, type ChartSeries } from '../data/chart-bars';
import type { Bar, BarSeries } from '../../engine/bar';
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
  const resultConfigText = useStudioStore((s) => s.resultConfigText);
  const chartRef = useRef<ECharts | null>(null);
  const [picked, setPicked] = useState<string | null>(null);

  const container = containerOf(result, containerId);
  const trades = useMemo(() => container?.trades ?? [], [container]);
  const selected = trades.find((t) => t.id === selectedTradeId) ?? null;
  const shownData = dataset && dataset.id === result?.datasetId ? dataset : null;
  const symbols = useMemo(() => [...new Set(shownData?.series.map((s) => s.symbol) ?? [])], [shownData]);
  // A trade chosen elsewhere brings its symbol's chart.
  useEffect(() => {
    if (selected) setPicked(selected.symbol);
  }, [selected]);
  const symbol = (picked && symbols.includes(picked) ? picked : null) ?? selected?.symbol ?? trades[0]?.symbol ?? symbols[0] ?? null;
  // Bar objects only for the charted symbol's series (as charted: whole, or a big one's candles).
  const charted = shownData ? (shownData.series.find((x) => x.symbol === symbol) ?? shownData.series[0]) : undefined;
  // A thinned series zoomed in: the worker sends the window's bars as finer candles (every bar
  // once few enough), drawn between the coarse candles around it.
  const [detail, setDetail] = useState<{ charted: ChartSeries; series: ChartSeries; from: number; to: number } | null>(null);
  const drawn = useMemo(() => (charted && detail && detail.charted === charted ? withDetail(charted, detail.series) : charted), [charted, detail]);
  const bars = useMemo(() => (drawn ? seriesBars(drawn) : null), [drawn]);
  const barsPerCandle = charted?.barsPerCandle ?? 1;
  const detailMaxVolume = useMemo(() => (detail && detail.charted === charted ? detail.series.volume.reduce((m, v) => Math.max(m, v), 0) : undefined), [detail, charted]);
  const zoomContext = useRef({ charted, shownData, resultConfigText });
  zoomContext.current = { charted, shownData, resultConfigText };
  const zoomTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const zoomSeq = useRef(0);
  const scheduleDetail = useRef(() => {
    clearTimeout(zoomTimer.current);
    zoomTimer.current = setTimeout(() => {
      const chart = chartRef.current;
      const { charted: c, shownData: d, resultConfigText: text } = zoomContext.current;
      if (!chart || !c || c.barsPerCandle === 1 || !d || !text || c.time.length === 0) return;
      const from = Number(chart.convertFromPixel({ xAxisIndex: 0 }, RUN_CHART_INSET.left));
      const to = Number(chart.convertFromPixel({ xAxisIndex: 0 }, chart.getWidth() - RUN_CHART_INSET.right));
      const seq = ++zoomSeq.current;
      const span = c.time[c.time.length - 1]! - c.time[0]!;
      if (!Number.isFinite(from) || !Number.isFinite(to) || to - from >= span * 0.5) {
        setDetail(null); // zoomed out: the coarse candles are as fine as it gets
        return;
      }
      // Half a view more on each side, so a small pan stays within the finer candles.
      const pad = (to - from) / 2;
      const window = { from: from - pad, to: to + pad };
      chartWindowOnWorker(d.id, text, c.symbol, window.from, window.to).then(
        (series) => {
          if (seq !== zoomSeq.current || zoomContext.current.charted !== c) return;
          setDetail(series && series.barsPerCandle < c.barsPerCandle ? { charted: c, series, ...window } : null);
        },
        () => undefined, // the coarse candles stay
      );
    }, 200);
  }).current;
  useEffect(() => {
    // Another symbol charted while zoomed in: its window too.
    if (charted && charted.barsPerCandle > 1) scheduleDetail();
    return () => clearTimeout(zoomTimer.current);
  }, [charted, scheduleDetail]);
  // Buy & hold over every close: here when the page holds them all; else from the worker
  // that holds the bars (a thinned chart has only each candle's last close).
  const [remoteBenchmark, setRemoteBenchmark] = useState<{ container: object; points: [number, number][] } | null>(null);
  const localBenchmark = useMemo(() => {
    const equity = container?.equityCurve ?? [];
    const capital = container?.metrics?.initialCapital;
    if (!shownData?.series.length || shownData.thinned || !equity.length || capital === undefined) return [];
    return buyAndHoldCurve(shownData.series.map(closes), capital, equity.map((p) => p.timestamp));
  }, [shownData, container]);
  useEffect(() => {
    const equity = container?.equityCurve ?? [];
    const capital = container?.metrics?.initialCapital;
    if (!container || !shownData?.thinned || !resultConfigText || !equity.length || capital === undefined) return;
    let current = true;
    buyAndHoldOnWorker(shownData.id, resultConfigText, capital, equity.map((p) => p.timestamp)).then(
      (points) => current && setRemoteBenchmark({ container, points }),
      () => undefined, // no line is better than a wrong one; the metric card still shows buy & hold
    );
    return () => {
      current = false;
    };
  }, [shownData, container, resultConfigText]);
  const benchmark = shownData?.thinned ? (remoteBenchmark && remoteBenchmark.container === container ? remoteBenchmark.points : []) : localBenchmark;
  // Indicators need every bar: over a thinned series the worker that holds them computes
  // them and sends each line's value at every candle's last bar (exact values, thinned).
  const specs = useMemo(() => (symbol && resultConfigText ? overlaySpecs(resultConfigText, resultParams, symbol) : []), [symbol, resultConfigText, resultParams]);
  const [remoteOverlays, setRemoteOverlays] = useState<{ specs: OverlaySpec[]; charted: object; lines: Overlay[] } | null>(null);
  const localOverlays = useMemo(() => (bars && barsPerCandle === 1 && specs.length ? overlaysFor(specs, bars) : []), [bars, barsPerCandle, specs]);
  // A zoomed-in window's lines are sampled at its finer candles' ends (the detail shown now).
  const shownDetail = detail && detail.charted === charted ? detail : null;
  useEffect(() => {
    if (!charted || barsPerCandle === 1 || !specs.length || !shownData || !resultConfigText) return;
    let current = true;
    const window = shownDetail ? { from: shownDetail.from, to: shownDetail.to, barsPerCandle: shownDetail.series.barsPerCandle } : undefined;
    overlaysOnWorker(shownData.id, resultConfigText, charted.symbol, specs, charted.barsPerCandle, window).then(
      (lines) => current && setRemoteOverlays({ specs, charted, lines }),
      () => undefined, // the price and trades still show; the indicators are left out
    );
    return () => {
      current = false;
    };
  }, [charted, barsPerCandle, specs, shownData, resultConfigText, shownDetail]);
  const overlays = barsPerCandle === 1 ? localOverlays : remoteOverlays && remoteOverlays.specs === specs && remoteOverlays.charted === charted ? remoteOverlays.lines : [];
  const option = useMemo(
    () =>
      buildRunChartOption({
        bars,
        symbol,
        trades,
        equity: container?.equityCurve ?? [],
        selectedTradeId,
        colors: chartColors(dark),
        benchmark,
        overlays,
        barsPerCandle: drawn?.barsPerCandle ?? 1,
        candles: barsPerCandle > 1,
        ...(detailMaxVolume !== undefined ? { maxVolume: detailMaxVolume } : {}),
      }),
    [bars, symbol, trades, container, selectedTradeId, dark, benchmark, overlays, drawn, barsPerCandle, detailMaxVolume],
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
          {result.configName} · <span title={result.datasetId}>{datasetLabel(result.datasetId)}</span> · {formatTime(result.startTime)} → {formatTime(result.endTime)} · {formatInt(result.barsProcessed)} bars ·{' '}
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
      {container?.metrics ? <MetricsCards metrics={container.metrics} trades={trades} ttfrMs={firstResultMs} /> : <p className="muted">This container keeps no metrics.</p>}
      {symbols.length > 1 && (
        <div className="chart-symbols" role="group" aria-label="Symbol on the price chart">
          <label>
            Price chart{' '}
            <select value={symbol ?? ''} onChange={(e) => setPicked(e.target.value)} data-testid="chart-symbol">
              {symbols.map((sym) => (
                <option key={sym} value={sym}>
                  {sym} ({trades.filter((t) => t.symbol === sym).length} trades)
                </option>
              ))}
            </select>
          </label>
          <span className="muted">the price, indicators and trade markers of one symbol; equity and drawdown are the whole portfolio’s</span>
        </div>
      )}
      {!container?.equityCurve && <p className="muted">No equity curve: set store_equity_curve: true for {container?.containerId} to draw it.</p>}
      {charted && barsPerCandle > 1 && (
        <p className="muted" data-testid="chart-thinned">
          {charted.symbol}: {formatInt(charted.totalBars)} bars drawn as {formatInt(charted.time.length)} candles of {formatInt(barsPerCandle)} consecutive bars each (first open,
          highest high, lowest low, last close, summed volume); trade markers are exact, indicators are computed over every bar and drawn at each candle’s last bar.
          {drawn && drawn.barsPerCandle < barsPerCandle && (
            <span data-testid="chart-zoom-detail"> Zoomed in: {drawn.barsPerCandle === 1 ? 'every bar is a candle' : `candles of ${formatInt(drawn.barsPerCandle)} bars`} in view.</span>
          )}
        </p>
      )}
      <EChart
        option={option}
        notMerge={false}
        className="echart run-chart"
        testId="run-chart"
        ariaLabel={`${symbol ?? 'Price'} candles with volume${overlays.length ? `, ${overlays.map((o) => o.name).join(', ')}` : ''} and trade markers joined entry to exit; equity${benchmark.length ? ' beside buy & hold' : ''}; drawdown — one time axis`}
        onReady={(c) => {
          chartRef.current = c;
          c.on('datazoom', scheduleDetail);
        }}
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

/** A series' bars as objects (the chart draws them; small next to the chart's own memory). */
function seriesBars(s: BarSeries): readonly Bar[] {
  return barsOf(s);
}

/** A series' closes for the buy-and-hold line: its columns as they are (no copy). */
function closes(s: BarSeries): CloseSeries {
  return { time: s.time, close: s.close };
}

/** What indicators to draw for `symbol`: every strategy container trading it, with the run's swept params applied. */
function overlaySpecs(configText: string, params: Record<string, unknown> | null, symbol: string): OverlaySpec[] {
  const parsed = services.parse(configText);
  if (!parsed.ok) return [];
  const strategies = parsed.config.containers.filter((c) => c.type === 'strategy' && (!c.symbols?.length || c.symbols.includes(symbol)));
  return strategies.flatMap((c) => {
    if (c.type !== 'strategy') return [];
    const own: Record<string, unknown> = { ...c.params };
    for (const [path, v] of Object.entries(params ?? {})) if (path.startsWith(`${c.id}.params.`)) own[path.slice(c.id.length + 8)] = v;
    return [{ kind: c.strategy, params: own, ...(strategies.length > 1 ? { prefix: c.id } : {}) }];
  });
}

/** The indicators over the charted bars (every bar of the symbol: the series is whole). */
function overlaysFor(specs: readonly OverlaySpec[], bars: readonly Bar[]): Overlay[] {
  const columns = { time: bars.map((b) => b.timestamp), high: bars.map((b) => b.high), low: bars.map((b) => b.low), close: bars.map((b) => b.close) };
  return specsOverlays(specs, columns);
}
