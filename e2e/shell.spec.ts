import { expect, test } from '@playwright/test';

test('the built studio loads and runs the event core in a Web Worker', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByRole('heading', { name: 'Event Studio' })).toBeVisible();
  const result = page.getByTestId('probe-result');
  await expect(result).toContainText('10,000 signals published');
  // The portfolio is filtered to one of two strategies publishing alternately.
  await expect(result).toContainText('5,000 delivered to the filtered portfolio');
  await expect(result).toContainText('0 foreign signals leaked');
  await page.screenshot({ path: 'test-results/shell.png', fullPage: true });
  expect(errors).toEqual([]);
});
