import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { editorText, openStudio, pageErrors, screenshot, setEditorText, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

test('runs are kept across a reload; reopen, compare, delete, export and import', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page); // the first visit runs the default study
  const text = await editorText(page);
  await setEditorText(page, text.replace(/lookback: 20 /, 'lookback: 60 '));
  await expect(page.getByTestId('parse-status')).toHaveText('✓ valid');
  await page.keyboard.press('ControlOrMeta+Enter');
  await waitForMetrics(page);
  const secondReturn = await page.getByTestId('metric-totalReturn').locator('.metric-value').innerText();
  // Both runs are stored before the page goes away.
  await page.getByTestId('tab-runs').click();
  await expect(page.getByTestId('run-row')).toHaveCount(2);

  await page.reload();
  await waitForMetrics(page); // the reload runs the working text again: the same run, not saved twice
  await page.getByTestId('tab-runs').click();
  const rows = page.getByTestId('run-row');
  await expect(rows).toHaveCount(2);
  await screenshot(page, 'runs');

  // Compare two runs' equity curves.
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  await expect(page.getByTestId('compare-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('compare-table')).toContainText('Total return');
  await screenshot(page, 'runs-compare');

  // Reopen the newest (lookback 60): its metrics come back as they were.
  await rows.nth(0).getByTestId('reopen-run').click();
  await expect(page.getByTestId('metric-totalReturn').locator('.metric-value')).toHaveText(secondReturn);

  // Export one run and import it back as a new entry.
  await page.getByTestId('tab-runs').click();
  await rows.nth(1).getByRole('checkbox').uncheck();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-runs').click()]);
  const path = await download.path();
  await page.getByTestId('import-file').setInputFiles({ name: 'run.zip', mimeType: 'application/zip', buffer: readFileSync(path!) });
  await expect(rows).toHaveCount(3);

  // Delete one.
  await rows.first().getByTestId('delete-run').click();
  await expect(rows).toHaveCount(2);
  expect(pageErrors(page)).toEqual([]);
});
