// "Export report (HTML)": the run is re-executed with full tracing on the worker pool —
// where the dataset already lives, so the UI stays responsive even for a long run — and
// the main thread only renders the string (renderReportHtml, pure) with the bars, loaded for
// the report on demand (the price chart holds only what it draws), then downloads it via a Blob. Same engine, same config, same
// params: deterministic, so the report's numbers are the studio's. A walk-forward the
// studio just ran on the same config is included as is (not re-run).
import { renderReportHtml } from '../../../report/render-report-html';
import { REPORT_TRACE_OVERRIDE } from '../../../report/build-report-html';
import type { SweepValue } from '../../../engine/optimization/expand-grid';
import type { WalkForwardResult } from '../../../engine/walk-forward/walk-forward-result';
import { services } from '../state/studio-services';
import { studioPool, userSourcesOf } from '../state/studio-actions';
import { useStudioStore } from '../state/studio-store';
import { reportFileName } from './report-file-name';

export interface ReportRequest {
  configText: string;
  datasetId: string;
  params?: Record<string, SweepValue> | null;
  walkForward?: WalkForwardResult;
}

/** Builds the report's HTML (one full-trace run in a worker + rendering here). */
export async function buildStudioReport(request: ReportRequest): Promise<{ html: string; name: string }> {
  const [result, dataset] = await Promise.all([
    studioPool().runOne({
      configText: request.configText,
      dataset: await services.datasetSource(request.datasetId, request.configText),
      params: request.params ?? undefined,
      traceOverride: REPORT_TRACE_OVERRIDE,
      userStrategies: await userSourcesOf(request.configText),
    }),
    services.loadDataset(request.datasetId, request.configText).then(
      (d) => ({ ...d, id: request.datasetId }),
      // Without bars the report draws prices from the run's traced BAR events.
      () => undefined,
    ),
  ]);
  const params = request.params ? Object.entries(request.params).map(([k, v]) => `${k.split('.').slice(-1)[0]}=${String(v)}`) : [];
  const html = renderReportHtml({
    result,
    ...(dataset ? { dataset } : {}),
    subtitle: `Exported from Event Studio${params.length ? ` · sweep point ${params.join(', ')}` : ''}`,
    ...(request.walkForward ? { walkForward: request.walkForward } : {}),
  });
  return { html, name: result.configName };
}

/** Saves `html` as `<name>.html` through a temporary object URL. */
export function downloadHtml(html: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started; free the blob shortly after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The studio's shown result as a report (with its walk-forward when it ran on the same text). */
export async function exportShownReport(): Promise<void> {
  const s = useStudioStore.getState();
  if (!s.result || !s.resultConfigText) throw new Error('Run a backtest first: the report exports the shown run.');
  const wf = s.walkForward?.result && s.walkForward.configText === s.resultConfigText && !s.resultParams ? s.walkForward.result : undefined;
  const { html, name } = await buildStudioReport({
    configText: s.resultConfigText,
    datasetId: s.result.datasetId,
    params: s.resultParams,
    ...(wf ? { walkForward: wf } : {}),
  });
  downloadHtml(html, reportFileName(name));
}

/** A saved run of the Runs tab as a report (its config re-run; history keeps no params). */
export async function exportSavedRunReport(id: string): Promise<void> {
  const run = await services.openRun(id);
  if (!run) throw new Error(`Run ${id} is no longer in history.`);
  const { html, name } = await buildStudioReport({ configText: run.configText, datasetId: run.result.datasetId });
  downloadHtml(html, reportFileName(name));
}
