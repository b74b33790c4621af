import { expect, test } from '@playwright/test';
import { openStudio, pageErrors, waitForMetrics } from './studio-helpers';

test.use({ viewport: { width: 1280, height: 720 } });

/** A Yahoo-style daily export: a rising sine so a momentum strategy trades several times. */
function yahooCsv(days: number): string {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < days; i++) {
    const c = 100 + i * 0.05 + 10 * Math.sin(i / 15);
    const o = c - 0.3;
    lines.push(`${new Date(start + i * 86_400_000).toISOString().slice(0, 10)},${o.toFixed(2)},${(c + 1).toFixed(2)},${(o - 1).toFixed(2)},${c.toFixed(2)},${c.toFixed(2)},1000`);
  }
  return lines.join('\n');
}

test('an imported CSV becomes a dataset the config runs on; a bad one says which line', async ({ page }) => {
  await openStudio(page);
  await waitForMetrics(page);
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'WAVE.csv', mimeType: 'text/csv', buffer: Buffer.from(yahooCsv(600)) });
  await expect(page.getByTestId('dataset-picker')).toHaveValue('csv:WAVE.csv');
  await expect(page.locator('.cm-content')).toContainText('source: csv:WAVE.csv');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-summary')).toContainText('csv:WAVE.csv');
  await waitForMetrics(page);
  expect(Number(await page.getByTestId('tab-trades').locator('.count').innerText())).toBeGreaterThan(0);

  const bad = yahooCsv(20).split('\n');
  bad[7] = '2020-01-07,1,2,x,1,1,1';
  await page.getByTestId('import-csv-file').setInputFiles({ name: 'BAD.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.join('\n')) });
  await expect(page.getByTestId('run-error')).toContainText('BAD.csv line 8');
  expect(pageErrors(page)).toEqual([]);
});
