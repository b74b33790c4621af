// What the studio does (run, sweep, cancel, re-trace, share, restore): the only
// place the UI talks to the worker pool, the config parser and storage.
import type { BacktestResult } from '../../../engine/backtest-result';
import type { PointOutcome, PoolProgress } from '../../../engine/optimization/pool-protocol';
import { isCancelledError } from '../../../engine/optimization/cancelled-error';
import { useStudioStore } from './studio-store';
import { defaultContainerId } from './result-selectors';
import { services } from './studio-services';
import { openSharedLink } from '../share/share-actions';
import type { UserStrategySource } from '../../../engine/user-strategy/user-strategy-api';
import { clearRunFailure, importStrategies, reportRunFailure, sourcesForConfig } from '../strategy-lab/strategy-lab-actions';
import type { SweepValue } from '../../../engine/optimization/expand-grid';
import { withDataSource } from './with-data-source';
import { withSweepParams } from './with-sweep-params';
import { defaultPoolSize } from '../../workers/backtest-pool';
import { sweepPointKey } from './sweep-point-key';
import { BUNDLED_DATASETS } from '../../../engine/data/bundled-datasets';
import { DEFAULT_SYNTHETIC_BARS_OPTIONS } from '../../../engine/data/synthetic-bars-options';
import { chartDataset, type ChartSeries } from '../../data/chart-bars';
import type { Overlay, OverlaySpec } from '../charts/strategy-overlays';

const store = useStudioStore;

/**
 * Full tracing for chains: the user's config keeps its own retention (trade_complete). In memory:
 * this deterministic re-run is a view, so it must not leave a second IndexedDB archive behind.
 */
export const FULL_TRACE = { retentionPolicy: 'full', eventsToTrace: 'ALL', storageBackend: 'memory' } as const;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The user strategy sources the shown result ran with (share links carry exactly these). */
let resultSources: { text: string; sources: UserStrategySource[] } | null = null;

/** The user strategy sources the shown result ran with, when `text` is its config (null otherwise). */
export function resultSourcesOf(text: string): UserStrategySource[] | null {
  return resultSources?.text === text ? resultSources.sources : null;
}

/** The saved sources of the `user:` strategies a config text names ([] for built-ins only). */
export async function userSourcesOf(text: string): Promise<UserStrategySource[]> {
  const parsed = services.parse(text);
  if (!parsed.ok || !parsed.config.containers.some((c) => c.type === 'strategy' && c.strategy.startsWith('user:'))) return [];
  return sourcesForConfig(parsed.config);
}

/** A failure inside a user strategy names the strategy and line, and opens it there. */
function runFailureMessage(e: unknown): string {
  return reportRunFailure(message(e)) ?? message(e);
}

/** Single runs report bars, sweeps report points: the header shows both the same way. */
export function toPoolProgress(p: unknown, startedAt: number): PoolProgress {
  const o = p as Partial<PoolProgress> & { barsDone?: number; barsTotal?: number; eventsPublished?: number };
  if (typeof o.barsDone === 'number' && typeof o.barsTotal === 'number') {
    const elapsed = Math.max(performance.now() - startedAt, 1);
    const rate = o.barsDone / elapsed;
    return {
      done: o.barsDone,
      total: o.barsTotal,
      failed: 0,
      eventsPublished: o.eventsPublished ?? 0,
      eventsPerSecond: ((o.eventsPublished ?? 0) / elapsed) * 1000,
      etaMs: rate > 0 ? (o.barsTotal - o.barsDone) / rate : null,
      phase: null,
    };
  }
  return {
    done: o.done ?? 0,
    total: o.total ?? 0,
    failed: o.failed ?? 0,
    eventsPublished: o.eventsPublished ?? 0,
    eventsPerSecond: o.eventsPerSecond ?? 0,
    etaMs: o.etaMs ?? null,
    phase: o.phase ?? null,
  };
}

/**
 * Parses the editor text and persists it. A text that parses is not yet the "last valid" config
 * Run falls back to: only one that ran successfully becomes that (see keepAsLastValid).
 */
export function validateText(text: string) {
  const parsed = services.parse(text);
  store.getState().setParseResult(parsed.ok ? [] : parsed.errors, null);
  // The YAML's data.source is the one truth; the header picker follows it.
  if (parsed.ok && store.getState().status === 'idle') {
    store.setState({ datasetId: parsed.config.data.source });
  }
  void services.saveWorkingText(text, false);
  return parsed.ok ? [] : parsed.errors;
}

/** A config that ran successfully is what Run falls back to while the editor holds errors (kept across reloads). */
function keepAsLastValid(text: string): void {
  store.setState({ lastValidText: text });
  // Stored as the last good config together with the working text only when they are the same
  // (the store keeps both in one write; an edit made during the run stays the working text).
  if (store.getState().configText === text) void services.saveWorkingText(text, true);
}

/** The text Run uses: the editor's when it parses, else the last valid one. */
export function runnableText(): { text: string; usingLastValid: boolean } | null {
  const s = store.getState();
  const parsed = services.parse(s.configText);
  if (parsed.ok) return { text: s.configText, usingLastValid: false };
  return s.lastValidText ? { text: s.lastValidText, usingLastValid: true } : null;
}

/** The dataset a config text names (data.source), else the picker's. */
function datasetOf(text: string): string {
  const parsed = services.parse(text);
  return parsed.ok ? parsed.config.data.source : store.getState().datasetId;
}

let pool: ReturnType<typeof services.createPool> | null = null;
function getPool() {
  pool ??= services.createPool(store.getState().poolSize ?? undefined);
  return pool;
}

/**
 * Sets how many workers run backtests and sweeps (null: the default, one per core but one):
 * the idle pool is terminated and the next run starts one of the new size. Refused mid-run.
 */
export function setPoolSize(size: number | null): void {
  const s = store.getState();
  if (s.status !== 'idle') {
    store.setState({ notice: 'The worker count changes once the current run or sweep has finished (or been cancelled).' });
    return;
  }
  if (size === s.poolSize) return;
  pool?.dispose();
  pool = null;
  s.setPoolSize(size);
}

/** Workers the next run uses. */
export function poolSizeInUse(): number {
  return pool?.size ?? store.getState().poolSize ?? defaultPoolSize();
}

/**
 * Buy & hold at `times` over the full closes of a dataset the page holds thinned (the worker
 * that holds the bars computes it; exactly buyAndHoldCurve).
 */
export async function buyAndHoldOnWorker(datasetId: string, configText: string, initialCapital: number, times: readonly number[]): Promise<[number, number][]> {
  return getPool().buyAndHold(await services.datasetSource(datasetId, configText), initialCapital, times);
}

/** `symbol`'s bars in [from, to] as candles, from the worker that holds them (a zoomed-in thinned chart). */
export async function chartWindowOnWorker(datasetId: string, configText: string, symbol: string, from: number, to: number): Promise<ChartSeries | null> {
  return getPool().chartWindow(await services.datasetSource(datasetId, configText), symbol, from, to);
}

/** Indicator lines over every bar of `symbol`, sampled at each thinned candle's last bar (the worker that holds the bars computes them). */
export async function overlaysOnWorker(
  datasetId: string,
  configText: string,
  symbol: string,
  specs: readonly OverlaySpec[],
  barsPerCandle: number,
  window?: { from: number; to: number; barsPerCandle: number },
): Promise<Overlay[]> {
  return getPool().overlays(await services.datasetSource(datasetId, configText), symbol, specs, barsPerCandle, window);
}

/** The studio's one worker pool (walk-forward and report export share it with runs and sweeps). */
export function studioPool(): ReturnType<typeof services.createPool> {
  return getPool();
}

// Jobs that orchestrate on the main thread (walk-forward) stop issuing runs when cancelled.
const cancelListeners = new Set<() => void>();
/** Called by cancelRun before the pool stops; returns a disposer. */
export function onCancelRun(listener: () => void): () => void {
  cancelListeners.add(listener);
  return () => cancelListeners.delete(listener);
}

function showResult(result: BacktestResult, configText: string, params: Record<string, SweepValue> | null) {
  const s = store.getState();
  const keepTrade = s.result && s.resultConfigText === configText ? s.selectedTradeId : null;
  store.setState({
    result,
    staleReason: null,
    resultConfigText: configText,
    resultParams: params,
    containerId: defaultContainerId(result),
    fullTrace: null,
    traceStatus: 'idle',
    selectedTradeId: keepTrade,
    selectedSequence: null,
    firstResultMs: s.firstResultMs ?? performance.now(),
  });
  void loadBars(result.datasetId, configText);
}

/**
 * The price chart's bars: parsed bars the page already holds (an imported CSV) are charted
 * here; any other dataset is asked of the worker that just backtested it, which answers
 * with only what is drawn (a big dataset's series thinned to candles), so the page never
 * generates or keeps a second full copy of the bars.
 */
async function loadBars(datasetId: string, configText: string) {
  if (store.getState().dataset?.id === datasetId) return;
  try {
    const source = await services.datasetSource(datasetId, configText);
    const dataset = source.kind === 'dataset' ? chartDataset(source.dataset) : await getPool().chartData(source);
    if (store.getState().result?.datasetId === datasetId) store.setState({ dataset: { ...dataset, id: datasetId } });
  } catch (e) {
    store.setState({ notice: `Price chart unavailable: ${message(e)}` });
  }
}

/** `containerSuffix`: a multi-phase sweep point's ('final_2'), so the run has that point's container ids and trace settings. */
export async function runBacktest(params?: Record<string, SweepValue>, textOverride?: string, containerSuffix?: string): Promise<void> {
  const s = store.getState();
  if (s.status !== 'idle') return;
  const pick = textOverride ? { text: textOverride, usingLastValid: false } : runnableText();
  if (!pick) {
    store.setState({ runError: 'The config has errors and there is no earlier valid config to run. Fix the marked lines.' });
    return;
  }
  const startedAt = performance.now();
  store.setState({ status: 'running', runError: null, progress: null, notice: pick.usingLastValid ? 'Running the last valid config: the editor text has errors.' : null });
  try {
    const datasetId = datasetOf(pick.text);
    store.setState({ datasetId });
    const dataset = await services.datasetSource(datasetId, pick.text);
    const userStrategies = await userSourcesOf(pick.text);
    const result = await getPool().runOne(
      { configText: pick.text, dataset, params, ...(containerSuffix ? { containerSuffix } : {}), userStrategies },
      { onProgress: (p: unknown) => store.setState({ progress: toPoolProgress(p, startedAt) }) },
    );
    resultSources = { text: pick.text, sources: userStrategies };
    showResult(result, pick.text, params ?? null);
    if (!params && !containerSuffix) keepAsLastValid(pick.text);
    // The strategies ran through every bar: an earlier failure shown in their editor is fixed.
    clearRunFailure(userStrategies.map((u) => u.name));
    if (['sweep', 'walk-forward', 'runs'].includes(store.getState().tab)) store.setState({ tab: 'overview' });
    // The run stays busy until it is in IndexedDB: a reload right after the result appears
    // must not lose it (the metrics are already on screen meanwhile).
    await services.saveRun(result, pick.text, userStrategies).then(
      () => store.setState((st) => ({ historyVersion: st.historyVersion + 1 })),
      (e: unknown) => store.setState({ notice: `Run not saved to history: ${message(e)}` }),
    );
  } catch (e) {
    const cancelled = isCancelledError(e);
    const runError = cancelled ? 'Run cancelled.' : runFailureMessage(e);
    // What is on screen is an earlier run's: say so where the results are, never show it as current.
    store.setState((st) => ({
      runError,
      staleReason: st.result ? (cancelled ? 'The run was cancelled: these results are from the previous run.' : `The last run failed: ${runError}`) : null,
    }));
  } finally {
    store.setState({ status: 'idle', progress: null });
  }
}

/** Re-runs the shown result with full tracing (deterministic, so its trades are the same). */
export async function loadFullTrace(): Promise<void> {
  const s = store.getState();
  if (!s.result || !s.resultConfigText || s.traceStatus === 'loading') return;
  const target = s.result;
  store.setState({ traceStatus: 'loading' });
  try {
    const full = await getPool().runOne({
      configText: s.resultConfigText,
      dataset: await services.datasetSource(target.datasetId, s.resultConfigText),
      traceOverride: FULL_TRACE,
      params: s.resultParams ?? undefined,
      // Same container ids as the shown result (a sweep point's phase suffix), so the trace matches it.
      ...(target.containerSuffix ? { containerSuffix: target.containerSuffix } : {}),
      userStrategies: resultSources?.text === s.resultConfigText ? resultSources.sources : await userSourcesOf(s.resultConfigText),
    });
    if (store.getState().result === target) store.setState({ fullTrace: full, traceStatus: 'ready' });
  } catch (e) {
    if (store.getState().result === target) store.setState({ traceStatus: 'error', runError: message(e) });
  }
}

export async function runSweep(): Promise<void> {
  const s = store.getState();
  if (s.status !== 'idle') return;
  const pick = runnableText();
  if (!pick) {
    store.setState({ runError: 'The config has errors and there is no earlier valid config to sweep.' });
    return;
  }
  const parsed = services.parse(pick.text);
  const opt = parsed.ok ? parsed.config.optimization : undefined;
  if (!opt) {
    store.setState({
      runError: 'This config has no optimization block: add optimization.parameters (e.g. ma_1.params.fast: [5, 10, 20]) to sweep.',
      tab: 'sweep',
    });
    return;
  }
  const startedAt = performance.now();
  const parameterPaths = [...new Set([...opt.parameters, ...(opt.phases ?? []).flatMap((ph) => ph.parameters ?? [])].map((p) => p.path))];
  store.setState({
    status: 'sweeping',
    runError: null,
    tab: 'sweep',
    progress: null,
    sweep: {
      objective: opt.objective,
      direction: opt.direction,
      objectiveContainer: null,
      parameterPaths,
      points: [],
      total: opt.parameters.reduce((n, p) => n * p.values.length, 1),
      configText: pick.text,
      datasetId: datasetOf(pick.text),
      finished: false,
      cancelled: false,
      error: null,
      durationMs: null,
      savedRuns: {},
      workers: poolSizeInUse(),
    },
    heatmapX: parameterPaths[0] ?? null,
    heatmapY: parameterPaths[1] ?? null,
    // A new sweep ranks by its own config's objective again.
    sweepRank: null,
  });
  // Points arrive in batches; the table re-renders at most a few times per second.
  let pending: PointOutcome[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const sw = store.getState().sweep;
    if (sw && pending.length) store.setState({ sweep: { ...sw, points: [...sw.points, ...pending] } });
    pending = [];
  };
  // Points whose settings persisted their trace (seed 08's final candidates: storage_backend
  // disk) come back whole, their events already in IndexedDB: each is kept in run history, so
  // it survives a reload and opens without re-running. The table keeps only their metrics.
  const saves: Promise<void>[] = [];
  let warnedMany = false;
  const configName = parsed.ok ? (parsed.config.name ?? '') : '';
  const keepRun = (point: PointOutcome, userStrategies: UserStrategySource[]): PointOutcome => {
    if (!point.ok || point.result === undefined) return point;
    const result = point.result;
    if (!warnedMany && saves.length >= MANY_STORED_POINTS) {
      warnedMany = true;
      store.setState({
        notice:
          `${MANY_STORED_POINTS}+ sweep points asked to store their trace (storage_backend disk/hierarchical) and are kept as runs. ` +
          'To store only the final candidates, give the final phase its own settings ("portfolio_final_*", as in seed 08).',
      });
    }
    const params = Object.entries(point.params).map(([k, v]) => `${k.split('.').slice(-1)[0]}=${String(v)}`).join(', ');
    const name = `${configName || result.configName} · ${point.phase ?? 'sweep'} #${point.index + 1}${params ? ` (${params})` : ''}`;
    saves.push(
      services.saveRun(result, pick.text, userStrategies, name).then(
        (id) => {
          const sw = store.getState().sweep;
          if (sw && sw.configText === pick.text) store.setState({ sweep: { ...sw, savedRuns: { ...sw.savedRuns, [sweepPointKey(point)]: id } } });
          store.setState((st) => ({ historyVersion: st.historyVersion + 1 }));
        },
        (e: unknown) => store.setState({ notice: `A stored sweep point was not saved to history: ${message(e)}` }),
      ),
    );
    return withoutResult(point);
  };
  try {
    const userStrategies = await userSourcesOf(pick.text);
    const result = await getPool().runSweep(
      { configText: pick.text, dataset: await services.datasetSource(datasetOf(pick.text), pick.text), userStrategies },
      {
        onProgress: (p: unknown) => store.setState({ progress: toPoolProgress(p, startedAt) }),
        onPoint: (point: PointOutcome) => {
          pending.push(keepRun(point, userStrategies));
          timer ??= setTimeout(flush, 250);
        },
      },
    );
    if (timer) clearTimeout(timer);
    // The sweep stays busy until its stored points are in history (as a single run does).
    await Promise.allSettled(saves);
    const sw = store.getState().sweep;
    store.setState({
      sweep: sw && {
        ...sw,
        // Every phase's points (phases rank the same objective, so one table holds them all).
        points: result.phases.length ? result.phases.flatMap((ph) => ph.points.map(withoutResult)) : sw.points,
        objective: result.objective,
        direction: result.direction,
        objectiveContainer: result.objectiveContainer,
        total: result.total,
        finished: true,
        durationMs: result.durationMs,
      },
    });
    // Every point failed in a user strategy (a loop, a throw): say where, as a single run would.
    const failures = result.phases.flatMap((ph) => ph.points).filter((o) => !o.ok);
    if (result.total > 0 && failures.length === result.total) {
      const first = failures[0]!;
      if (!first.ok) store.setState({ runError: `Every point failed. ${runFailureMessage(new Error(first.error.message))}` });
    }
  } catch (e) {
    if (timer) clearTimeout(timer);
    flush();
    await Promise.allSettled(saves);
    const sw = store.getState().sweep;
    const cancelled = isCancelledError(e);
    store.setState({ sweep: sw && { ...sw, finished: true, cancelled, error: cancelled ? null : message(e) } });
    if (!cancelled) store.setState({ runError: runFailureMessage(e) });
  } finally {
    keepSweep();
    store.setState({ status: 'idle', progress: null });
  }
}

/** Keeps the finished (or cancelled) sweep's table for the next visit; a failure is a note, not an error. */
function keepSweep(): void {
  const sw = store.getState().sweep;
  if (!sw) return;
  services.saveSweep(sw).catch((e: unknown) => store.setState({ notice: message(e) }));
}

/** Past this many stored points in one sweep the studio says how to store only the final ones. */
const MANY_STORED_POINTS = 20;

/** The point as the table keeps it: metrics, not the whole result (that went to history). */
function withoutResult(point: PointOutcome): PointOutcome {
  if (!point.ok || point.result === undefined) return point;
  const lean = { ...point };
  delete lean.result;
  return lean;
}

/**
 * Opens one grid point: a point whose trace was stored reopens from run history as it ran;
 * any other (or one deleted from history since) is run again as a full backtest (same config,
 * that point's parameters and container ids).
 */
export async function openSweepPoint(params: Record<string, SweepValue>, point?: Pick<PointOutcome, 'phase' | 'index' | 'containerSuffix'>): Promise<void> {
  const sw = store.getState().sweep;
  if (!sw) return;
  const saved = point && sw.savedRuns[sweepPointKey(point)];
  // Deleted from Runs since: run it again instead (deterministic, so the same backtest).
  if (saved !== undefined && (await reopenRun(saved, { quiet: true }))) return;
  store.setState({ datasetId: sw.datasetId });
  // With the point's container ids (portfolio_phase2_3): the phase's trace settings apply, as in the sweep.
  await runBacktest(params, sw.configText, point?.containerSuffix);
  store.setState({ tab: 'overview' });
}

export function cancelRun(): void {
  if (store.getState().status === 'idle') return;
  for (const l of cancelListeners) l();
  pool?.cancel();
}

/**
 * First load: a share link wins (and runs), else the saved working text, else the default config.
 * Once the first result is up, stored events no saved run refers to (a run cancelled, crashed or
 * unsaved in an earlier session) are deleted in the background.
 */
export async function initStudio(): Promise<void> {
  try {
    await openFirstResult();
  } finally {
    void restoreLastSweep();
    void services.collectOrphanArchives().catch(() => undefined);
  }
}

/** The last sweep's table comes back after a reload (unless a new sweep already started). */
async function restoreLastSweep(): Promise<void> {
  try {
    const last = await services.loadLastSweep();
    if (!last || store.getState().sweep) return;
    store.setState({ sweep: last, heatmapX: last.parameterPaths[0] ?? null, heatmapY: last.parameterPaths[1] ?? null });
  } catch {
    // Nothing kept, or unreadable: the Sweep tab starts empty, as on a first visit.
  }
}

async function openFirstResult(): Promise<void> {
  // A link that opens runs its study; one that was refused (said until dismissed) opens the user's own.
  if ((await openSharedLink(window.location.hash)) === 'opened') return;
  const saved = await services.loadWorkingText();
  const text = saved?.text || services.defaultConfig;
  if (saved?.datasetId) store.setState({ datasetId: saved.datasetId });
  if (saved?.lastValid) store.setState({ lastValidText: saved.lastValid });
  store.setState({ configText: text });
  // Open on a result, not an empty screen: the (deterministic, cheap) run starts at once.
  if (validateText(text).length === 0 || store.getState().lastValidText) await runBacktest();
}

/**
 * Shows a saved run as it was (its config goes back into the editor). False when the run is no
 * longer in history (said as an error unless `quiet`: the caller has another way to show it).
 */
export async function reopenRun(id: string, options: { quiet?: boolean } = {}): Promise<boolean> {
  const run = await services.openRun(id);
  if (!run) {
    if (!options.quiet) store.setState({ runError: `Run ${id} is no longer in history.` });
    return false;
  }
  // The sources it ran with come back too (a different one saved under that name since: kept as <name>-2).
  let configText = run.configText;
  if (run.userStrategies?.length) {
    try {
      const imported = await importStrategies(run.userStrategies, configText);
      configText = imported.configText;
      resultSources = { text: configText, sources: run.userStrategies.map((u) => ({ name: imported.renames[u.name] ?? u.name, source: u.source })) };
    } catch (e) {
      store.setState({ notice: `The run's strategies could not be saved: ${message(e)}` });
    }
  }
  store.setState({ configText, datasetId: run.result.datasetId, tab: 'overview' });
  validateText(configText);
  // A sweep point's run keeps its parameters: the full trace re-run and the overview use them.
  showResult(run.result, configText, run.result.params ?? null);
  return true;
}

/**
 * Picking a dataset (or importing a CSV) edits data.source in the YAML and nothing else the user
 * wrote: data.timeframes follows the new data's bar size, and only the data.symbols it lacks go
 * (`symbols`: what the new data holds, when known — a CSV's from its import).
 */
export function chooseDataset(id: string, symbols?: readonly string[]): void {
  const s = store.getState();
  const bundled = BUNDLED_DATASETS.find((d) => d.id === id);
  // The generator's minute bars read as 5-minute bars of its own symbols by default: a daily
  // timeframe would leave 5 bars per symbol (no trades), the index's symbols would not exist.
  const synthetic = id === 'synthetic' ? { timeframe: '5m', symbols: syntheticSymbols(s.configText) } : null;
  const { text, removedSymbols, blocked } = withDataSource(s.configText, id, {
    timeframe: synthetic?.timeframe ?? bundled?.timeframe,
    symbols: symbols ?? synthetic?.symbols ?? bundled?.symbols,
  });
  if (blocked) {
    // The picker never disagrees with the YAML: no switch until the text can say it.
    store.setState({ notice: `The dataset was not switched to ${id}: fix the YAML first (${blocked}).` });
    return;
  }
  store.setState({ datasetId: id, configText: text, ...(removedSymbols.length ? { notice: `data.symbols: ${removedSymbols.join(', ')} ${removedSymbols.length > 1 ? 'are' : 'is'} not in ${id}, so ${removedSymbols.length > 1 ? 'they were' : 'it was'} removed.` } : {}) });
  void services.saveDatasetId(id);
  validateText(text);
}

/** The symbols the synthetic generator makes for this config (its data.synthetic.symbols, else its defaults). */
function syntheticSymbols(configText: string): readonly string[] {
  const parsed = services.parse(configText);
  const own = parsed.ok ? parsed.config.data.synthetic?.symbols : undefined;
  return Array.isArray(own) ? own.map(String) : DEFAULT_SYNTHETIC_BARS_OPTIONS.symbols;
}

/**
 * A sweep point's parameters become the config's own values (one click from the sweep table):
 * only those keys change in the YAML; the sweep itself stays, to sweep again around them.
 */
export function applySweepParams(params: Readonly<Record<string, SweepValue>>): void {
  const s = store.getState();
  let text: string;
  try {
    text = withSweepParams(s.configText, params);
  } catch (e) {
    store.setState({ notice: `The parameters were not applied: ${message(e)}` });
    return;
  }
  const what = Object.entries(params).map(([k, v]) => `${k.split('.').slice(-1)[0]}=${String(v)}`).join(', ');
  store.setState({ configText: text, notice: `Applied ${what} to the config. Run to backtest it.` });
  validateText(text);
}
