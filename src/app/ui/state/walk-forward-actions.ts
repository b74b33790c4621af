// Walk-forward in the studio. runWalkForward plans the windows and slices the bars, so it
// needs the Dataset in memory: it runs HERE on the main thread, but only orchestrates —
// planning, slicing (a filter over a few thousand bars) and stitching the curves are cheap —
// while every backtest (each window's whole grid at once, then its test run) goes to the
// worker pool through sweepPoolWalkForwardRunner. The bars are loaded for the study, on demand
// (services.loadDataset: the price chart holds only what it draws, never the full bars), and
// each slice crosses to a worker once per window (its id names the window, so a worker caches
// it for all grid points).
import { isCancelledError } from '../../../engine/optimization/cancelled-error';
import { runWalkForward } from '../../../engine/walk-forward/run-walk-forward';
import { useStudioStore } from './studio-store';
import { services } from './studio-services';
import { onCancelRun, runnableText, studioPool, userSourcesOf } from './studio-actions';
import { walkForwardProgress } from './walk-forward-progress';

const store = useStudioStore;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs optimization.walk_forward of the editor's config; results land in the Walk-forward tab. */
export async function runWalkForwardStudy(): Promise<void> {
  const s = store.getState();
  if (s.status !== 'idle') return;
  const pick = runnableText();
  if (!pick) {
    store.setState({ runError: 'The config has errors and there is no earlier valid config to validate.' });
    return;
  }
  const parsed = services.parse(pick.text);
  if (!parsed.ok) return;
  const config = parsed.config;
  if (!config.optimization?.walkForward) {
    store.setState({
      runError:
        'This config has no optimization.walk_forward block: add e.g. walk_forward: {train: 750, test: 250, anchored: false} (bars) or {train: 2y, test: 6mo} under optimization.',
      tab: 'walk-forward',
    });
    return;
  }
  const datasetId = config.data.source;
  const startedAt = performance.now();
  const controller = new AbortController();
  const stopListening = onCancelRun(() => controller.abort('cancelled by the user'));
  store.setState({
    status: 'walking',
    runError: null,
    tab: 'walk-forward',
    progress: null,
    datasetId,
    walkForward: { configText: pick.text, datasetId, windowsTotal: 0, windowsDone: 0, result: null, finished: false, cancelled: false, error: null, durationMs: null },
  });
  const patchView = (p: Partial<NonNullable<ReturnType<typeof store.getState>['walkForward']>>) => {
    const wf = store.getState().walkForward;
    if (wf) store.setState({ walkForward: { ...wf, ...p } });
  };
  try {
    const dataset = { ...(await services.loadDataset(datasetId, pick.text)), id: datasetId };
    const result = await runWalkForward(config, dataset, {
      runPoint: studioPool().walkForwardRunner(await userSourcesOf(pick.text)),
      signal: controller.signal,
      onProgress: (p) => {
        store.setState({ progress: walkForwardProgress(p, performance.now() - startedAt) });
        const wf = store.getState().walkForward;
        if (wf && (wf.windowsTotal !== p.windowsTotal || wf.windowsDone !== p.windowsDone)) patchView({ windowsTotal: p.windowsTotal, windowsDone: p.windowsDone });
      },
    });
    patchView({ result, finished: true, windowsDone: result.windows.length, durationMs: performance.now() - startedAt });
  } catch (e) {
    const cancelled = controller.signal.aborted || isCancelledError(e);
    patchView({ finished: true, cancelled, error: cancelled ? null : message(e), durationMs: performance.now() - startedAt });
    if (!cancelled) store.setState({ runError: message(e) });
  } finally {
    stopListening();
    store.setState({ status: 'idle', progress: null });
  }
}
