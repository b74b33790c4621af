import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, screenshot, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('a run of the default config draws the equity chart and lists its trades', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await expect(page.getByTestId('run-chart').locator('canvas').first()).toBeVisible();
  const trades = Number(await page.getByTestId('tab-trades').locator('.count').innerText());
  expect(trades).toBeGreaterThan(0);
  await screenshot(page, 'overview-dark');

  await page.getByTestId('tab-trades').click();
  await expect(page.getByTestId('trade-row').first()).toBeVisible();
  await expect(page.getByTestId('trade-count')).toContainText(`${trades} of ${trades} trades`);
  await screenshot(page, 'trades');
  expect(pageErrors(page)).toEqual([]);
});
