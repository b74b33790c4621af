// Time to first result in a real Chromium, on its own (not inside the parallel e2e run): the
// built studio served by `vite preview`, each page load in a fresh browser context (empty
// IndexedDB and cache, as a first visit), timed from navigation to the default study's metrics
// on screen, median of 5 after one unrecorded load. The build goes to dist-bench (port 4305);
// TTFR_DIST=<dir> reuses an existing build instead.
import type { BenchSuite } from './bench-suite';
import { openBuiltStudio } from './built-studio';
import { spreadText, table, type SuiteRun } from './harness';

const PORT = Number(process.env.TTFR_PORT ?? 4305);
const TARGET_MS = 3000;

async function run(suite: SuiteRun): Promise<void> {
  const { url, browser, close } = await openBuiltStudio({ dist: process.env.TTFR_DIST, defaultDist: 'dist-bench', port: PORT });
  try {
    const load = async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      try {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        const started = Date.now();
        await page.goto(url);
        await page.getByTestId('metrics').waitFor({ state: 'visible', timeout: 60_000 });
        const wallMs = Date.now() - started;
        const inPageMs = Number(await page.getByTestId('metrics').getAttribute('data-ttfr-ms'));
        if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
        if (!(inPageMs > 0)) throw new Error('the metrics carry no data-ttfr-ms');
        return { wallMs, inPageMs };
      } finally {
        await context.close();
      }
    };
    await load(); // unrecorded: the server's and the OS's caches warm, as for any later visitor
    const loads = await suite.repeat(5, load);
    const wall = suite.figure('page load → metrics on screen (wall, Playwright)', loads.map((l) => l.wallMs), 'ms', `fresh context per load; ${browser.version()}`);
    const inPage = suite.figure('navigation start → first result (performance.now in the page)', loads.map((l) => l.inPageMs), 'ms');
    console.log(
      table([
        ['measure', 'ms median [min–max]'],
        ['wall, page load → metrics', spreadText(wall, (n) => n.toFixed(0))],
        ['in page, navigation → first result', spreadText(inPage, (n) => n.toFixed(0))],
      ]) + '\n',
    );
    suite.target({
      name: 'time to first result of the default study, page load → metrics, under 3 s',
      kind: 'absolute',
      reference: null,
      op: '<=',
      threshold: TARGET_MS,
      unit: 'ms',
      values: loads.map((l) => l.wallMs),
      note: `Chromium ${browser.version()} headless, fresh context per load, median of 5; in-page ${inPage.median.toFixed(0)} ms`,
    });
  } finally {
    await close();
  }
}

export const ttfrSuite: BenchSuite = {
  title: 'Time to first result in Chromium',
  description:
    "The built studio (vite build → dist-bench, served by vite preview on port 4305) in headless Chromium driven by Playwright, on its own rather than inside the parallel e2e run: each load in a fresh browser context (empty IndexedDB and cache, a first visit), timed from navigation to the default study's metrics on screen, plus the page's own performance.now() at the first result. One unrecorded load, then 5 measured; the target is on the median.",
  run,
};
