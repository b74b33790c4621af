import { expect, test } from '@playwright/test';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('the built studio runs the engine in a Web Worker, not on the page', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await openStudio(page);
  await waitForMetrics(page);
  expect(workers.some((u) => /backtest\.worker/.test(u))).toBe(true);
  // The page itself never loads the engine's run loop: it lives in the worker chunk.
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name).filter((n) => n.endsWith('.js')));
  expect(scripts.some((s) => /backtest\.worker/.test(s))).toBe(true);
  expect(pageErrors(page)).toEqual([]);
});

test('theme toggle persists, Ctrl/Cmd+Enter runs, the layout fits a 1280×720 laptop', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openStudio(page);
  await waitForMetrics(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'overview-dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await waitForMetrics(page);
  await screenshot(page, 'overview-light');

  // Nothing scrolls sideways and the run chart is on screen with the cards.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const chart = (await page.getByTestId('run-chart').boundingBox())!;
  expect(chart.y + 200).toBeLessThan(720);

  // The reload ran the same study again: it is still one saved run.
  await page.getByTestId('tab-runs').click();
  await expect(page.getByTestId('run-row')).toHaveCount(1);

  // Keyboard: Ctrl/Cmd+Enter from inside the editor runs an edited study (a second, distinct run).
  await setEditorText(page, (await editorText(page)).replace(/^initial_capital: \d+/m, 'initial_capital: 150000'));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByText('150,000.00').first()).toBeVisible({ timeout: 30_000 });
  await waitForMetrics(page);
  await page.getByTestId('tab-runs').click();
  await expect(page.getByTestId('run-row')).toHaveCount(2, { timeout: 30_000 });
  expect(pageErrors(page)).toEqual([]);
});
