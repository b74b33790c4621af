// The engine's entry points. runBacktest walks the bars in chunks, reporting
// progress and checking the AbortSignal between them (yielding to the event loop so
// an abort can arrive); runBacktestSync does the same walk in one go. Both return the
// same plain-data BacktestResult for the same config and data.
import type { StudioConfig } from '../core/config/studio-config';
import type { Dataset } from './bar';
import type { BacktestResult, RunBacktestOptions } from './backtest-result';
import { BacktestRun } from './backtest-run';
import type { SignalSource, TraceSettingsResolver } from './backtest-run';
import { defaultTraceResolver } from './default-trace-resolver';
import { dynamicRuleNote, dynamicRulePass } from './dynamic-trace-rules';

const DEFAULT_PROGRESS_EVERY = 10_000;

type Timers = { setImmediate?: (cb: () => void) => unknown; setTimeout?: (cb: () => void, ms: number) => unknown };

/** Lets queued tasks (an abort message, a UI event) run: setImmediate in Node, setTimeout(0) in a worker. */
function yieldToEventLoop(): Promise<void> {
  const g = globalThis as unknown as Timers;
  return new Promise<void>((resolve) => {
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else if (typeof g.setTimeout === 'function') g.setTimeout(resolve, 0);
    else queueMicrotask(resolve);
  });
}

function chunkSize(options: RunBacktestOptions): number {
  const n = options.progressEvery ?? DEFAULT_PROGRESS_EVERY;
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : DEFAULT_PROGRESS_EVERY;
}

/**
 * Runs a backtest; rejects with an AbortError (BacktestAbortedError) naming the bar reached
 * when `signal` aborts. A config whose dynamic_rules fire on the final metrics runs twice
 * (the second pass with the rules' tracing; progress restarts from bar 0).
 */
export async function runBacktest(config: StudioConfig, data: Dataset, options: RunBacktestOptions = {}): Promise<BacktestResult> {
  const first = await driveAsync(new BacktestRun(config, data, options, {}, defaultTraceResolver), options);
  const pass = dynamicRulePass(config, first, options);
  if (pass === undefined) return first;
  return withNote(await driveAsync(new BacktestRun(config, data, options, {}, pass.resolve), options), dynamicRuleNote(pass));
}

/** The same run, synchronously (tests, workers that own their thread); throws the same AbortError. */
export function runBacktestSync(config: StudioConfig, data: Dataset, options: RunBacktestOptions = {}): BacktestResult {
  const first = driveSync(new BacktestRun(config, data, options, {}, defaultTraceResolver), options);
  const pass = dynamicRulePass(config, first, options);
  if (pass === undefined) return first;
  return withNote(driveSync(new BacktestRun(config, data, options, {}, pass.resolve), options), dynamicRuleNote(pass));
}

function withNote(result: BacktestResult, note: string): BacktestResult {
  result.warnings = [...(result.warnings ?? []), note];
  return result;
}

/** Builds a run with the studio's trace-settings resolution (for replay and the headless runner). */
export function createBacktestRun(
  config: StudioConfig,
  data: Dataset,
  options: RunBacktestOptions = {},
  source: SignalSource = {},
  resolve: TraceSettingsResolver = defaultTraceResolver,
): BacktestRun {
  return new BacktestRun(config, data, options, source, resolve);
}

export async function driveAsync(run: BacktestRun, options: RunBacktestOptions): Promise<BacktestResult> {
  const every = chunkSize(options);
  try {
    while (!run.done) {
      if (options.signal?.aborted) throw run.abortedError(options.signal.reason);
      run.step(every);
      options.onProgress?.(run.progress());
      await yieldToEventLoop();
    }
    if (options.signal?.aborted) throw run.abortedError(options.signal.reason);
    const result = run.finish();
    await run.flushArchives();
    return result;
  } finally {
    run.dispose();
  }
}

export function driveSync(run: BacktestRun, options: RunBacktestOptions): BacktestResult {
  const every = chunkSize(options);
  try {
    while (!run.done) {
      if (options.signal?.aborted) throw run.abortedError(options.signal.reason);
      run.step(every);
      options.onProgress?.(run.progress());
    }
    const result = run.finish();
    // Synchronous archives receive their last batch now; async ones report failures through their tracer.
    run.flushArchives().catch(() => undefined);
    return result;
  } finally {
    run.dispose();
  }
}
