// Re-ranking a finished sweep by any metric the points kept: the table re-sorts client-side
// (no re-run), the direction toggles, extra metric columns show, the heatmap follows.
import { expect, test, type Page } from '@playwright/test';
import { openStudio, pageErrors, screenshot, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

const pct = (t: string) => Number.parseFloat(t.replace(/,/g, '')) / 100;

/** The text of cell `col` of every ranked row (0 = rank, 1-2 = params, 3 = objective, 4 = return, 5 = max DD, 6 = trades, 7… = extras). */
async function column(page: Page, col: number): Promise<string[]> {
  return page.getByTestId('sweep-row').evaluateAll((rows, c) => rows.map((r) => (r.children[c] as HTMLElement).innerText), col);
}

test('rank a sweep by another metric, flip the direction and add metric columns', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('sweep-button').click();
  await expect(page.getByTestId('sweep-status')).toContainText('Finished · 15 / 15 points', { timeout: 60_000 });
  const captionBefore = await page.getByTestId('heatmap-caption').innerText();

  // Rank by max drawdown, lowest first: the objective column is the Max DD column, ascending.
  await page.getByTestId('sweep-objective').selectOption('maxDrawdown');
  await expect(page.getByTestId('sweep-objective-header')).toHaveText('Max drawdown');
  await page.getByTestId('sweep-direction').click();
  await expect(page.getByTestId('sweep-status')).toContainText('objective minimize Max drawdown');
  const dd = (await column(page, 5)).map(pct);
  expect(dd).toHaveLength(15);
  expect(dd).toEqual([...dd].sort((a, b) => a - b));
  // The objective column reads like the metric does elsewhere: the Max DD column's text.
  expect(await column(page, 3)).toEqual(await column(page, 5));
  // The heatmap now colours the chosen objective and names its best cell by it.
  await expect(page.getByTestId('heatmap-caption')).not.toHaveText(captionBefore);

  // Extra metric columns: win rate and profit factor, in snapshot order, one cell per row.
  await page.getByTestId('sweep-columns').locator('summary').click();
  await page.getByTestId('sweep-column-winRate').check();
  await page.getByTestId('sweep-column-profitFactor').check();
  await expect(page.getByTestId('sweep-col-winRate')).toHaveText('Win rate');
  await expect(page.getByTestId('sweep-col-profitFactor')).toHaveText('Profit factor');
  const winRates = (await column(page, 7)).map(pct);
  expect(winRates).toHaveLength(15);
  for (const w of winRates) {
    expect(w).toBeGreaterThanOrEqual(0);
    expect(w).toBeLessThanOrEqual(1);
  }
  await page.getByTestId('sweep-columns').locator('summary').click();
  await screenshot(page, 'sweep-objective');

  // Opening the top row shows that run: its max drawdown and win rate are the row's.
  const best = page.getByTestId('sweep-row').first();
  const row = await best.evaluate((r) => [...r.children].map((c) => (c as HTMLElement).innerText));
  await best.click();
  await waitForMetrics(page);
  await expect(page.getByTestId('metric-maxDrawdown').locator('.metric-value')).toHaveText(row[5]!);
  expect(pct(await page.getByTestId('metric-winRate').locator('.metric-value').innerText())).toBeCloseTo(pct(row[7]!), 3);
  expect(pageErrors(page)).toEqual([]);
});
