// storage_backend: disk in the browser: the backtest worker streams the portfolio's events
// into IndexedDB, the inspector pages through them from there, and they outlive a reload.
import { expect, test } from '@playwright/test';
import { generateSyntheticBars } from '../src/engine/data/synthetic-bars';
import type { SyntheticBarsOptions } from '../src/engine/data/synthetic-bars-options';
import { parseConfigText } from '../src/engine/optimization/parse-config-text';
import { runBacktestSync } from '../src/engine/run-backtest';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

// Minute bars, every bar publishes a PORTFOLIO_UPDATE while a position is open: tens of
// thousands of portfolio events, far more than the 500 the worker keeps in memory.
const DISK = `name: Disk backend study
initial_capital: 100000
data:
  source: synthetic
  timeframes: ["1m"]
  synthetic:
    seed: 11
    days: 20
    missing_minute_probability: 0
containers:
  - id: strategy_fast
    type: strategy
    strategy: ma_crossover
    params: {fast: 30, slow: 120}
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_fast]
    sizing: {type: fixed, quantity: 100}
trace_settings:
  container_settings:
    "portfolio_*":
      retention_policy: full
      storage_backend: disk
      max_events: 500
`;

/** The portfolio's events, computed in Node by the engine itself: the same run kept whole in memory. */
function expectedPortfolioEvents(): number {
  const config = parseConfigText(DISK);
  const dataset = generateSyntheticBars((config.data.synthetic ?? {}) as Partial<SyntheticBarsOptions>);
  const reference = runBacktestSync(config, dataset, { traceOverride: { storageBackend: 'memory' } });
  return reference.containers['portfolio_1']!.events.length;
}

test('a disk-backed portfolio is stored in IndexedDB, paged by the inspector, and kept across a reload', async ({ page }) => {
  test.setTimeout(120_000);
  const expected = expectedPortfolioEvents();
  expect(expected).toBeGreaterThan(2000);

  await openStudio(page);
  await waitForMetrics(page);
  await setEditorText(page, DISK);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('run-button').click();
  await waitForMetrics(page);

  await page.getByTestId('tab-events').click();
  const panel = page.getByTestId('archived-events');
  await expect(panel.getByTestId('archived-count')).toHaveText(String(expected), { timeout: 30_000 });
  await expect(panel.getByTestId('archived-page-info')).toHaveText(`1–100 of ${expected}`);
  await expect(panel.getByTestId('archived-row')).toHaveCount(100);
  const firstSeq = Number(await panel.getByTestId('archived-row').first().getAttribute('data-seq'));
  await panel.getByTestId('archived-next').click();
  await expect(panel.getByTestId('archived-page-info')).toHaveText(`101–200 of ${expected}`);
  const secondPageSeq = Number(await panel.getByTestId('archived-row').first().getAttribute('data-seq'));
  expect(secondPageSeq).toBeGreaterThan(firstSeq);
  await panel.getByTestId('archived-last').click();
  const lastStart = Math.floor((expected - 1) / 100) * 100;
  await expect(panel.getByTestId('archived-page-info')).toHaveText(`${lastStart + 1}–${expected} of ${expected}`);
  await expect(panel.getByTestId('archived-row')).toHaveCount(expected - lastStart);
  await screenshot(page, 'disk-backend-events');

  // The run is saved to history (asynchronously): wait for it before reloading.
  await page.getByTestId('tab-runs').click();
  await expect(page.getByTestId('run-row')).toHaveCount(2, { timeout: 30_000 });

  await page.reload();
  await waitForMetrics(page); // the reload runs the working text again: the same study, not saved twice
  await page.getByTestId('tab-runs').click();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2, { timeout: 30_000 });
  // Newest first: [our run, the default study].
  await rows.nth(0).getByTestId('reopen-run').click();
  await waitForMetrics(page);
  await page.getByTestId('tab-events').click();
  await expect(page.getByTestId('archived-events').getByTestId('archived-count')).toHaveText(String(expected), { timeout: 30_000 });
  await expect(page.getByTestId('archived-events').getByTestId('archived-row')).toHaveCount(100);
  expect(pageErrors(page)).toEqual([]);
});

// Seed 08 (multi-phase optimization): exploration points keep metrics only, the final
// candidates persist everything — their traces stream to IndexedDB during the sweep and each
// is kept in run history, reopened from there as it ran (no re-run), also after a reload.
const SWEEP = DISK.replace(
  /trace_settings:[\s\S]*$/,
  `trace_settings:
  container_settings:
    "portfolio_phase1_*":
      events_to_trace: ["FILL", "POSITION_CLOSE"]
      retention_policy: trade_complete
      max_events: 100
    "portfolio_final_*":
      events_to_trace: ALL
      retention_policy: full
      storage_backend: disk
      max_events: 500
optimization:
  objective: total_return
  phases:
    - name: phase1
      parameters:
        strategy_fast.params.fast: [10, 30, 60]
    - name: final
      top_n: 2
`,
);

function expectedEventsWithFast(fast: number): number {
  const config = parseConfigText(SWEEP.replace('params: {fast: 30, slow: 120}', `params: {fast: ${fast}, slow: 120}`));
  const dataset = generateSyntheticBars((config.data.synthetic ?? {}) as Partial<SyntheticBarsOptions>);
  const reference = runBacktestSync(config, dataset, { traceOverride: { eventsToTrace: 'ALL', retentionPolicy: 'full', storageBackend: 'memory' } });
  return reference.containers['portfolio_1']!.events.length;
}

test('a multi-phase sweep stores its final candidates’ traces in IndexedDB and keeps them as runs', async ({ page }) => {
  test.setTimeout(150_000);
  await openStudio(page);
  await waitForMetrics(page);
  await setEditorText(page, SWEEP);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 5 / 5 points', { timeout: 90_000 });
  const stored = page.locator('[data-testid="sweep-row"][data-stored="true"]');
  await expect(stored).toHaveCount(2);
  await expect(page.getByTestId('sweep-stored-note')).toHaveText(' · 2 stored in Runs');
  // Only final points are stored; exploration points are not.
  for (const phase of await stored.evaluateAll((rows) => rows.map((r) => (r.children[1] as HTMLElement).innerText))) expect(phase).toMatch(/^final/);
  const fast = Number(await stored.first().locator('span').nth(3).innerText());
  const expected = expectedEventsWithFast(fast);
  expect(expected).toBeGreaterThan(2000);
  await screenshot(page, 'sweep-final-stored');

  // A stored row opens the run as it ran: its portfolio's record comes from IndexedDB.
  await stored.first().click();
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  await waitForMetrics(page);
  await expect(page.getByTestId('run-params')).toContainText(`fast=${fast}`);
  await page.getByTestId('tab-events').click();
  await expect(page.getByTestId('archived-events').getByTestId('archived-count')).toHaveText(String(expected), { timeout: 30_000 });

  // Deleting the other final candidate's run: its row is no longer marked stored, and opening it
  // runs that point again (same parameters, a new run) instead of failing.
  await page.getByTestId('tab-sweep').click();
  const other = Number(await stored.nth(1).locator('span').nth(3).innerText());
  const otherIndex = await page
    .getByTestId('sweep-row')
    .evaluateAll((rows) => rows.map((r, i) => (r.getAttribute('data-stored') === 'true' ? i : -1)).filter((i) => i >= 0)[1]!);
  await page.getByTestId('tab-runs').click();
  const otherRun = page.getByTestId('run-row').filter({ hasText: `· final #` }).filter({ hasText: `fast=${other})` });
  await expect(otherRun).toHaveCount(1, { timeout: 30_000 });
  await otherRun.getByTestId('delete-run').click();
  await expect(otherRun).toHaveCount(0);
  await page.getByTestId('tab-sweep').click();
  await expect(stored).toHaveCount(1);
  await expect(page.getByTestId('sweep-stored-note')).toHaveText(' · 1 stored in Runs');
  await page.getByTestId('sweep-row').nth(otherIndex).click();
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  await waitForMetrics(page);
  await expect(page.getByTestId('run-params')).toContainText(`fast=${other}`);

  // The stored final candidate stays in run history across a reload.
  await page.reload();
  await waitForMetrics(page);
  await page.getByTestId('tab-runs').click();
  const finals = page.getByTestId('run-row').filter({ hasText: '· final #' });
  await expect(finals).toHaveCount(1, { timeout: 30_000 });
  const mine = finals.filter({ hasText: `fast=${fast}` });
  await expect(mine).toHaveCount(1);
  await mine.getByTestId('reopen-run').click();
  await waitForMetrics(page);
  await expect(page.getByTestId('run-params')).toContainText(`fast=${fast}`);
  await page.getByTestId('tab-events').click();
  await expect(page.getByTestId('archived-events').getByTestId('archived-count')).toHaveText(String(expected), { timeout: 30_000 });
  expect(pageErrors(page)).toEqual([]);
});

test('a sweep whose settings store every point says how to store only the final candidates', async ({ page }) => {
  test.setTimeout(150_000);
  await openStudio(page);
  await waitForMetrics(page);
  // Every portfolio on disk (no phase-specific settings) over a 7 × 3 grid: all 21 points are stored.
  const text = (await editorText(page))
    .replace(/strategy_momentum_1\.params\.lookback: .*/, 'strategy_momentum_1.params.lookback: [10, 20, 30, 40, 60, 90, 120]')
    .replace(/("portfolio_\*":\n\s+retention_policy: trade_complete\n)/, '$1      storage_backend: disk\n');
  await setEditorText(page, text);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 21 / 21 points', { timeout: 120_000 });
  // (The table is windowed: the count is the status line's.)
  await expect(page.getByTestId('sweep-stored-note')).toHaveText(' · 21 stored in Runs');
  await expect(page.getByTestId('notice')).toContainText('20+ sweep points asked to store their trace');
  await expect(page.getByTestId('notice')).toContainText('"portfolio_final_*"');
  expect(pageErrors(page)).toEqual([]);
});
