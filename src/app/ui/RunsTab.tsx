// Run history kept in the browser (IndexedDB): reopen a run, compare two runs'
// equity curves (drawn above the list, where the eye is, each series named by its run and
// the settings it differs in), delete, export to a zip and import one back. A study run
// again with the same outcome shows as one entry ("×3") that opens to the copies.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import type { BacktestResult } from '../../engine/backtest-result';
import { useStudioStore } from './state/studio-store';
import { services, type RunSummary } from './state/studio-services';
import { defaultContainerId } from './state/result-selectors';
import { reopenRun } from './state/studio-actions';
import { EChart } from './charts/EChart';
import { echarts } from './charts/echarts-setup';
import { LegendComponent } from 'echarts/components';
import { chartColors } from './charts/chart-colors';
import { EmptyState } from './EmptyState';
import { ExportReportButton } from './report/ExportReportButton';
import { exportSavedRunReport } from './report/export-report';
import { formatPct, formatRatio, formatTime } from './format/format-number';
import { collapseRuns, compareLabel, differingSettings } from './run-compare-labels';
import { datasetLabel } from './format/dataset-label';

echarts.use([LegendComponent]);

export function RunsTab() {
  const version = useStudioStore((s) => s.historyVersion);
  const patch = useStudioStore((s) => s.patch);
  const dark = useStudioStore((s) => s.theme === 'dark');
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const compare = useStudioStore((s) => s.compareRunIds);
  const setCompare = (f: (c: string[]) => string[]) => patch({ compareRunIds: f(useStudioStore.getState().compareRunIds) });
  const [compared, setCompared] = useState<{ id: string; label: string; result: BacktestResult }[]>([]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const fileRef = useRef<HTMLInputElement>(null);
  const groups = useMemo(() => collapseRuns(runs ?? []), [runs]);
  const names = useMemo(() => new Map((runs ?? []).map((r) => [r.id, r.name])), [runs]);

  useEffect(() => {
    let alive = true;
    services.listRuns().then(
      (r) => alive && setRuns(r),
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      alive = false;
    };
  }, [version]);

  useEffect(() => {
    let alive = true;
    Promise.all(compare.map(async (id) => ({ id, run: await services.openRun(id) }))).then(
      (list) =>
        alive &&
        setCompared(() => {
          const found = list.filter((x) => x.run);
          const differing = differingSettings(found.map((x) => ({ configText: x.run!.configText, ...(x.run!.result.params ? { params: x.run!.result.params } : {}) })));
          return found.map((x, i) => ({ id: x.id, label: compareLabel(names.get(x.id) ?? x.run!.result.configName, differing[i]!), result: x.run!.result }));
        }),
      (e: unknown) => alive && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      alive = false;
    };
  }, [compare, names]);

  const option = useMemo<EChartsCoreOption | null>(() => {
    if (compared.length < 2) return null;
    const c = chartColors(dark);
    return {
      animation: false,
      legend: { textStyle: { color: c.text }, top: 0 },
      tooltip: { trigger: 'axis', backgroundColor: c.tooltipBg, textStyle: { color: c.text } },
      grid: { left: 70, right: 24, top: 32, bottom: 48 },
      xAxis: { type: 'time', axisLabel: { color: c.muted } },
      yAxis: { type: 'value', scale: true, axisLabel: { color: c.muted }, splitLine: { lineStyle: { color: c.grid } } },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 6 }],
      series: compared.map((r, i) => {
        const cid = defaultContainerId(r.result);
        const curve = (cid && r.result.containers[cid]?.equityCurve) || [];
        return {
          type: 'line',
          name: r.label,
          showSymbol: false,
          sampling: 'lttb',
          large: true,
          lineStyle: { width: 1.4, color: i === 0 ? c.equity : c.accent },
          data: curve.map((p) => [p.timestamp, p.equity]),
        };
      }),
    };
  }, [compared, dark]);

  const toggle = (id: string) => setCompare((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c.slice(-1), id]));

  const exportAll = async () => {
    const ids = compare.length ? compare : (runs ?? []).map((r) => r.id);
    const blob = await services.exportRuns(ids);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `event-studio-runs-${new Date().toISOString().slice(0, 10)}.zip`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  return (
    <div className="runs-tab" data-testid="runs-tab">
      <div className="toolbar">
        <span className="muted">Runs are kept in this browser (IndexedDB). Tick two to compare their equity.</span>
        <button onClick={() => void exportAll()} disabled={!runs?.length} data-testid="export-runs">
          Export {compare.length ? 'selected' : 'all'} (.zip)
        </button>
        <button onClick={() => fileRef.current?.click()} data-testid="import-runs">
          Import…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="import-file"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            try {
              const n = await services.importRuns(f);
              patch({ notice: `Imported ${n} run(s).` });
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
            }
            patch({ historyVersion: useStudioStore.getState().historyVersion + 1 });
            e.target.value = '';
          }}
        />
      </div>
      {error && <p role="alert">{error}</p>}
      {option && (
        <section className="compare-panel" aria-label="Run comparison" data-testid="compare-panel">
          <EChart option={option} className="echart compare" testId="compare-chart" ariaLabel={`Equity curves: ${compared.map((r) => r.label).join(' vs ')}`} />
          {compared.length === 2 && <CompareTable runs={compared} />}
        </section>
      )}
      {runs === null ? (
        <p role="status">Loading history…</p>
      ) : runs.length === 0 ? (
        <EmptyState title="No saved runs" hint="Every run is saved here automatically." />
      ) : (
        <table className="runs-table">
          <thead>
            <tr>
              <th>Compare</th>
              <th>Saved</th>
              <th>Run</th>
              <th>Dataset</th>
              <th className="num">Return</th>
              <th className="num">Sharpe</th>
              <th className="num">Max DD</th>
              <th className="num">Trades</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {groups.flatMap((g) => [g.run, ...(expanded.has(g.run.id) ? g.same : [])].map((r) => ({ r, g }))).map(({ r, g }) => (
              <tr key={r.id} data-testid="run-row" data-run-id={r.id} className={r === g.run ? '' : 'same-run'}>
                <td>
                  <input type="checkbox" checked={compare.includes(r.id)} onChange={() => toggle(r.id)} aria-label={`Compare ${r.configName}`} />
                </td>
                <td>{formatTime(r.savedAt)}</td>
                {/* The run's name: "<config> <date time>", or a sweep's stored point "<config> · final #2 (fast=30)". */}
                <td className="ellipsis" title={`config: ${r.configName}`}>
                  {r.name}
                  {r === g.run && g.same.length > 0 && (
                    <button
                      type="button"
                      className="link same-count"
                      aria-expanded={expanded.has(r.id)}
                      title="The same study, run again with the same outcome"
                      data-testid="same-runs"
                      onClick={() =>
                        setExpanded((e) => {
                          const next = new Set(e);
                          if (!next.delete(r.id)) next.add(r.id);
                          return next;
                        })
                      }
                    >
                      ×{g.same.length + 1}
                    </button>
                  )}
                </td>
                <td title={r.datasetId}>{datasetLabel(r.datasetId)}</td>
                <td className="num">{r.metrics ? formatPct(r.metrics.totalReturn) : '—'}</td>
                <td className="num">{r.metrics ? formatRatio(r.metrics.sharpeRatio) : '—'}</td>
                <td className="num">{r.metrics ? formatPct(r.metrics.maxDrawdown) : '—'}</td>
                <td className="num">{r.metrics?.totalTrades ?? '—'}</td>
                <td className="actions">
                  <button onClick={() => void reopenRun(r.id)} data-testid="reopen-run">
                    Open
                  </button>
                  <ExportReportButton exportReport={() => exportSavedRunReport(r.id)} label="Report" testId="export-run-report" />
                  <button
                    onClick={async () => {
                      await services.deleteRun(r.id);
                      setCompare((c) => c.filter((x) => x !== r.id));
                      // A stored sweep point whose run this was is no longer stored (opening it re-runs it).
                      const sweep = useStudioStore.getState().sweep;
                      const savedRuns = sweep && Object.fromEntries(Object.entries(sweep.savedRuns).filter(([, id]) => id !== r.id));
                      patch({
                        historyVersion: useStudioStore.getState().historyVersion + 1,
                        ...(sweep && savedRuns ? { sweep: { ...sweep, savedRuns } } : {}),
                      });
                    }}
                    data-testid="delete-run"
                    aria-label={`Delete run ${r.configName}`}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const COMPARED: { key: string; label: string; fmt: (v: number) => string }[] = [
  { key: 'totalReturn', label: 'Total return', fmt: (v) => formatPct(v) },
  { key: 'sharpeRatio', label: 'Sharpe', fmt: formatRatio },
  { key: 'maxDrawdown', label: 'Max drawdown', fmt: (v) => formatPct(v) },
  { key: 'winRate', label: 'Win rate', fmt: (v) => formatPct(v, 1) },
  { key: 'profitFactor', label: 'Profit factor', fmt: formatRatio },
  { key: 'totalTrades', label: 'Trades', fmt: (v) => String(v) },
];

/** The two compared runs' headline metrics side by side, with the difference. */
function CompareTable({ runs }: { runs: { id: string; label: string; result: BacktestResult }[] }) {
  const metrics = runs.map((r) => {
    const cid = defaultContainerId(r.result);
    return cid ? r.result.containers[cid]?.metrics : undefined;
  });
  return (
    <table className="runs-table compare-table" data-testid="compare-table">
      <thead>
        <tr>
          <th>Metric</th>
          {runs.map((r) => (
            <th key={r.id} className="num">
              {r.label}
            </th>
          ))}
          <th className="num">Δ (2nd − 1st)</th>
        </tr>
      </thead>
      <tbody>
        {COMPARED.map((f) => {
          const [a, b] = metrics.map((m) => m?.[f.key]);
          return (
            <tr key={f.key}>
              <td>{f.label}</td>
              <td className="num">{a === undefined ? '—' : f.fmt(a)}</td>
              <td className="num">{b === undefined ? '—' : f.fmt(b)}</td>
              <td className="num">{a === undefined || b === undefined ? '—' : f.fmt(b - a)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
