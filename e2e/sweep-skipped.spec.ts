// Invalid grid points in the studio (issue 14): a sweep whose grid holds combinations the
// strategy refuses (ma_crossover fast >= slow) finishes with those points skipped, each row
// saying why, counted apart from failures; optimization.constraint drops them before they run.
import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 800 } });

const STUDY = (constraint: string) => `name: Crossover grid
initial_capital: 100000
data:
  source: synthetic
  timeframes: ["1d"]
  synthetic: {seed: 3, days: 400, timeframes: ["1d"]}
containers:
  - id: strategy_ma
    type: strategy
    strategy: ma_crossover
    params: {fast: 5, slow: 30}
  - id: portfolio_1
    type: portfolio
    strategies: [strategy_ma]
optimization:
  objective: total_return
  parameters:
    strategy_ma.params.fast: [5, 10, 20]
    strategy_ma.params.slow: [10, 30]
${constraint}`;

test('a sweep skips fast >= slow points with their reason, apart from failures; a constraint drops them before they run', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await waitForMetrics(page);

  await setEditorText(page, STUDY(''));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 6 / 6 points', { timeout: 90_000 });
  await expect(page.getByTestId('sweep-status')).not.toContainText('failed');
  await expect(page.getByTestId('sweep-skipped')).toHaveText(' · 2 skipped');
  await expect(page.getByTestId('sweep-skipped')).toHaveAttribute('title', /0 excluded by optimization.constraint, 2 with invalid parameters/);
  const invalid = page.locator('[data-skipped="invalid"]');
  await expect(invalid).toHaveCount(2);
  await expect(invalid.first()).toContainText("skipped: containers[0].params: ma_crossover: param 'fast' must be less than slow");

  await setEditorText(page, STUDY('  constraint: fast < slow\n'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 6 / 6 points', { timeout: 90_000 });
  await expect(page.locator('[data-skipped="constraint"]')).toHaveCount(2);
  await expect(page.locator('[data-skipped="constraint"]').first()).toHaveText('skipped: excluded by optimization.constraint: fast < slow');
  await expect(page.getByTestId('sweep-skipped')).toHaveAttribute('title', /2 excluded by optimization.constraint, 0 with invalid parameters/);
  expect(pageErrors(page)).toEqual([]);
});
