// Issue 17: the studio on a phone (390×844): no page wider than the screen, Run reachable,
// editor and results stacked; a run from there shows its metrics.
import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, screenshot, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('at 390 px the page fits the screen, Run is on it, and editor and results stack', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'no horizontal page overflow').toBeLessThanOrEqual(390);
  const run = page.getByTestId('run-button');
  const box = (await run.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await screenshot(page, 'mobile-top');
  const editor = (await page.getByTestId('yaml-editor').boundingBox())!;
  const results = (await page.locator('.results').boundingBox())!;
  expect(results.y, 'results below the editor').toBeGreaterThanOrEqual(editor.y + editor.height - 1);
  expect(results.width).toBeGreaterThan(340);
  await run.tap();
  await waitForMetrics(page);
  await page.getByTestId('metrics').scrollIntoViewIfNeeded();
  await screenshot(page, 'mobile-results');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(pageErrors(page)).toEqual([]);
});
