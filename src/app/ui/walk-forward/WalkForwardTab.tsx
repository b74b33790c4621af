// Walk-forward results: the efficiency ratio and out-of-sample summary up top, the
// windows chart (train/test spans labelled with the chosen params), the stitched
// out-of-sample equity curve with drawdown, and one table row per window.
import { useMemo } from 'react';
import { CustomChart } from 'echarts/charts';
import { LegendComponent } from 'echarts/components';
import { useStudioStore } from '../state/studio-store';
import { runWalkForwardStudy } from '../state/walk-forward-actions';
import { EChart } from '../charts/EChart';
import { echarts } from '../charts/echarts-setup';
import { chartColors } from '../charts/chart-colors';
import { EmptyState } from '../EmptyState';
import { formatInt, formatPct, formatRatio, formatTime } from '../format/format-number';
import { buildWindowsChartOption, describeParams } from './build-windows-chart-option';
import { buildOosChartOption } from './build-oos-chart-option';
import './walk-forward.css';

// Loaded with this view only.
echarts.use([CustomChart, LegendComponent]);

function Stat({ label, value, testId, title, tone }: { label: string; value: string; testId: string; title: string; tone?: string }) {
  return (
    <div className="metric-card" title={title} data-testid={testId}>
      <div className="metric-label">{label}</div>
      <div className={`metric-value ${tone ?? ''}`}>{value}</div>
    </div>
  );
}

const tone = (v: number) => (v > 0 ? 'pos' : v < 0 ? 'neg' : undefined);

export function WalkForwardTab() {
  const view = useStudioStore((s) => s.walkForward);
  const status = useStudioStore((s) => s.status);
  const dark = useStudioStore((s) => s.theme === 'dark');
  const result = view?.result ?? null;
  const windowsOption = useMemo(() => (result ? buildWindowsChartOption(result.windows, chartColors(dark)) : null), [result, dark]);
  const oosOption = useMemo(() => (result ? buildOosChartOption(result, chartColors(dark)) : null), [result, dark]);

  if (!view) {
    return (
      <EmptyState
        title="No walk-forward yet"
        hint="Add optimization.walk_forward: {train: 750, test: 250, anchored: false} (bars, or durations such as 2y / 6mo) to the YAML and run it: each window's grid is optimized in sample in parallel workers and its best point tested on the bars that follow."
      >
        <button onClick={() => void runWalkForwardStudy()} disabled={status !== 'idle'} data-testid="wf-run" title="Run the walk-forward of the editor's config">
          ⇶ Run walk-forward
        </button>
      </EmptyState>
    );
  }
  const state = view.finished ? (view.cancelled ? 'Cancelled' : view.error ? 'Failed' : 'Finished') : status === 'walking' ? 'Running' : 'Stopped';
  const m = result?.oosMetrics;
  return (
    <div className="walk-forward-tab" data-testid="walk-forward-tab" style={{ display: 'flex', flexDirection: 'column', gap: 8, overflow: 'auto', height: '100%' }}>
      <div className="toolbar wrap">
        <span data-testid="wf-status">
          {state} · {formatInt(view.windowsDone)} / {view.windowsTotal ? formatInt(view.windowsTotal) : '?'} windows
          {result ? ` · objective ${result.direction} ${result.objective} · ${result.anchored ? 'anchored' : 'rolling'}` : ''}
          {view.durationMs != null ? ` · ${(view.durationMs / 1000).toFixed(1)} s` : ''}
        </span>
        <button onClick={() => void runWalkForwardStudy()} disabled={status !== 'idle'} data-testid="wf-run-again" title="Run the walk-forward of the editor's config">
          ↻ Run walk-forward
        </button>
      </div>
      {view.error && (
        <p role="alert" className="neg">
          {view.error}
        </p>
      )}
      {result?.warnings.map((w) => (
        <p key={w} className="warn">
          {w}
        </p>
      ))}
      {result && m && (
        <>
          <div className="metric-cards">
            <Stat
              label="Efficiency ratio"
              value={formatRatio(result.efficiency)}
              testId="wf-efficiency"
              title="mean out-of-sample annualized return / mean in-sample annualized return (over windows); ~1 = the in-sample edge held out of sample, ≤ 0 = it did not"
              tone={Number.isFinite(result.efficiency) ? (result.efficiency >= 0.5 ? 'pos' : 'neg') : undefined}
            />
            <Stat label="OOS total return" value={formatPct(m.totalReturn)} testId="wf-oos-return" title="Stitched out-of-sample equity: final / initial − 1" tone={tone(m.totalReturn)} />
            <Stat label="OOS Sharpe" value={formatRatio(m.sharpeRatio)} testId="wf-oos-sharpe" title="Sharpe ratio of the stitched out-of-sample curve" />
            <Stat label="OOS max drawdown" value={formatPct(m.maxDrawdown)} testId="wf-oos-maxdd" title="Largest drawdown of the stitched out-of-sample curve" tone={m.maxDrawdown > 0 ? 'neg' : undefined} />
            <Stat label="OOS trades" value={formatInt(m.totalTrades)} testId="wf-oos-trades" title="Closed trades across the test windows" />
            <Stat
              label={`Mean ${result.objective} IS → OOS`}
              value={`${formatRatio(result.meanInSampleObjective)} → ${formatRatio(result.meanOutOfSampleObjective)}`}
              testId="wf-mean-objective"
              title="The objective averaged over windows: in sample (best point of each training grid) and out of sample"
            />
          </div>
          <h3 className="section-title">Windows</h3>
          <EChart
            option={windowsOption!}
            className="echart wf-windows"
            testId="wf-windows-chart"
            ariaLabel="Walk-forward windows: training and test spans on the time axis, labelled with the chosen parameters"
          />
          <h3 className="section-title">Stitched out-of-sample equity</h3>
          <EChart option={oosOption!} className="echart wf-oos" testId="wf-oos-chart" ariaLabel="Stitched out-of-sample equity curve with drawdown" />
          <div className="table wf-table" role="table" aria-label="Walk-forward windows">
            <div className="thead" role="row" style={{ display: 'grid', gridTemplateColumns: GRID }}>
              <span>#</span>
              <span>Train</span>
              <span>Test</span>
              <span>Chosen params</span>
              <span className="num" title={`${result.objective} of the best training point (in sample)`}>
                IS objective
              </span>
              <span className="num" title={`${result.objective} of that point on the test window (out of sample)`}>
                OOS objective
              </span>
              <span className="num">OOS return</span>
              <span className="num" title="Trades closed in the test window">
                Trades
              </span>
            </div>
            {result.windows.map((w) => (
              <div key={w.window.index} role="row" className="tr" data-testid="wf-row" style={{ display: 'grid', gridTemplateColumns: GRID }}>
                <span className="num">{w.window.index + 1}</span>
                <span>
                  {formatTime(w.window.trainStartTime)} → {formatTime(w.window.trainEndTime)}
                </span>
                <span>
                  {formatTime(w.window.testStartTime)} → {formatTime(w.window.testEndTime)}
                </span>
                <span className="ellipsis" title={describeParams(w.params)} data-testid="wf-params">
                  {describeParams(w.params)}
                  {w.failedPoints ? ` (${w.failedPoints} failed)` : ''}
                </span>
                <span className="num">{formatRatio(w.inSample.objective)}</span>
                <span className="num">{formatRatio(w.outOfSample.objective)}</span>
                <span className={`num ${tone(w.outOfSample.endCapital / w.outOfSample.startCapital - 1) ?? ''}`} data-testid="wf-oos-window-return">
                  {formatPct(w.outOfSample.endCapital / w.outOfSample.startCapital - 1)}
                </span>
                <span className="num">{formatInt(w.outOfSample.metrics.totalTrades)}</span>
              </div>
            ))}
          </div>
        </>
      )}
      {!result && view.cancelled && (
        <p className="muted" data-testid="wf-cancelled-note">
          Cancelled: the stitched out-of-sample record needs every window, so nothing of this run is shown. Run it again to see the windows.
        </p>
      )}
      {!result && !view.finished && (
        <div className="loading-state" role="status" data-testid="wf-loading">
          <div className="spinner" /> Optimizing each training window in the workers…
        </div>
      )}
    </div>
  );
}

const GRID = '28px 172px 172px minmax(90px, 1fr) 88px 88px 84px 52px';
