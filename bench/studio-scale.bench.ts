// Ten million bars in the studio tab: the built studio (vite preview) in headless Chromium,
// the editor given a config whose data block is the synthetic generator with 20 symbols ×
// 1,283 sessions × 390 minutes (10,007,400 one-minute bars, none missing), one Run, and the
// tab's memory sampled every 250 ms while it loads and backtests. Synthetic data rather than a
// CSV import keeps the measurement on columns + engine, not on the import path (measured elsewhere).
import type { CDPSession } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { BenchSuite } from './bench-suite';
import { openBuiltStudio } from './built-studio';
import { table, type SuiteRun } from './harness';
import { setEditorText } from '../e2e/studio-helpers';

const PORT = Number(process.env.STUDIO_SCALE_PORT ?? 4314);
const SYMBOLS = 20;
/** 1,283 sessions × 390 minutes = 500,370 bars per symbol. */
const DAYS = 1283;
const RUN_TIMEOUT_MS = 20 * 60_000;

function config(symbols: readonly string[], days: number): string {
  return `name: ten million bars in the tab
initial_capital: 1000000
data:
  source: synthetic
  timeframes: ["1m"]
  synthetic:
    seed: 11
    symbols: [${symbols.join(', ')}]
    days: ${days}
    missing_minute_probability: 0
execution: { fill_model: next_open, commission_per_trade: 1, slippage_bps: 1 }
containers:
  - { id: strategy_momentum_1, type: strategy, strategy: momentum, params: { lookback: 30, threshold: 0.002 } }
  - { id: portfolio_1, type: portfolio, strategies: [strategy_momentum_1], sizing: { type: percent_equity, percent: ${Math.max(1, Math.floor(90 / symbols.length))} }, risk: { stop_loss: 0.01 } }
  - { id: execution_1, type: execution }
trace_settings:
  default:
    retention_policy: trade_complete
    store_equity_curve: false
`;
}

/** Resident and peak-resident (kernel high-water mark) bytes of one process, from /proc. */
function procMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null; // the process is gone (a crashed renderer)
  }
}

interface Peaks {
  heapUsed: number;
  heapTotal: number;
  rendererRss: number;
  rendererHwm: number;
  samples: number;
  /** Page main thread: JS heap used + ArrayBuffer backing stores (Runtime.getHeapUsage), at its peak. */
  pageMemory: number;
  /** Every dedicated worker of the tab: JS heap used + ArrayBuffer backing stores, summed per sample, at its peak. */
  workerMemory: number;
  /** Heap samples taken (at most one at a time), and those in which some worker did not answer in time (busy in a long synchronous step). */
  heapSamples: number;
  workerMisses: number;
}

interface HeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}

/**
 * The tab's dedicated workers over the page's CDP session: auto-attached (not flattened, so
 * Playwright's own sessions are untouched) and asked Runtime.getHeapUsage through
 * Target.sendMessageToTarget: JS heap used plus ArrayBuffer backing stores, where the columns live.
 */
function workerHeaps(session: CDPSession) {
  const workers = new Set<string>();
  const pending = new Map<number, (usage: HeapUsage | null) => void>();
  let next = 0;
  session.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string } }) => {
    if (e.targetInfo.type === 'worker') workers.add(e.sessionId);
  });
  session.on('Target.detachedFromTarget', (e: { sessionId: string }) => workers.delete(e.sessionId));
  session.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
    const answer = m.id === undefined ? undefined : pending.get(m.id);
    if (m.id !== undefined && answer) {
      pending.delete(m.id);
      answer(m.result ?? null);
    }
  });
  const ask = async (sessionId: string): Promise<HeapUsage | null> => {
    const id = ++next;
    const answered = new Promise<HeapUsage | null>((resolve) => pending.set(id, resolve));
    await session.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => undefined);
    return Promise.race([answered, new Promise<null>((r) => setTimeout(() => r(null), 1_000))]).finally(() => pending.delete(id));
  };
  return {
    start: () => session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false }),
    /** Summed over the workers alive now; `complete` is false when one did not answer. */
    async sample(): Promise<{ bytes: number; complete: boolean }> {
      const usages = await Promise.all([...workers].map(ask));
      return { bytes: usages.reduce((sum, u) => sum + (u ? u.usedSize + (u.backingStorageSize ?? 0) : 0), 0), complete: usages.every((u) => u !== null) };
    },
  };
}

async function rendererPids(browserSession: CDPSession): Promise<number[]> {
  const info = (await browserSession.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

async function run(suite: SuiteRun): Promise<void> {
  const days = suite.quick ? 64 : DAYS;
  const { url, browser, close } = await openBuiltStudio({ dist: process.env.STUDIO_SCALE_DIST, defaultDist: 'dist-studio-scale', port: PORT });
  const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${String(i).padStart(2, '0')}`);
  const expectedBars = SYMBOLS * days * 390;
  const peaks: Peaks = { heapUsed: 0, heapTotal: 0, rendererRss: 0, rendererHwm: 0, samples: 0, pageMemory: 0, workerMemory: 0, heapSamples: 0, workerMisses: 0 };
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    let crashed = false;
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('crash', () => {
      crashed = true;
    });
    await page.goto(url);
    await page.getByTestId('metrics').waitFor({ state: 'visible', timeout: 120_000 });
    const session = await context.newCDPSession(page);
    await session.send('Performance.enable');
    const browserSession = await browser.newBrowserCDPSession();
    const pids = await rendererPids(browserSession);
    const workerSession = await context.newCDPSession(page);
    const workerMemory = workerHeaps(workerSession);
    await workerMemory.start();
    let sampling = false;
    /** Page and worker heaps: a slow answer (a busy worker) is not stacked with the next tick's. */
    const sampleHeaps = async () => {
      if (sampling) return;
      sampling = true;
      try {
        const [pageUsage, workers] = await Promise.all([session.send('Runtime.getHeapUsage') as Promise<HeapUsage>, workerMemory.sample()]);
        peaks.pageMemory = Math.max(peaks.pageMemory, pageUsage.usedSize + (pageUsage.backingStorageSize ?? 0));
        peaks.workerMemory = Math.max(peaks.workerMemory, workers.bytes);
        peaks.heapSamples++;
        if (!workers.complete) peaks.workerMisses++;
      } catch {
        // the page is busy or gone; the /proc figures still count
      } finally {
        sampling = false;
      }
    };
    const sample = async () => {
      // /proc first and every tick: the RSS peak must not wait for a busy worker's answer.
      let rss = 0;
      for (const pid of pids) {
        const mem = procMemory(pid);
        if (mem) {
          rss += mem.rss;
          peaks.rendererHwm = Math.max(peaks.rendererHwm, mem.hwm);
        }
      }
      peaks.rendererRss = Math.max(peaks.rendererRss, rss);
      peaks.samples++;
      const heaps = sampleHeaps();
      try {
        const { metrics } = await session.send('Performance.getMetrics');
        const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? 0;
        peaks.heapUsed = Math.max(peaks.heapUsed, m('JSHeapUsedSize'));
        peaks.heapTotal = Math.max(peaks.heapTotal, m('JSHeapTotalSize'));
      } catch {
        // the page is busy or gone; the /proc figures above still count
      }
      await heaps;
    };
    await new Promise((r) => setTimeout(r, 300)); // the auto-attached workers announce themselves
    await sample();
    const baselineRss = peaks.rendererRss;
    const baselineHeap = peaks.heapUsed;
    const baselinePage = peaks.pageMemory;
    const baselineWorkers = peaks.workerMemory;
    sampler = setInterval(() => void sample(), 250);

    await setEditorText(page, config(symbols, days));
    await page.getByTestId('parse-status').filter({ hasText: '✓ valid' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('run-button').waitFor({ state: 'visible' });

    const t0 = Date.now();
    await page.getByTestId('run-button').click();
    // "Loaded": the run's progress shows its bar total, i.e. the worker holds the generated columns.
    let loadMs = NaN;
    let backtestMs = NaN;
    let bars = 0;
    let events = '';
    let failure = '';
    try {
      await page.getByTestId('progress-text').filter({ hasText: /\/[\d,]+ bars/ }).waitFor({ timeout: RUN_TIMEOUT_MS });
      loadMs = Date.now() - t0;
      const deadline = Date.now() + RUN_TIMEOUT_MS;
      for (;;) {
        if (crashed) throw new Error('the tab crashed (renderer process gone)');
        const summary = await page.getByTestId('run-summary').textContent({ timeout: 5_000 }).catch(() => '');
        const runError = await page.getByTestId('run-error').textContent({ timeout: 1_000 }).catch(() => null);
        if (runError) throw new Error(`run error in the studio: ${runError}`);
        const match = /([\d,]+) bars/.exec(summary ?? '');
        const progress = await page.getByTestId('progress').count().catch(() => 1);
        if (match && progress === 0 && (await page.locator('.run-name').textContent({ timeout: 1_000 }).catch(() => ''))?.includes('ten million bars')) {
          bars = Number(match[1]!.replace(/,/g, ''));
          events = /([\d,]+) events/.exec(summary ?? '')?.[1] ?? '';
          break;
        }
        if (Date.now() > deadline) throw new Error(`no result within ${RUN_TIMEOUT_MS / 60_000} min`);
        await new Promise((r) => setTimeout(r, 500));
      }
      backtestMs = Date.now() - t0 - loadMs;
      // The price chart's bars come after the result: memory is sampled until the chart has
      // them (its symbol picker lists the dataset's symbols) and a few samples beyond.
      await page.getByTestId('chart-symbol').waitFor({ state: 'visible', timeout: 120_000 });
      await new Promise((r) => setTimeout(r, 2_000));
    } catch (error) {
      failure = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    }
    clearInterval(sampler);
    sampler = undefined;
    await sample();
    if (errors.length > 0 && failure === '') failure = `page errors: ${errors.join('; ')}`;
    const completed = failure === '' && bars > 0;
    const heapNote = 'CDP Performance.getMetrics on the page (main thread isolate only; workers not included)';
    const rssNote = `sum of VmRSS of the browser's renderer processes (${pids.join(', ')}; the tab's page and its dedicated workers live in its renderer), sampled every 250 ms; ${peaks.samples} samples`;
    suite.figure('expected bars (20 symbols × sessions × 390)', expectedBars, 'bars');
    suite.figure('bars backtested (run summary)', bars, 'bars', completed ? undefined : `did not complete: ${failure}`);
    if (Number.isFinite(loadMs)) suite.figure('load: Run click → progress shows the bar total (data generated in the worker)', loadMs / 1000, 's');
    if (Number.isFinite(backtestMs)) suite.figure('backtest: progress start → result on screen', backtestMs / 1000, 's', `${Math.round(bars / (backtestMs / 1000)).toLocaleString('en-US')} bars/s`);
    suite.figure('peak renderer RSS (page + workers)', peaks.rendererRss / 2 ** 20, 'MiB', rssNote);
    suite.figure('renderer RSS before the run', baselineRss / 2 ** 20, 'MiB');
    suite.figure(
      'peak renderer RSS per bar (minus the pre-run RSS)',
      (peaks.rendererRss - baselineRss) / expectedBars,
      'bytes/bar',
      `everything the tab added while loading and backtesting, per bar: the page's heap, the workers' heaps and their columns (workers are threads of the renderer), freed-but-kept allocator pages; the run published ${events || '?'} events`,
    );
    const usageNote = 'Runtime.getHeapUsage over CDP: JS heap used + ArrayBuffer backing stores (the bar columns are ArrayBuffers)';
    suite.figure('peak page memory growth per bar (JS heap + ArrayBuffers, page main thread)', (peaks.pageMemory - baselinePage) / expectedBars, 'bytes/bar', usageNote);
    suite.figure(
      "peak workers' memory growth per bar (JS heap + ArrayBuffers, all the tab's workers)",
      (peaks.workerMemory - baselineWorkers) / expectedBars,
      'bytes/bar',
      `${usageNote}; summed over the workers per sample; ${peaks.workerMisses} of ${peaks.heapSamples} heap samples had a worker too busy to answer within 1 s (its figure is missing from that sample)`,
    );
    suite.figure('page JS heap used before the run', baselineHeap / 2 ** 20, 'MiB', heapNote);
    suite.figure('peak page JS heap growth per bar', (peaks.heapUsed - baselineHeap) / expectedBars, 'bytes/bar', heapNote);
    suite.figure('renderer VmHWM (kernel peak RSS of the largest renderer process)', peaks.rendererHwm / 2 ** 20, 'MiB');
    suite.figure('peak JS heap used, page main thread', peaks.heapUsed / 2 ** 20, 'MiB', heapNote);
    suite.figure('peak JS heap total, page main thread', peaks.heapTotal / 2 ** 20, 'MiB', heapNote);
    console.log(
      table([
        ['bars', 'completed', 'load s', 'backtest s', 'peak renderer RSS', 'bytes/bar', 'page B/bar', 'workers B/bar', 'peak page heap'],
        [
          bars.toLocaleString('en-US'),
          completed ? 'yes' : `no: ${failure}`,
          (loadMs / 1000).toFixed(1),
          (backtestMs / 1000).toFixed(1),
          `${(peaks.rendererRss / 2 ** 20).toFixed(0)} MiB`,
          ((peaks.rendererRss - baselineRss) / expectedBars).toFixed(1),
          ((peaks.pageMemory - baselinePage) / expectedBars).toFixed(1),
          ((peaks.workerMemory - baselineWorkers) / expectedBars).toFixed(1),
          `${(peaks.heapUsed / 2 ** 20).toFixed(0)} MiB`,
        ],
      ]) + '\n',
    );
    suite.target({
      name: suite.quick ? `${expectedBars.toLocaleString('en-US')} bars (--quick) loaded and backtested in the studio tab` : '10 M bars loaded and backtested in the studio tab',
      kind: 'absolute',
      reference: null,
      op: '>=',
      threshold: suite.quick ? expectedBars : 10_000_000,
      unit: 'bars',
      values: [completed ? bars : 0],
      note: completed
        ? `Chromium ${browser.version()} headless; load ${(loadMs / 1000).toFixed(1)} s, backtest ${(backtestMs / 1000).toFixed(1)} s; peak renderer RSS ${(peaks.rendererRss / 2 ** 20).toFixed(0)} MiB = ${((peaks.rendererRss - baselineRss) / expectedBars).toFixed(1)} bytes/bar above the pre-run ${(baselineRss / 2 ** 20).toFixed(0)} MiB (JS heap + ArrayBuffers at their peaks: page ${((peaks.pageMemory - baselinePage) / expectedBars).toFixed(1)}, workers ${((peaks.workerMemory - baselineWorkers) / expectedBars).toFixed(1)} bytes/bar)`
        : `did not complete: ${failure}; peak renderer RSS ${(peaks.rendererRss / 2 ** 20).toFixed(0)} MiB`,
    });
    await context.close().catch(() => undefined);
  } finally {
    if (sampler) clearInterval(sampler);
    await close();
  }
}

export const studioScaleSuite: BenchSuite = {
  title: 'Ten million bars in the studio tab',
  description:
    "The built studio (vite build → dist-studio-scale, vite preview on port 4314) in headless Chromium driven by Playwright: the editor gets a config whose data is the synthetic generator with 20 symbols × 1,283 sessions × 390 minutes (10,007,400 one-minute bars, none missing; momentum strategy, trade_complete tracing, no stored equity curve), then one Run. Load = Run click → the progress bar shows the bar total (the worker has generated the columns); backtest = from then to the result on screen. Memory is sampled until the price chart also has its bars (its symbol picker shows) and 2 s beyond. Memory: the renderer processes' RSS from /proc (page + its dedicated workers, which run in the renderer), sampled every 250 ms, the page main thread's JS heap from CDP Performance.getMetrics, and JS heap + ArrayBuffer memory (Runtime.getHeapUsage) of the page and of every dedicated worker (auto-attached over CDP), so the per-bar RSS growth splits into page and workers. One run (about half a minute plus the build on 2 cores).",
  run,
};
