import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 900 } });

const TRAIN = 750;
const TEST = 250;

/** Distinct daily bars of the bundled S&P 500 file (what the default config backtests). */
function sp500Bars(): number {
  const rows = readFileSync('node_modules/vega-datasets/data/sp500-2000.csv', 'utf8').trim().split('\n').slice(1);
  return new Set(rows.map((r) => r.split(',')[0])).size;
}

/** Rolling windows of TRAIN then TEST bars, stepping by TEST, only complete test windows. */
function expectedWindows(bars: number): number {
  let n = 0;
  for (let k = 0; TRAIN + k * TEST + TEST <= bars; k++) n++;
  return n;
}

/** Adds walk_forward and replaces the grid (both lines of the default's parameters). */
async function withWalkForward(page: Page, lookback: string): Promise<void> {
  const text = (await editorText(page))
    .replace(/strategy_momentum_1\.params\.lookback: .*/, `strategy_momentum_1.params.lookback: ${lookback}`)
    .replace(/strategy_momentum_1\.params\.threshold: .*/, 'strategy_momentum_1.params.threshold: [0.0, 0.01]')
    .replace(/ {2}parameters:\n/, `  walk_forward: {train: ${TRAIN}, test: ${TEST}, anchored: false}\n  parameters:\n`);
  expect(text).toContain('walk_forward:');
  await setEditorText(page, text);
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
}

/** Pixels of a chart's canvas that are not background: a drawn chart has many. */
async function paintedPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').first().evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
}

test('walk-forward: windows chart, stitched out-of-sample curve, one row per window and the efficiency ratio', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await withWalkForward(page, '[10, 40, 120]');
  const windows = expectedWindows(sp500Bars());
  expect(windows).toBeGreaterThan(3);

  await page.getByTestId('walk-forward-button').click();
  await expect(page.getByTestId('tab-walk-forward')).toHaveAttribute('aria-selected', 'true');
  // Every backtest (windows × (6 grid points + 1 test)) is counted in the header's progress.
  await expect(page.getByTestId('progress-text')).toContainText(`/${windows * 7} points`, { timeout: 30_000 });
  await expect(page.getByTestId('wf-status')).toContainText(`Finished · ${windows} / ${windows} windows`, { timeout: 90_000 });

  await expect(page.getByTestId('wf-row')).toHaveCount(windows);
  // Each window chose a point of the grid.
  for (const params of await page.getByTestId('wf-params').allInnerTexts()) {
    expect(params).toMatch(/^lookback=(10|40|120), threshold=(0|0\.01)$/);
  }
  // Out-of-sample windows chain: the stitched return is the product of the windows' returns.
  const windowReturns = (await page.getByTestId('wf-oos-window-return').allInnerTexts()).map((t) => Number.parseFloat(t) / 100);
  const chained = windowReturns.reduce((acc, r) => acc * (1 + r), 1) - 1;
  const shown = Number.parseFloat((await page.getByTestId('wf-oos-return').locator('.metric-value').innerText()).replace(/,/g, '')) / 100;
  expect(Math.abs(shown - chained)).toBeLessThan(0.0005 * windows + 0.0001);

  await expect(page.getByTestId('wf-efficiency').locator('.metric-value')).toHaveText(/^−?-?\d+\.\d\d$/);
  for (const id of ['wf-windows-chart', 'wf-oos-chart']) {
    const chart = page.getByTestId(id);
    await expect(chart.locator('canvas').first()).toBeVisible();
    await expect.poll(() => paintedPixels(chart)).toBeGreaterThan(2000);
  }
  await page.getByTestId('wf-row').last().scrollIntoViewIfNeeded();
  await screenshot(page, 'walk-forward');
  await page.getByTestId('wf-windows-chart').scrollIntoViewIfNeeded();
  await screenshot(page, 'walk-forward-windows');
  // Both themes stay legible (canvas colours come from the theme's palette).
  await page.getByTestId('theme-toggle').click();
  await expect.poll(() => paintedPixels(page.getByTestId('wf-windows-chart'))).toBeGreaterThan(2000);
  await screenshot(page, 'walk-forward-theme2');
  expect(pageErrors(page)).toEqual([]);
});

test('walk-forward: Cancel (Escape) stops it and the studio stays usable', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  // A wide grid per window: seconds of work, so Escape lands mid-run however fast the engine is.
  await withWalkForward(page, '{from: 5, to: 900, step: 1}');
  // The tab's own button starts it too (no keyboard, no header).
  await page.getByTestId('tab-walk-forward').click();
  await page.getByTestId('wf-run').click();
  await expect.poll(async () => Number(((await page.getByTestId('progress-text').innerText()).split('/')[0] ?? '').replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('progress-text')).toContainText('ETA');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('wf-status')).toContainText('Cancelled');
  await expect(page.getByTestId('progress')).toHaveCount(0);
  await expect(page.getByTestId('wf-row')).toHaveCount(0);
  await screenshot(page, 'walk-forward-cancelled');
  // The pool respawns: a plain run works afterwards.
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('tab-overview')).toHaveAttribute('aria-selected', 'true');
  await waitForMetrics(page);
  expect(pageErrors(page)).toEqual([]);
});
