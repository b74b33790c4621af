// Sweep results: every grid point ranked by the objective, and a heatmap of the
// objective over two chosen parameters; clicking a cell or a row opens that backtest.
// Every point keeps all its metrics, so re-ranking by another metric is client-side.
import { useMemo } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import type { PointOutcome } from '../../engine/optimization/pool-protocol';
import { objectiveValue, rankOutcomes } from '../../engine/optimization/rank-results';
import { useStudioStore } from './state/studio-store';
import { applySweepParams, openSweepPoint } from './state/studio-actions';
import { sweepPointKey } from './state/sweep-point-key';
import { PoolSizeControl } from './PoolSizeControl';
import { EChart } from './charts/EChart';
import { echarts } from './charts/echarts-setup';
import { HeatmapChart } from 'echarts/charts';
import { VisualMapComponent } from 'echarts/components';
import { chartColors } from './charts/chart-colors';
import { EmptyState } from './EmptyState';
import { WindowedList } from './WindowedList';
import { formatInt, formatPct, formatRatio } from './format/format-number';
import { formatExtraMetric } from './format/format-extra-metric';
import { heatmapTooltipHtml } from './format/heatmap-tooltip-html';
import { METRIC_FIELDS } from './MetricsCards';
import { toSnakeCase } from '../../core/metrics-to-json';
import type { MetricsSnapshot } from '../../core/metrics-snapshot';

// Loaded with this view only: the first paint does not carry the heatmap.
echarts.use([HeatmapChart, VisualMapComponent]);

function metricsOf(o: PointOutcome, container: string | null) {
  if (!o.ok) return null;
  const runId = container ? o.containerIds[container] : undefined;
  return (runId !== undefined ? o.metrics[runId] : undefined) ?? Object.values(o.metrics)[0] ?? null;
}

const key = (v: unknown) => String(v);

const LABELS = new Map(METRIC_FIELDS.map((f) => [f.key, f.label]));
/** A metric's name for people: the cards' label, else its snake_case YAML name. */
function label(metric: string): string {
  const camel = metric.replace(/^metrics\./, '').replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return LABELS.get(camel) ?? toSnakeCase(camel);
}

const PCT = new Set(['totalReturn', 'maxDrawdown', 'winRate', 'exposure', 'annualizedReturn', 'volatility']);
function formatColumn(k: string, m: MetricsSnapshot): string {
  const v = m[k]!;
  if (PCT.has(k)) return formatPct(v);
  if (k === 'totalTrades') return formatInt(v);
  const f = METRIC_FIELDS.find((x) => x.key === k);
  return f ? f.fmt(v, m) : formatExtraMetric(k, v);
}

export function SweepTab() {
  const sweep = useStudioStore((s) => s.sweep);
  const status = useStudioStore((s) => s.status);
  const heatmapX = useStudioStore((s) => s.heatmapX);
  const heatmapY = useStudioStore((s) => s.heatmapY);
  const patch = useStudioStore((s) => s.patch);
  const dark = useStudioStore((s) => s.theme === 'dark');
  const sweepRank = useStudioStore((s) => s.sweepRank);
  const extraColumns = useStudioStore((s) => s.sweepColumns);
  // The ranking in force: the user's pick, else the config's objective.
  const objective = sweepRank?.objective ?? sweep?.objective ?? '';
  const direction = sweepRank?.direction ?? sweep?.direction ?? 'maximize';

  /** Every numeric metric the points kept (snapshot keys, camelCase), in snapshot order. */
  const metricKeys = useMemo(() => {
    const first = sweep?.points.find((o) => o.ok);
    const m = first ? metricsOf(first, sweep?.objectiveContainer ?? null) : null;
    return m ? Object.keys(m).filter((k) => typeof m[k] === 'number') : [];
  }, [sweep]);

  // The objective formatted as its metric reads elsewhere (a drawdown as %, a Sharpe as a ratio).
  const objectiveKey = metricKeys.find((k) => k === objective || toSnakeCase(k) === objective) ?? null;
  const showObjective = (o: PointOutcome, value: number): string => {
    const m = objectiveKey ? metricsOf(o, sweep?.objectiveContainer ?? null) : null;
    return m && objectiveKey && typeof m[objectiveKey] === 'number' ? formatColumn(objectiveKey, m) : formatRatio(value);
  };

  const ranked = useMemo(() => {
    if (!sweep) return [];
    const opts = { objective, direction, objectiveContainer: sweep.objectiveContainer };
    return rankOutcomes(sweep.points, opts).map((at) => ({ o: sweep.points[at]!, value: objectiveValue(sweep.points[at]!, opts) }));
  }, [sweep, objective, direction]);

  const heat = useMemo<{ option: EChartsCoreOption; cells: number; best: string; bestParams: Record<string, number | string | boolean> | null } | null>(() => {
    if (!sweep || !heatmapX) return null;
    const c = chartColors(dark);
    const xs = [...new Set(sweep.points.filter((o) => o.params[heatmapX] !== undefined).map((o) => key(o.params[heatmapX])))];
    const ys = heatmapY ? [...new Set(sweep.points.filter((o) => o.params[heatmapY] !== undefined).map((o) => key(o.params[heatmapY])))] : ['—'];
    const numeric = (a: string, b: string) => (Number.isFinite(+a) && Number.isFinite(+b) ? +a - +b : a.localeCompare(b));
    xs.sort(numeric);
    ys.sort(numeric);
    // A cell is the best point with those two values (other parameters vary inside it).
    const best = new Map<string, { value: number; o: PointOutcome }>();
    const better = (a: number, b: number) => (direction === 'minimize' ? a < b : a > b);
    const opts = { objective, direction, objectiveContainer: sweep.objectiveContainer };
    for (const o of sweep.points) {
      // A phase that did not sweep one of the two parameters has no cell on this map.
      if (o.params[heatmapX] === undefined || (heatmapY && o.params[heatmapY] === undefined)) continue;
      const v = objectiveValue(o, opts);
      if (v === null || !Number.isFinite(v)) continue;
      const k = `${key(o.params[heatmapX])}|${heatmapY ? key(o.params[heatmapY]) : '—'}`;
      const cur = best.get(k);
      if (!cur || better(v, cur.value)) best.set(k, { value: v, o });
    }
    const data = [...best].map(([k, { value, o }]) => {
      const [x, y] = k.split('|');
      return { value: [xs.indexOf(x!), ys.indexOf(y!), value], params: o.params, text: showObjective(o, value) };
    });
    const values = data.map((d) => d.value[2] as number);
    const top = data.reduce<(typeof data)[number] | null>((b, d) => (!b || better(d.value[2] as number, b.value[2] as number) ? d : b), null);
    const bestText = top
      ? `${Object.entries(top.params).map(([k2, v]) => `${k2.split('.').slice(-1)[0]}=${v}`).join(', ')}: ${top.text}`
      : '—';
    const option: EChartsCoreOption = {
      animation: false,
      tooltip: {
        backgroundColor: c.tooltipBg,
        textStyle: { color: c.text },
        formatter: (p: unknown) => {
          const d = (p as { data: { value: number[]; params: Record<string, unknown>; text: string } }).data;
          return heatmapTooltipHtml(d.params, label(objective), d.text);
        },
      },
      grid: { left: 90, right: 90, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: xs, name: heatmapX, nameLocation: 'middle', nameGap: 32, axisLabel: { color: c.muted }, nameTextStyle: { color: c.muted } },
      yAxis: { type: 'category', data: ys, name: heatmapY ?? '', nameLocation: 'middle', nameGap: 60, axisLabel: { color: c.muted }, nameTextStyle: { color: c.muted } },
      visualMap: {
        min: values.length ? Math.min(...values) : 0,
        max: values.length ? Math.max(...values) : 1,
        calculable: true,
        precision: 2,
        orient: 'vertical',
        right: 8,
        top: 'center',
        textStyle: { color: c.muted },
        inRange: { color: direction === 'minimize' ? ['#1a9850', '#fee08b', '#d73027'] : ['#d73027', '#fee08b', '#1a9850'] },
      },
      series: [{ type: 'heatmap', id: 'heat', data, label: { show: xs.length * ys.length <= 120, color: '#111', formatter: (p: { data: { text: string } }) => p.data.text } }],
    };
    return { option, cells: data.length, best: bestText, bestParams: top ? top.params : null };
  }, [sweep, heatmapX, heatmapY, dark, objective, direction]);

  if (!sweep) {
    return (
      <div className="sweep-tab" data-testid="sweep-tab">
        <div className="toolbar wrap">
          <PoolSizeControl />
        </div>
        <EmptyState
          title="No sweep yet"
          hint="Add an optimization block (objective + parameters) to the YAML and press Sweep: every grid point runs in parallel workers."
        />
      </div>
    );
  }
  const done = sweep.points.length;
  const phased = sweep.points.some((o) => o.phase !== null);
  const cols = `40px ${phased ? '70px ' : ''}repeat(${sweep.parameterPaths.length}, minmax(60px, 1fr)) repeat(${4 + extraColumns.length}, 90px) 64px`;
  // Skipped points (optimization.constraint, or parameters the engine refuses such as fast >= slow) are not failures.
  const failed = sweep.points.filter((o) => !o.ok && o.skipped === undefined).length;
  const skippedConstraint = sweep.points.filter((o) => !o.ok && o.skipped === 'constraint').length;
  const skippedInvalid = sweep.points.filter((o) => !o.ok && o.skipped === 'invalid').length;
  const storedCount = Object.keys(sweep.savedRuns).length;
  return (
    <div className="sweep-tab" data-testid="sweep-tab">
      <div className="toolbar wrap">
        <span data-testid="sweep-status">
          {sweep.finished ? (sweep.cancelled ? 'Cancelled' : 'Finished') : status === 'sweeping' ? 'Running' : 'Stopped'} · {formatInt(done)} / {formatInt(sweep.total)} points
          {failed ? ` · ${failed} failed` : ''}
          {skippedConstraint + skippedInvalid > 0 && (
            <span data-testid="sweep-skipped" title={`Not run: ${skippedConstraint} excluded by optimization.constraint, ${skippedInvalid} with invalid parameters (each row says why)`}>
              {` · ${skippedConstraint + skippedInvalid} skipped`}
            </span>
          )}
          {' '}· objective {direction} {label(objective)}
          {sweep.durationMs != null ? ` · ${(sweep.durationMs / 1000).toFixed(1)} s` : ''}
          {` · ${sweep.workers} worker${sweep.workers === 1 ? '' : 's'}`}
          {storedCount > 0 && (
            <span data-testid="sweep-stored-note" title="Points whose settings say storage_backend disk/hierarchical: their traces are in IndexedDB and each is kept in Runs">
              {' · '}
              <span className="stored-dot" /> {storedCount} stored in Runs
            </span>
          )}
        </span>
        <PoolSizeControl />
        <label>
          X{' '}
          <select value={heatmapX ?? ''} onChange={(e) => patch({ heatmapX: e.target.value })} data-testid="heatmap-x">
            {sweep.parameterPaths.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          Y{' '}
          <select value={heatmapY ?? ''} onChange={(e) => patch({ heatmapY: e.target.value || null })} data-testid="heatmap-y">
            <option value="">(none)</option>
            {sweep.parameterPaths.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label title="Rank the points by any metric they kept (all are kept per point)">
          Rank by{' '}
          <select
            value={metricKeys.find((k) => k === objective || toSnakeCase(k) === objective) ?? objective}
            onChange={(e) => patch({ sweepRank: { objective: e.target.value, direction } })}
            data-testid="sweep-objective"
          >
            {!metricKeys.some((k) => k === objective || toSnakeCase(k) === objective) && <option value={objective}>{label(objective)}</option>}
            {metricKeys.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </label>
        <button
          onClick={() => patch({ sweepRank: { objective, direction: direction === 'maximize' ? 'minimize' : 'maximize' } })}
          title="Toggle: highest first / lowest first"
          data-testid="sweep-direction"
        >
          {direction === 'maximize' ? '↓ highest first' : '↑ lowest first'}
        </button>
        <details className="column-picker" data-testid="sweep-columns" style={{ position: 'relative' }}>
          <summary>Columns ({extraColumns.length})</summary>
          <div
            className="column-picker-list"
            style={{ position: 'absolute', zIndex: 20, right: 0, top: '100%', display: 'grid', gridTemplateColumns: 'repeat(2, max-content)', gap: '2px 12px', padding: 8, maxHeight: 320, overflow: 'auto', background: 'var(--bg)', border: '1px solid var(--border)', borderRadius: 6 }}
          >
            {metricKeys.map((k) => (
              <label key={k}>
                <input
                  type="checkbox"
                  checked={extraColumns.includes(k)}
                  onChange={(e) =>
                    patch({ sweepColumns: e.target.checked ? metricKeys.filter((x) => x === k || extraColumns.includes(x)) : extraColumns.filter((x) => x !== k) })
                  }
                  data-testid={`sweep-column-${k}`}
                />{' '}
                {label(k)}
              </label>
            ))}
          </div>
        </details>
      </div>
      {sweep.error && <p role="alert">{sweep.error}</p>}
      <div className="sweep-grid">
        {heat && (
          <div className="heatmap-box">
          <p className="muted heatmap-caption" data-testid="heatmap-caption" data-cells={heat.cells}>
            {heat.cells} cells · best {heat.best} · click a cell to open that backtest{' '}
            {heat.bestParams && (
              <button className="sweep-apply" data-testid="heatmap-apply-best" onClick={() => applySweepParams(heat.bestParams!)} title="Write the best cell's parameters into the config">
                Apply best to config
              </button>
            )}
          </p>
          <EChart
            option={heat.option}
            className="echart heatmap"
            testId="sweep-heatmap"
            ariaLabel={`Heatmap of ${label(objective)} over ${heatmapX} and ${heatmapY}`}
            onClick={(p) => {
              const params = (p.data as { params?: Record<string, number | string | boolean> } | null)?.params;
              if (params) void openSweepPoint(params);
            }}
          />
          </div>
        )}
        <div className="table sweep-table" role="table" aria-label="Ranked grid points">
          <div className="thead sweep-row" role="row" style={{ gridTemplateColumns: cols }}>
            <span>#</span>
            {phased && <span>Phase</span>}
            {sweep.parameterPaths.map((p) => (
              <span key={p} className="ellipsis" title={p}>
                {p.split('.').slice(-1)[0]}
              </span>
            ))}
            <span className="num" data-testid="sweep-objective-header">{label(objective)}</span>
            <span className="num">Return</span>
            <span className="num">Max DD</span>
            <span className="num">Trades</span>
            {extraColumns.map((k) => (
              <span key={k} className="num ellipsis" title={toSnakeCase(k)} data-testid={`sweep-col-${k}`}>
                {label(k)}
              </span>
            ))}
            <span className="sr-only">Apply to config</span>
          </div>
          <WindowedList
            count={ranked.length}
            rowHeight={26}
            ariaLabel="Sweep points"
            testId="sweep-rows"
            renderRow={(i) => {
              const { o, value } = ranked[i]!;
              const m = metricsOf(o, sweep.objectiveContainer);
              const stored = sweep.savedRuns[sweepPointKey(o)] !== undefined;
              return (
                <div
                  role="row"
                  className="tr sweep-row"
                  data-testid="sweep-row"
                  style={{ gridTemplateColumns: cols }}
                  onClick={() => void openSweepPoint(o.params, o)}
                  title={o.ok ? (stored ? 'Open this backtest as it ran (its trace is stored in Runs)' : 'Open this backtest') : o.error.message}
                  data-stored={stored ? 'true' : undefined}
                >
                  <span className="num">{i + 1}</span>
                  {phased && (
                    <span className="nowrap">
                      {o.phase}
                      {stored && <span className="stored-dot" data-testid="sweep-stored" role="img" aria-label="trace stored" title="Trace stored (storage_backend disk): kept in Runs" />}
                    </span>
                  )}
                  {sweep.parameterPaths.map((p) => (
                    <span key={p} title={o.params[p] === undefined ? 'as in the config (not swept in this phase)' : undefined}>
                      {o.params[p] === undefined ? '—' : String(o.params[p])}
                    </span>
                  ))}
                  {o.ok ? (
                    <>
                      <span className="num">{value === null ? '—' : showObjective(o, value)}</span>
                      <span className="num">{m ? formatPct(m.totalReturn) : '—'}</span>
                      <span className="num">{m ? formatPct(m.maxDrawdown) : '—'}</span>
                      <span className="num">{m ? formatInt(m.totalTrades) : '—'}</span>
                      {extraColumns.map((k) => (
                        <span key={k} className="num">
                          {m && typeof m[k] === 'number' ? formatColumn(k, m) : '—'}
                        </span>
                      ))}
                    </>
                  ) : (
                    <span className={`${o.skipped !== undefined ? 'muted' : 'neg'} ellipsis`} style={{ gridColumn: `span ${4 + extraColumns.length}` }} data-skipped={o.skipped}>
                      {o.skipped !== undefined ? `skipped: ${o.error.message}` : o.error.message}
                    </span>
                  )}
                  {Object.keys(o.params).length > 0 ? (
                    <button
                      className="sweep-apply"
                      data-testid="sweep-apply"
                      title={`Write ${Object.entries(o.params).map(([k, v]) => `${k} = ${String(v)}`).join(', ')} into the config`}
                      onClick={(e) => {
                        // The row opens the backtest; this only edits the config.
                        e.stopPropagation();
                        applySweepParams(o.params);
                      }}
                    >
                      Apply
                    </button>
                  ) : (
                    <span />
                  )}
                </div>
              );
            }}
          />
        </div>
      </div>
    </div>
  );
}
